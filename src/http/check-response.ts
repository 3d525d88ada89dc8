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
  /** Every registered service, sorted by name (`?verbose` only). */
  services?: HealthStatusBody[];
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
 * fail the overall check unless the code that owns `""` says so); `verbose` lists the rest.
 */
export function sendCheck(
  res: HealthResponse,
  registry: HealthRegistry,
  service: string,
  options: { verbose: boolean; text: boolean; head: boolean },
): void {
  const status: ServingStatus = registry.status(service) ?? 'SERVICE_UNKNOWN';
  const code = httpStatusFor(status);
  const services = options.verbose ? sortedStatuses(registry) : undefined;
  if (!options.text) {
    const body: HealthCheckBody = services ? { service, status, services } : { service, status };
    sendJson(res, code, body, options.head);
    return;
  }
  // Like Kubernetes' /readyz?verbose: one [+]/[-] line per service, then the verdict.
  const lines = (services ?? []).map(
    (entry) => `[${entry.status === 'SERVING' ? '+' : '-'}]${JSON.stringify(entry.service)} ${entry.status}`,
  );
  lines.push(`${JSON.stringify(service)} ${status}`);
  sendResponse(res, code, 'text/plain; charset=utf-8', `${lines.join('\n')}\n`, options.head);
}
