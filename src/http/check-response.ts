import type { HealthResponse } from './open-streams.js';
import type { HealthRegistry } from '../registry/health-registry.js';
import type { ServingStatus } from '../serving-status.js';
import { sendJson, sendResponse } from './send-response.js';

/** One service's status, as the JSON bodies and the event stream carry it. */
export interface HealthStatusBody {
  service: string;
  status: ServingStatus;
}

/** The JSON body of a Check; `services` only with `?verbose`. */
export interface HealthCheckBody extends HealthStatusBody {
  /** Every registered service, sorted by name, at most `maxVerboseServices` (`?verbose` only). */
  services?: HealthStatusBody[];
  /** How many services `services` leaves out, past `maxVerboseServices` (only when some are). */
  omittedServices?: number;
  /** How many of those are not SERVING (only when some are left out). */
  omittedNotServing?: number;
}

/** The HTTP status code for a health status: 200 SERVING, 503 NOT_SERVING, 404 unknown. */
export function httpStatusFor(status: ServingStatus): number {
  if (status === 'SERVING') return 200;
  if (status === 'NOT_SERVING') return 503;
  return 404;
}

/** Every registered service and its status, sorted by name (so `""` comes first). */
export function sortedStatuses(registry: HealthRegistry): HealthStatusBody[] {
  return [...registry.list()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, status]) => ({ service, status }));
}

/**
 * Answers a Check: the code follows the requested service only (a sick dependency does not
 * fail the overall check unless the code that owns `""` says so); `verbose` lists the rest,
 * at most `maxServices` of them (the first by name), saying how many it leaves out.
 */
export function sendCheck(
  res: HealthResponse,
  registry: HealthRegistry,
  service: string,
  options: { verbose: boolean; text: boolean; head: boolean; maxServices: number },
): void {
  const status: ServingStatus = registry.status(service) ?? 'SERVICE_UNKNOWN';
  const code = httpStatusFor(status);
  const body: HealthCheckBody = { service, status };
  if (options.verbose) {
    const all = sortedStatuses(registry);
    body.services = all.slice(0, options.maxServices);
    if (all.length > options.maxServices) {
      body.omittedServices = all.length - options.maxServices;
      body.omittedNotServing = all.slice(options.maxServices).filter((entry) => entry.status !== 'SERVING').length;
    }
  }
  if (!options.text) {
    sendJson(res, code, body, options.head);
    return;
  }
  // Like Kubernetes' /readyz?verbose: one [+]/[-] line per service, then the verdict.
  const lines = (body.services ?? []).map(
    (entry) => `[${entry.status === 'SERVING' ? '+' : '-'}]${JSON.stringify(entry.service)} ${entry.status}`,
  );
  if (body.omittedServices !== undefined) {
    lines.push(
      `[${body.omittedNotServing === 0 ? '+' : '-'}]${body.omittedServices} more services not listed, ` +
        `${body.omittedNotServing} of them not SERVING (maxVerboseServices is ${options.maxServices})`,
    );
  }
  lines.push(`${JSON.stringify(service)} ${status}`);
  sendResponse(res, code, 'text/plain; charset=utf-8', `${lines.join('\n')}\n`, options.head);
}
