import type { HealthGroupResult } from './health-group.js';
import type { HealthResponse } from './open-streams.js';
import { sendJson, sendResponse } from './send-response.js';

// A name as it appears on a text line: as it is when it cannot break the line format, else
// JSON-quoted (`""` is the server).
const SAFE_NAME = /^[\w.:/@-]+$/;
const lineName = (name: string) => (SAFE_NAME.test(name) ? name : JSON.stringify(name));

/**
 * Answers a probe the way Kubernetes' API server answers `/livez` and `/readyz`: 200 with
 * `ok` when it passes; with `verbose` (and always when it fails, with 503) a `[+]`/`[-]` line
 * per check, then `readyz check passed` or `readyz check failed`. `json` answers the same as
 * `{group, passed, checks, unmatchedExcludes}`.
 */
export function sendGroupResult(
  res: HealthResponse,
  result: HealthGroupResult,
  options: { verbose: boolean; json: boolean; head: boolean },
): void {
  const code = result.passed ? 200 : 503;
  if (options.json) {
    sendJson(res, code, result, options.head);
    return;
  }
  if (result.passed && !options.verbose) {
    sendResponse(res, code, 'text/plain; charset=utf-8', 'ok\n', options.head);
    return;
  }
  const lines = result.checks.map((check) => {
    const name = lineName(check.name);
    if (check.excluded) return `[+]${name} excluded: ok`;
    return check.ok ? `[+]${name} ok` : `[-]${name} failed: ${check.reason}`;
  });
  if (result.unmatchedExcludes.length > 0) {
    const names = result.unmatchedExcludes.map((name) => JSON.stringify(name)).join(', ');
    lines.push(`warn: some health checks cannot be excluded: no matches for ${names}`);
  }
  lines.push(`${result.group} check ${result.passed ? 'passed' : 'failed'}`);
  sendResponse(res, code, 'text/plain; charset=utf-8', `${lines.join('\n')}\n`, options.head);
}
