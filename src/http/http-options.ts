import { checkCount, checkOptionsObject, describeValue as describe } from '../option-checks.js';
import type { HealthRegistry } from '../registry/health-registry.js';
import type { HealthTimeline } from '../registry/health-timeline.js';
import { MAX_TIMER_MS } from '../timer-limit.js';
import { resolveGroup, type HealthGroup, type HealthGroupOptions } from './health-group.js';
import { normalizeBasePath } from './health-route.js';
import type { StatusStreamTimings } from './status-stream.js';

/** Options for {@link createHealthHttpHandler}. */
export interface HealthHttpOptions {
  /** Where the routes live. Default `'/healthz'`; `''` serves them from the root. */
  basePath?: string;
  /**
   * Serve the live status page at `{basePath}/ui`. Default `true`, or `false` with
   * `aggregateOnly` (the page lists every service, so the two cannot go together).
   */
  statusPage?: boolean;
  /**
   * The last changes the status page shows. Default: with the page on, a `HealthTimeline` of
   * 100 that this handler makes (it records from the handler's creation on, and holds one
   * `changes()` subscription for the handler's life); give one made next to the registry to
   * keep the start-up too. `false`: none.
   */
  timeline?: Pick<HealthTimeline, 'entries' | 'stop'> | false;
  /**
   * Serve only the server's overall status (`""`), never a service name: `{base}` answers
   * as always (with no `services` list under `?verbose`), the event stream `{base}/watch`
   * carries `""` only, and every route that names or lists services (`{base}/NAME`,
   * `?service=NAME`, `{base}/watch/NAME`, the status page) answers 404. For a port the
   * public can reach. Default `false`.
   */
  aggregateOnly?: boolean;
  /**
   * At most this many services in a `?verbose` answer (the first by name); past it, the
   * answer says how many it leaves out and how many of those are not SERVING, as List
   * refuses past its own cap. Default 100, the gRPC reference implementations' List cap.
   */
  maxVerboseServices?: number;
  /** Milliseconds between the comment lines that keep an idle event stream open. Default 15,000. */
  heartbeatIntervalMs?: number;
  /** Milliseconds an EventSource waits before it reconnects (the `retry:` field). Default 2,000. */
  retryMs?: number;
  /**
   * @deprecated The old name of {@link HealthHttpOptions.heartbeatIntervalMs} (every duration in
   * the API ends in `Ms`); accepted until the next minor version.
   */
  heartbeatInterval?: number;
  /**
   * @deprecated The old name of {@link HealthHttpOptions.retryMs}; accepted until the next
   * minor version.
   */
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

/** {@link HealthHttpOptions}, checked and with their defaults. */
export interface ResolvedHttpOptions {
  basePath: string;
  statusPage: boolean;
  aggregateOnly: boolean;
  maxVerboseServices: number;
  maxWatchers: number;
  timings: StatusStreamTimings;
  groups: HealthGroup[];
  /** The timeline given, `false` for none, `undefined` for the handler's own. */
  timeline: Pick<HealthTimeline, 'entries' | 'stop'> | false | undefined;
}

const API = 'createHealthHttpHandler()';

/**
 * Checks `createHealthHttpHandler`'s arguments when it is called, so that a bad one fails at
 * once with a TypeError (wrong kind) or RangeError (out of range) that names it.
 */
export function resolveHttpOptions(registry: HealthRegistry, options: HealthHttpOptions | undefined): ResolvedHttpOptions {
  if (!looksLikeRegistry(registry)) throw new TypeError(`${API}: registry must be a HealthRegistry, got ${describe(registry)}`);
  options = checkOptionsObject(API, options);
  const aggregateOnly = flag('aggregateOnly', options.aggregateOnly, false);
  const statusPage = flag('statusPage', options.statusPage, !aggregateOnly);
  if (aggregateOnly && statusPage) {
    throw new TypeError(`${API}: statusPage cannot be true with aggregateOnly: the page lists every service`);
  }
  const groups = [resolveGroup('livez', options.livez), resolveGroup('readyz', options.readyz)];
  const timeline = options.timeline;
  // NOTE: typed structurally, not instanceof, like the registry below.
  if (timeline !== undefined && timeline !== false && (typeof timeline?.entries !== 'function' || typeof timeline.stop !== 'function')) {
    throw new TypeError(`${API}: timeline must be a HealthTimeline or false`);
  }
  return {
    basePath: normalizeBasePath(options.basePath ?? '/healthz'),
    statusPage,
    aggregateOnly,
    maxVerboseServices: checkCount(API, 'maxVerboseServices', options.maxVerboseServices ?? 100, 0),
    maxWatchers: checkCount(API, 'maxWatchers', options.maxWatchers ?? Infinity, 0),
    timings: {
      heartbeatIntervalMs: duration(options, 'heartbeatIntervalMs', 'heartbeatInterval', 15_000),
      retryMs: duration(options, 'retryMs', 'retry', 2_000),
    },
    groups: groups.filter((group): group is HealthGroup => group !== undefined),
    timeline,
  };
}

// NOTE: duck-typed, not instanceof: the package may be loaded twice (ESM and CommonJS), and a
// registry made by one copy must work with the handler of the other.
function looksLikeRegistry(value: unknown): value is HealthRegistry {
  const registry = value as Partial<Record<'status' | 'list' | 'watch' | 'changes', unknown>> | null;
  return (
    typeof registry === 'object' && registry !== null &&
    ['status', 'list', 'watch', 'changes'].every((method) => typeof registry[method as 'status'] === 'function')
  );
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${API}: ${name} must be true or false, got ${describe(value)}`);
  return value;
}

// A duration under its name, or under the deprecated name it had before the `...Ms` rule.
function duration(
  options: HealthHttpOptions,
  name: 'heartbeatIntervalMs' | 'retryMs',
  deprecated: 'heartbeatInterval' | 'retry',
  fallback: number,
): number {
  const [value, old] = [options[name], options[deprecated]];
  if (value !== undefined && old !== undefined) {
    throw new TypeError(`${API}: give ${name} only; ${deprecated} is its deprecated name`);
  }
  if (old !== undefined) return milliseconds(deprecated, old);
  return milliseconds(name, value ?? fallback);
}

function milliseconds(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${API}: ${name} must be a number of milliseconds, got ${describe(value)}`);
  // setInterval fires at once for delays past MAX_TIMER_MS.
  if (!(value > 0 && value <= MAX_TIMER_MS)) {
    throw new RangeError(`${API}: ${name} must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${value}`);
  }
  return value;
}
