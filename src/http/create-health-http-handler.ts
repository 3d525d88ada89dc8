import type { HealthRegistry } from '../registry/health-registry.js';
import { MAX_TIMER_MS } from '../timer-limit.js';
import { sendCheck } from './check-response.js';
import { sendGroupResult } from './group-response.js';
import { evaluateGroup, resolveGroup, routeGroupRequest, type HealthGroup, type HealthGroupOptions } from './health-group.js';
import { normalizeBasePath, routeHealthRequest } from './health-route.js';
import { OpenStreams, type HealthRequest, type HealthResponse } from './open-streams.js';
import { sendJson, sendResponse } from './send-response.js';
import { buildStatusPage } from './status-page.js';
import { sendStreamHead, streamStatuses } from './status-stream.js';

/** Options for {@link createHealthHttpHandler}. */
export interface HealthHttpOptions {
  /** Where the routes live. Default `'/healthz'`; `''` serves them from the root. */
  basePath?: string;
  /** Serve the live status page at `{basePath}/ui`. Default `true`. */
  statusPage?: boolean;
  /** Milliseconds between the comment lines that keep an idle event stream open. Default 15,000. */
  heartbeatInterval?: number;
  /** Milliseconds an EventSource waits before it reconnects (the `retry:` field). Default 2,000. */
  retry?: number;
  /**
   * Event streams answer 503 (with `Retry-After`) while this handler already has this many
   * open, so that a flood of streams is refused instead of slowing every status change. Only
   * this handler's own event streams count: gRPC Watch calls, in-process subscriptions and
   * other handlers have budgets of their own, so HTTP clients can never lock them out.
   * Default: no limit.
   */
  maxWatchers?: number;
  /**
   * Liveness at `/livez` (outside `basePath`), answered as Kubernetes' API server answers it.
   * By default it requires no service (it passes while the process answers): a dependency
   * that is down or a drain must not make the kubelet restart the container. Name only
   * services that show the process itself is broken (and list them in the registry's
   * `livenessServices`, so that a drain leaves them alone). `false` turns it off.
   */
  livez?: HealthGroupOptions | false;
  /**
   * Readiness at `/readyz` (outside `basePath`): fails while the registry is shut down
   * (draining), and while any of `services` (default `[""]`, the server) is not SERVING.
   * `false` turns it off.
   */
  readyz?: HealthGroupOptions | false;
}

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
 * - `GET {base}/ui`: a live status page.
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
  const basePath = normalizeBasePath(options.basePath ?? '/healthz');
  const timings = {
    heartbeatInterval: positive('heartbeatInterval', options.heartbeatInterval ?? 15_000),
    retry: positive('retry', options.retry ?? 2_000),
  };
  const maxWatchers = options.maxWatchers ?? Infinity;
  if (!(maxWatchers >= 0)) {
    throw new RangeError(`createHealthHttpHandler(): maxWatchers must be a number of at least 0, got ${options.maxWatchers}`);
  }
  const page = options.statusPage === false ? undefined : buildStatusPage();
  const streams = new OpenStreams();
  const groups = [resolveGroup('livez', options.livez), resolveGroup('readyz', options.readyz)].filter(
    (group): group is HealthGroup => group !== undefined,
  );

  const handler = (req: HealthRequest, res: HealthResponse, next?: (error?: unknown) => void): void => {
    const target = req.url ?? '/';
    const route = routeGroupRequest(target, groups) ?? routeHealthRequest(target, basePath, page !== undefined);
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
        sendGroupResult(res, evaluateGroup(route.group, registry, route.exclude), { verbose: route.verbose, json, head });
        return;
      }
      case 'check':
        sendCheck(res, registry, route.service, { verbose: route.verbose, text: route.text, head });
        return;
      case 'watch':
        if (head) {
          sendStreamHead(res);
        } else if (streams.size >= maxWatchers) {
          sendJson(res, 503, { error: `too many watchers (maxWatchers is ${maxWatchers})` }, head, { 'retry-after': '5' });
        } else {
          streamStatuses(registry, req, res, route.service, timings, streams);
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
    }
  };
  return Object.defineProperty(handler, 'watcherCount', { get: () => streams.watching, enumerable: true }) as HealthHttpHandler;
}

function positive(name: string, value: number): number {
  // setInterval fires at once for delays past MAX_TIMER_MS.
  if (!(typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS)) {
    throw new RangeError(`createHealthHttpHandler(): ${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}
