import type { ServingStatus, SettableStatus } from '../serving-status.js';
import { isSettableStatus } from '../serving-status.js';
import { checkCount, checkOptionalFunction, checkOptionsObject, describeValue } from '../option-checks.js';
import { quoteServiceName } from '../quote-service-name.js';
import { checkServiceName } from './argument-checks.js';
import { initialStatuses, type InitialStatuses } from './initial-statuses.js';

const CONSTRUCTOR = 'new HealthRegistry()';

/** The name of the server as a whole. */
export const SERVER_SERVICE = '';

/** Options for `HealthRegistry`. */
export interface HealthRegistryOptions {
  /**
   * The status the whole server (`""`) starts with. Default `'SERVING'`; choose `'NOT_SERVING'`
   * to stay out of rotation until start-up work is done.
   */
  serverStatus?: SettableStatus;
  /**
   * Statuses to start with, as grpc-health-check's constructor takes them: an object
   * (`{ '': 'NOT_SERVING', db: 'SERVING' }`) or `[service, status]` pairs (a `Map`). `""` here
   * is the server's status (then leave out `serverStatus`). Default: none.
   *
   * @example
   * ```ts
   * const registry = new HealthRegistry({ statuses: { '': 'NOT_SERVING', 'app.Orders': 'SERVING' } });
   * ```
   */
  statuses?: InitialStatuses;
  /**
   * At most this many services may be registered (`""` included); `set` of one more throws a
   * RangeError. Default: no limit.
   */
  maxServices?: number;
  /**
   * The longest service name (in UTF-16 code units) that `set` and `bind` accept; a longer
   * one throws a RangeError. Check and List always reach every name held, whatever the
   * transport; a client asking for a longer name is told it is unknown (Check NOT_FOUND,
   * Watch SERVICE_UNKNOWN with the stream open), and such a watcher costs the registry no
   * state for its name. Default 4096; `Infinity` for no limit.
   */
  maxServiceNameLength?: number;
  /**
   * Told when a bound source fails or emits something that is not a status, or when a service
   * ran into a feedback loop (see `HealthRegistry.set`); the service is NOT_SERVING by
   * then. Default: `console.error`. `bind` can override it per binding.
   */
  onError?: (service: string, error: unknown) => void;
  /**
   * Services that answer a liveness probe ("is the process stuck?"): each is registered
   * SERVING at once, and `HealthRegistry.shutdown` leaves them alone, since a drain is no
   * reason for the kubelet to restart a container. Set or bind them only to what shows the
   * process itself is broken, never to a dependency. Default none. `""` cannot be one.
   *
   * @example
   * ```ts
   * const registry = new HealthRegistry({ livenessServices: ['liveness'] });
   * registry.shutdown();
   * registry.status('');         // 'NOT_SERVING': out of rotation
   * registry.status('liveness'); // 'SERVING': not restarted
   * ```
   */
  livenessServices?: readonly string[];
}

/** One change of one service's status, as `HealthRegistry.changes` reports it. */
export interface HealthChange {
  service: string;
  /** The status watchers now see (SERVICE_UNKNOWN when the service was cleared). */
  status: ServingStatus;
}

/** Options for `HealthRegistry.bind`. */
export interface BindOptions {
  /** Told when this source fails or emits something that is not a status. */
  onError?: (service: string, error: unknown) => void;
}

/** Counts for diagnostics and leak tests; see `HealthRegistry.stats`. */
export interface HealthRegistryStats {
  /** Services registered (what List returns), `""` included. */
  services: number;
  /**
   * Services held, registered or not (the name is from when each was an RxJS subject): a name
   * watched but not registered is held only while watched.
   */
  subjects: number;
  /** Live subscriptions made through `watch()`, over all services. */
  watchers: number;
  /** Services whose status follows a bound source. */
  bindings: number;
}


/** {@link HealthRegistryOptions}, checked, with their defaults. */
export interface RegistrySettings {
  serverStatus: SettableStatus;
  maxServices: number;
  maxNameLength: number;
  onError: (service: string, error: unknown) => void;
  liveness: ReadonlySet<string>;
  /** The named services of the `statuses` option, to set after `""` and the liveness services. */
  initial: Array<[string, SettableStatus]>;
}

/**
 * Checks the registry's options and fills in defaults.
 *
 * @throws TypeError or RangeError naming the option, for options that are not an object or an
 * option of the wrong type or out of range.
 */
export function registrySettings(options: HealthRegistryOptions | undefined): RegistrySettings {
  const given = checkOptionsObject(CONSTRUCTOR, options);
  const initial = initialStatuses(given.statuses);
  const initialServer = initial.find(([service]) => service === SERVER_SERVICE);
  if (initialServer !== undefined && given.serverStatus !== undefined) {
    throw new TypeError(`${CONSTRUCTOR}: serverStatus and statuses[""] both set the server's status; give one`);
  }
  const serverStatus = initialServer?.[1] ?? given.serverStatus ?? 'SERVING';
  if (!isSettableStatus(serverStatus)) {
    throw new TypeError(`${CONSTRUCTOR}: serverStatus must be 'SERVING' or 'NOT_SERVING', got ${describeValue(serverStatus)}`);
  }
  const maxServices = checkCount(CONSTRUCTOR, 'maxServices', given.maxServices ?? Infinity, 1);
  const maxNameLength = checkCount(CONSTRUCTOR, 'maxServiceNameLength', given.maxServiceNameLength ?? 4096, 0);
  checkOptionalFunction(CONSTRUCTOR, 'onError', given.onError);
  const onError =
    given.onError ??
    ((service: string, error: unknown) =>
      console.error(`livery-grpc-health: ${quoteServiceName(service)} failed; it is NOT_SERVING now:`, error));
  return {
    serverStatus,
    maxServices,
    maxNameLength,
    onError,
    liveness: livenessServices(given.livenessServices),
    initial: initial.filter(([service]) => service !== SERVER_SERVICE),
  };
}

function livenessServices(services: readonly string[] | undefined): ReadonlySet<string> {
  if (services === undefined) return new Set();
  if (!Array.isArray(services)) throw new TypeError('HealthRegistry: livenessServices must be an array of service names');
  for (const service of services) {
    checkServiceName('constructor', service);
    if (service === SERVER_SERVICE) {
      throw new TypeError('HealthRegistry: livenessServices cannot hold "", the server as a whole: a drain must take it out of rotation');
    }
  }
  return new Set(services);
}

/** `bind`'s options, checked: the binding's own `onError`, if any. */
export function bindErrorHandler(options: BindOptions | undefined): ((service: string, error: unknown) => void) | undefined {
  const { onError } = checkOptionsObject('HealthRegistry.bind()', options);
  checkOptionalFunction('HealthRegistry.bind()', 'onError', onError);
  return onError;
}
