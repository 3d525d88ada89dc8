import type { OutgoingHttpHeaders } from 'node:http';
import type { HealthResponse } from './open-streams.js';

/** Headers every response of the bridge carries: health is never cached, never sniffed. */
export const COMMON_HEADERS: OutgoingHttpHeaders = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/**
 * Ends `res` with a complete body (or, for HEAD, only the headers the body would have).
 */
export function sendResponse(
  res: HealthResponse,
  statusCode: number,
  contentType: string,
  body: string,
  head: boolean,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(statusCode, {
    ...COMMON_HEADERS,
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  });
  if (head) res.end();
  else res.end(body);
}

/** A JSON body, with a newline so that `curl` output ends cleanly. */
export function sendJson(
  res: HealthResponse,
  statusCode: number,
  value: unknown,
  head: boolean,
  headers?: OutgoingHttpHeaders,
): void {
  sendResponse(res, statusCode, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`, head, headers);
}
