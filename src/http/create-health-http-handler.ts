import type { HealthRegistry } from '../registry/health-registry.js';
import { HealthTimeline } from '../registry/health-timeline.js';
import { sendCheck } from './check-response.js';
import { sendGroupResult } from './group-response.js';
import { evaluateGroup, onlyCheck, routeGroupRequest } from './health-group.js';
import { routeHealthRequest, type HealthRoute } from './health-route.js';
import { resolveHttpOptions, type HealthHttpOptions } from './http-options.js';
import { OpenStreams, type HealthRequest, type HealthResponse } from './open-streams.js';
import { sendJson, sendResponse } from './send-response.js';
import { buildStatusPage } from './status-page.js';
import { sendStreamHead, streamStatuses } from './status-stream.js';

/**
 * A `node:http` request listener that is also Express/Connect-style middleware: requests
 * outside the base path go to `next()` when given, else get a 404.
 */
export interface HealthHttpHandler {
  (req: HealthRequest, res: HealthResponse, next?: (error?: unknown) => void): void;
  /**
   * The registry watches this handler's event streams hold open right now (one per stream
   * that has started): for metrics, e.g. `instrumentHealth(registry, { watchers: { http: handler } })`.
   */
  readonly watcherCount: number;
}

/**
 * Serves `registry` over HTTP for probes that do not speak gRPC, and for people.
 *
 * - `GET {base}` (the server, `""`) and `GET {base}/NAME` (URL-decoded; `{base}?service=NAME`
 *   for any name): 200 SERVING, 503 NOT_SERVING, 404 unknown, with a JSON body
 *   `{"service":"db","status":"SERVING"}`. `?verbose` adds `services`, every registered
 *   service; `?format=text` answers in text, like Kubernetes' `/readyz?verbose`.
 * - `GET {base}/watch` (every service) and `GET {base}/watch/NAME` (one): Server-Sent Events,
 *   a `status` event per service, `ready`, then a `status` event per change, latest value per
 *   service when the client reads slowly; they end when `registry.endWatches()` is called.
 * - `GET {base}/ui` (or `{base}/ui/`): a live status page: each service with since when, a
 *   banner while the registry is shut down (draining), the last changes.
 * - `GET /livez` and `GET /readyz`: liveness and readiness over groups of services (see the
 *   options), in Kubernetes' shape: `ok`, or with `?verbose` (and on failure) a line per check,
 *   `[+]db ok` / `[-]cache failed: NOT_SERVING`, then `readyz check passed` / `failed`;
 *   `?exclude=NAME` (repeatable) leaves a check out, `?format=json` answers in JSON.
 *
 * HEAD works wherever GET does; other methods get 405 with `Allow: GET, HEAD`. Nothing is
 * cached (`Cache-Control: no-store`).
 *
 * @example
 * ```ts
 * http.createServer(createHealthHttpHandler(registry)).listen(8080); // GET /healthz/db
 * app.use(createHealthHttpHandler(registry)); // Express: other paths go on to next()
 * ```
 */
export function createHealthHttpHandler(registry: HealthRegistry, options: HealthHttpOptions = {}): HealthHttpHandler {
  const { basePath, timings, maxWatchers, maxVerboseServices, aggregateOnly, groups, timeline: given, ...rest } = resolveHttpOptions(
    registry,
    options,
  );
  const page = rest.statusPage ? buildStatusPage() : undefined;
  // The page's "recent changes": the one given, else (with the page on) one of this handler's own.
  const timeline = given === false ? undefined : (given ?? (page && new HealthTimeline(registry)));
  const streams = new OpenStreams();

  const handler = (req: HealthRequest, res: HealthResponse, next?: (error?: unknown) => void): void => {
    const target = req.url ?? '/';
    const found = routeGroupRequest(target, groups) ?? routeHealthRequest(target, basePath, page !== undefined);
    const route = aggregateOnly && found?.kind !== 'group' ? onlyTheAggregate(found) : found;
    if (route === undefined) {
      if (next) next();
      else sendJson(res, 404, { error: 'not found' }, req.method === 'HEAD');
      return;
    }
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      sendJson(res, 405, { error: `method ${req.method} is not allowed; use GET or HEAD` }, false, {
        allow: 'GET, HEAD',
      });
      return;
    }
    switch (route.kind) {
      case 'group': {
        const json = route.json || /\bapplication\/json\b/.test(String(req.headers.accept ?? ''));
        const all = evaluateGroup(route.group, registry, route.exclude);
        const result = route.only === undefined ? all : onlyCheck(all, route.only);
        if (result === undefined) {
          sendResponse(res, 404, 'text/plain; charset=utf-8', `${route.group.name} has no check named ${JSON.stringify(route.only)}\n`, head);
        } else {
          sendGroupResult(res, result, { verbose: route.verbose, json, head });
        }
        return;
      }
      case 'check':
        sendCheck(res, registry, route.service, { verbose: route.verbose, text: route.text, head, maxServices: maxVerboseServices });
        return;
      case 'watch':
        if (head) {
          sendStreamHead(res);
        } else if (streams.size >= maxWatchers) {
          sendJson(res, 503, { error: `too many watchers (maxWatchers is ${maxWatchers})` }, head, { 'retry-after': '5' });
        } else {
          streamStatuses(registry, req, res, route.service, timings, streams, timeline);
        }
        return;
      case 'page':
        sendResponse(res, 200, 'text/html; charset=utf-8', page!.html, head, {
          'content-security-policy': page!.contentSecurityPolicy,
          'referrer-policy': 'no-referrer',
        });
        return;
      case 'bad-request':
        sendJson(res, 400, { error: route.reason }, head);
        return;
      case 'hidden':
        sendJson(res, 404, { error: 'not found: this endpoint serves only the overall status' }, head);
        return;
    }
  };
  return Object.defineProperty(handler, 'watcherCount', { get: () => streams.watching, enumerable: true }) as HealthHttpHandler;
}

/**
 * With `aggregateOnly`: what a route becomes when no service name may be revealed. `""` stays
 * (without the `?verbose` list), the stream of every service becomes the stream of `""`, and a
 * route that names a service is hidden.
 */
function onlyTheAggregate(route: HealthRoute | undefined): HealthRoute | { kind: 'hidden' } | undefined {
  if (route === undefined || route.kind === 'bad-request') return route;
  if (route.kind === 'check' && route.service === '') return { ...route, verbose: false };
  if (route.kind === 'watch' && (route.service ?? '') === '') return { kind: 'watch', service: '' };
  return { kind: 'hidden' };
}
