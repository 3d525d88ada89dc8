import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import { isSettableStatus, type ServingStatus, type SettableStatus } from '../serving-status.js';
import { checkServiceName, checkSettableStatus } from './argument-checks.js';
import { ATTACH_WATCHER, type StatusWatcher, type WatchedService } from './attach-watcher.js';
import { checkCount, checkOptionalFunction, checkOptionsObject, describeValue } from '../option-checks.js';
import { quoteServiceName } from '../quote-service-name.js';
import { reportSafely } from './report-safely.js';
import { MAX_PUBLISH_ROUNDS, ServiceEntry, type PublishOutcome } from './service-entry.js';
import { StatusBindings, type BindableStatus } from './status-bindings.js';
import { WatchObservable } from './watch-observable.js';

const CONSTRUCTOR = 'new HealthRegistry()';

/** The name of the server as a whole. */
export const SERVER_SERVICE = '';

/** Options for {@link HealthRegistry}. */
export interface HealthRegistryOptions {
  /**
   * The status the whole server (`""`) starts with. Default `'SERVING'`; choose `'NOT_SERVING'`
   * to stay out of rotation until start-up work is done.
   */
  serverStatus?: SettableStatus;
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
   * ran into a feedback loop (see {@link HealthRegistry.set}); the service is NOT_SERVING by
   * then. Default: `console.error`. `bind` can override it per binding.
   */
  onError?: (service: string, error: unknown) => void;
  /**
   * Services that answer a liveness probe ("is the process stuck?"): each is registered
   * SERVING at once, and {@link HealthRegistry.shutdown} leaves them alone, since a drain is no
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

/** One change of one service's status, as {@link HealthRegistry.changes} reports it. */
export interface HealthChange {
  service: string;
  /** The status watchers now see (SERVICE_UNKNOWN when the service was cleared). */
  status: ServingStatus;
}

/** Options for {@link HealthRegistry.bind}. */
export interface BindOptions {
  /** Told when this source fails or emits something that is not a status. */
  onError?: (service: string, error: unknown) => void;
}

/** Counts for diagnostics and leak tests; see {@link HealthRegistry.stats}. */
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

/**
 * The health of a server and its services, each a status that `watch()` turns into an Observable
 * which, like a `BehaviorSubject`, gives the current status first.
 *
 * `""` is the whole server and starts SERVING. A named service is unknown until `set`.
 *
 * @example
 * ```ts
 * const registry = new HealthRegistry();
 * registry.watch('db').subscribe((status) => console.log(status));
 * // SERVICE_UNKNOWN
 * registry.set('db', 'SERVING');
 * // SERVING
 * registry.status('db'); // 'SERVING'
 * ```
 */
export class HealthRegistry {
  readonly #entries = new Map<string, ServiceEntry>();
  readonly #changes = new Subject<HealthChange>();
  readonly #bindings: StatusBindings;
  readonly #onError: (service: string, error: unknown) => void;
  readonly #maxServices: number;
  readonly #liveness: ReadonlySet<string>;
  readonly #maxNameLength: number;
  // The watchers of names too long to be registered share this entry: it stays SERVICE_UNKNOWN,
  // so such a watcher keeps no name and no subject of its own. Made on first use.
  #unregistrable: ServiceEntry | undefined = undefined;
  #registered = 0;
  // How many publishes are running inside each other now (see MAX_CASCADE_DEPTH).
  #depth = 0;
  #watchers = 0;
  #shutdown = false;
  #watchesEnded = false;
  readonly #shutdownState = new BehaviorSubject(false);
  #tellingShutdown = false;

  /**
   * @throws TypeError or RangeError naming the option, for options that are not an object or an
   * option of the wrong type or out of range.
   */
  constructor(options: HealthRegistryOptions = {}) {
    const given = checkOptionsObject(CONSTRUCTOR, options);
    const serverStatus = given.serverStatus ?? 'SERVING';
    if (!isSettableStatus(serverStatus)) {
      throw new TypeError(`${CONSTRUCTOR}: serverStatus must be 'SERVING' or 'NOT_SERVING', got ${describeValue(serverStatus)}`);
    }
    this.#maxServices = checkCount(CONSTRUCTOR, 'maxServices', given.maxServices ?? Infinity, 1);
    this.#maxNameLength = checkCount(CONSTRUCTOR, 'maxServiceNameLength', given.maxServiceNameLength ?? 4096, 0);
    checkOptionalFunction(CONSTRUCTOR, 'onError', given.onError);
    this.#onError =
      given.onError ??
      ((service: string, error: unknown) =>
        console.error(`livery-grpc-health: ${quoteServiceName(service)} failed; it is NOT_SERVING now:`, error));
    this.#bindings = new StatusBindings(
      (service, status) => cascadeError(service, this.#apply(service, status), 'binding'),
      this.#onError,
    );
    this.#liveness = livenessServices(options.livenessServices);
    this.set(SERVER_SERVICE, serverStatus);
    for (const service of this.#liveness) this.set(service, 'SERVING');
  }

  /**
   * Sets a service's status and pushes it to the service's watchers (if it changed).
   * While the registry is shut down the change is only remembered, for {@link resume}.
   *
   * A watcher (a binding, a `changes()` subscriber) may set statuses from inside its
   * notification. When those sets keep one service from settling (two bindings that contradict
   * each other: `b` follows `a`, `a` is not `b`), the set that starts its 100th round within
   * one outermost `set` closes a feedback loop: the service turns NOT_SERVING, that set is
   * ignored (a binding's ends), the loop is reported to `onError`, and the outermost `set`
   * returns; further sets of that service inside the same cascade are ignored. A set that
   * would nest 101 publishes inside each other (a watcher that sets a new name for every
   * change) is refused and reported the same way, and changes nothing.
   *
   * @throws TypeError for a non-string name or a status other than SERVING / NOT_SERVING;
   * RangeError for a name longer than `maxServiceNameLength`, or one service past `maxServices`.
   */
  set(service: string, status: SettableStatus): void {
    checkServiceName('set', service);
    checkSettableStatus('set', status);
    this.#checkNameLength('set', service);
    const error = cascadeError(service, this.#apply(service, status), 'set()');
    if (error !== undefined) reportSafely(this.#onError, service, error);
  }

  // `set` after its checks, and what bindings call. Says when this set closed a feedback loop
  // (see ServiceEntry.publish), or was refused for nesting too deep (see MAX_CASCADE_DEPTH).
  #apply(service: string, status: SettableStatus): CascadeTrouble | undefined {
    const entry = this.#entry(service);
    if (this.#depth >= MAX_CASCADE_DEPTH && !entry.publishing && !(this.#shutdown && !this.#liveness.has(service))) {
      this.#forgetIfUnused(service, entry);
      return 'too-deep';
    }
    if (entry.desired === undefined) {
      if (this.#registered >= this.#maxServices) {
        this.#forgetIfUnused(service, entry);
        throw new RangeError(`HealthRegistry.set(): ${this.#maxServices} services are registered, the most maxServices allows`);
      }
      this.#registered++;
    }
    entry.desired = status;
    if (this.#shutdown && !this.#liveness.has(service)) return undefined;
    entry.visible = true;
    return this.#publish(service, entry, status) ? 'loop' : undefined;
  }

  /**
   * The status Check reports: `undefined` for a service that is not registered (a named
   * service never set, or cleared).
   */
  status(service: string): SettableStatus | undefined {
    checkServiceName('status', service);
    if (service.length > this.#maxNameLength) return undefined; // never registered: no need to hash it
    const entry = this.#entries.get(service);
    return entry?.visible ? (entry.status as SettableStatus) : undefined;
  }

  /**
   * The service's status as an Observable: the current status at once (SERVICE_UNKNOWN while
   * not registered), then every change, never the same status twice in a row. It never
   * completes; unsubscribe to stop. A name watched but never set holds memory only while watched.
   */
  watch(service: string): Observable<ServingStatus> {
    checkServiceName('watch', service);
    return new WatchObservable((watcher) => this.#attach(service, watcher));
  }

  static {
    // NOTE: the Watch fast path (see attach-watcher.ts) is installed here rather than declared,
    // so that no internal member shows in the public types; a static block still reaches #attach.
    Object.defineProperty(HealthRegistry.prototype, ATTACH_WATCHER, {
      value: function attach(this: HealthRegistry, service: string, watcher: StatusWatcher): WatchedService {
        return this.#attach(service, watcher);
      },
    });
  }

  /**
   * Every change of every service's status, as `{service, status}`, after the service's own
   * watchers have been told: for logs and metrics. Nothing is replayed on subscribe; use
   * {@link list} for the current state. It never completes.
   */
  changes(): Observable<HealthChange> {
    return this.#changes.asObservable();
  }

  /**
   * Makes a service's status follow `source` (`true` is SERVING; `false`, UNKNOWN and
   * SERVICE_UNKNOWN are NOT_SERVING) until the returned Subscription is unsubscribed,
   * {@link unbind} or {@link clear} is called, or the source completes. Binding a bound
   * service replaces its binding. An error from the source, or a value that is not a status,
   * sets NOT_SERVING and goes to `onError` (the option here, else the registry's), never to
   * the caller of `set`; an error also ends the binding, and so does a `set` that throws.
   * {@link shutdown} wins: while shut down, the source's statuses are remembered for
   * {@link resume} like any `set`.
   *
   * @example
   * ```ts
   * const subscription = registry.bind('db', probe(() => pool.query('select 1'), { intervalMs: 5_000 }));
   * registry.bind('', allServing(registry, ['db', 'cache'])); // "" follows its dependencies
   * ```
   */
  bind(service: string, source: Observable<BindableStatus>, options: BindOptions = {}): Subscription {
    checkServiceName('bind', service);
    this.#checkNameLength('bind', service);
    if (source === null || typeof (source as Partial<Observable<unknown>>)?.subscribe !== 'function') {
      throw new TypeError('HealthRegistry.bind(): source must be an Observable');
    }
    const { onError } = checkOptionsObject('HealthRegistry.bind()', options);
    checkOptionalFunction('HealthRegistry.bind()', 'onError', onError);
    return this.#bindings.bind(service, source, onError);
  }

  /** Ends the service's binding; its status stays where the source left it. */
  unbind(service: string): boolean {
    checkServiceName('unbind', service);
    return this.#bindings.unbind(service);
  }

  /**
   * Ends every binding (bound probes stop); statuses stay where their sources left them.
   * Returns how many there were. A graceful drain calls it once the server has stopped.
   */
  unbindAll(): number {
    return this.#bindings.unbindAll();
  }

  /**
   * Forgets a named service: Check answers NOT_FOUND again, List leaves it out, and its
   * watchers get SERVICE_UNKNOWN. While shut down, it takes effect at {@link resume}.
   *
   * @throws TypeError for a non-string name, or for `""`: the server as a whole is always
   * registered (set it to NOT_SERVING instead).
   */
  clear(service: string): void {
    checkServiceName('clear', service);
    if (service === SERVER_SERVICE) {
      throw new TypeError(
        `HealthRegistry.clear(): the server's own status "" cannot be cleared; set it to 'NOT_SERVING' instead`,
      );
    }
    this.#bindings.unbind(service);
    const entry = this.#entries.get(service);
    if (entry === undefined || entry.desired === undefined) return;
    entry.desired = undefined;
    this.#registered--;
    if (!this.#shutdown || this.#liveness.has(service)) {
      entry.visible = false;
      if (this.#publish(service, entry, 'SERVICE_UNKNOWN')) {
        reportSafely(this.#onError, service, cascadeError(service, 'loop', 'clear()'));
      }
    }
    this.#forgetIfUnused(service, entry);
  }

  /**
   * Enters the terminal state (grpc-go's `Shutdown`): every registered service turns
   * NOT_SERVING and its watchers are told at once. Until {@link resume}, `set` and `clear`
   * change nothing that Check, List or watchers see; they are remembered instead. The
   * `livenessServices` option names services it leaves alone.
   */
  shutdown(): void {
    if (this.#shutdown) return;
    this.#shutdown = true;
    for (const [service, entry] of this.#entries) {
      // NOTE: a watcher may resume() from inside its notification; resume() then publishes
      // every service itself, and going on here would leave them NOT_SERVING.
      if (!this.#shutdown) break;
      if (entry.visible && !this.#liveness.has(service)) entry.publish('NOT_SERVING'); // cannot loop: sets only remember while shut down
    }
    this.#tellShutdown();
  }

  /**
   * Leaves the terminal state. Unlike grpc-go (which sets everything SERVING), every service
   * returns to the status it was last `set` to, including sets and clears made while shut
   * down, so resuming never reports a sick dependency as healthy.
   */
  resume(): void {
    if (!this.#shutdown) return;
    this.#shutdown = false;
    this.#watchesEnded = false;
    for (const [service, entry] of this.#entries) {
      if (this.#shutdown) break; // a watcher shut it down again: see shutdown()
      entry.visible = entry.desired !== undefined;
      if (this.#publish(service, entry, entry.desired ?? 'SERVICE_UNKNOWN')) {
        reportSafely(this.#onError, service, cascadeError(service, 'loop', 'resume()'));
      }
      this.#forgetIfUnused(service, entry);
    }
    this.#tellShutdown();
  }

  /**
   * Ends every open watch: in-process Observables complete, and gRPC Watch streams end with
   * status OK once their newest status is sent, so that a server's graceful shutdown need not
   * wait for them. While the registry is shut down, watches opened afterwards also end right
   * after their first status, until {@link resume}.
   *
   * @example
   * ```ts
   * registry.shutdown();          // watchers see NOT_SERVING
   * await drainDelay();           // load balancers stop sending traffic
   * registry.endWatches();        // Watch streams end
   * await server.shutdown();      // returns once in-flight calls are done
   * ```
   */
  endWatches(): void {
    if (this.#shutdown) this.#watchesEnded = true;
    for (const entry of this.#entries.values()) {
      if (entry.watchers > 0) entry.endWatchers();
    }
    if (this.#unregistrable !== undefined && this.#unregistrable.watchers > 0) this.#unregistrable.endWatchers();
  }

  /** Live subscriptions made through {@link watch}, over all services. O(1). */
  get watcherCount(): number {
    return this.#watchers;
  }

  /** Whether {@link shutdown} is in force. */
  get isShutdown(): boolean {
    return this.#shutdown;
  }

  /**
   * Whether the registry is shut down, as an Observable: the current state at once, then
   * `true` after each {@link shutdown} and `false` after each {@link resume}, once the services'
   * watchers have been told. For a status page or a log line that must tell a drain from every
   * service failing. It never completes.
   */
  watchShutdown(): Observable<boolean> {
    return this.#shutdownState.asObservable();
  }

  /**
   * When the status Check reports for `service` last changed, in milliseconds since the epoch
   * (`Date.now()`): the "since" of a status page. `undefined` when the service is not
   * registered. For `""`, the registry's creation until its status first changes. A shutdown
   * or resume that changes a service's status changes this too.
   */
  changedAt(service: string): number | undefined {
    checkServiceName('changedAt', service);
    const entry = this.#entries.get(service);
    return entry?.visible ? entry.changedAt : undefined;
  }

  // NOTE: a subscriber may shutdown() or resume() from inside its notification. The outermost
  // call delivers until every subscriber has the newest state (as ServiceEntry.publish does);
  // a subscriber that keeps flipping it is cut off after MAX_PUBLISH_ROUNDS.
  #tellShutdown(): void {
    if (this.#tellingShutdown) return;
    this.#tellingShutdown = true;
    try {
      for (let round = 0; this.#shutdownState.value !== this.#shutdown && round < MAX_PUBLISH_ROUNDS; round++) {
        this.#shutdownState.next(this.#shutdown);
      }
    } finally {
      this.#tellingShutdown = false;
    }
  }

  /** A snapshot of every registered service and the status Check would report for it. */
  list(): Map<string, SettableStatus> {
    const snapshot = new Map<string, SettableStatus>();
    for (const [service, entry] of this.#entries) {
      if (entry.visible) snapshot.set(service, entry.status as SettableStatus);
    }
    return snapshot;
  }

  /** Counts of services, services held, watchers and bindings: for metrics, and to prove nothing leaks. */
  stats(): HealthRegistryStats {
    let services = 0;
    let watchers = 0;
    for (const entry of this.#entries.values()) {
      if (entry.visible) services++;
      watchers += entry.watchers;
    }
    watchers += this.#unregistrable?.watchers ?? 0;
    return { services, subjects: this.#entries.size, watchers, bindings: this.#bindings.size };
  }

  #attach(service: string, watcher: StatusWatcher): WatchedService {
    const entry = service.length > this.#maxNameLength ? this.#unregistrableEntry() : this.#entry(service);
    if (this.#watchesEnded) {
      watcher.next(entry.status);
      watcher.complete();
      this.#forgetIfUnused(service, entry);
      return ENDED;
    }
    this.#watchers++;
    entry.attach(watcher);
    return entry;
  }


  // Publishes through the entry. When the publish is part of a feedback loop, the service is left
  // registered and NOT_SERVING (what its watchers are told last); true when this publish
  // closed the loop, for the caller to report.
  #publish(service: string, entry: ServiceEntry, status: ServingStatus): boolean {
    this.#depth++;
    let outcome: PublishOutcome;
    try {
      outcome = entry.publish(status);
    } finally {
      this.#depth--;
    }
    if (outcome === 'published') return false;
    if (entry.desired === undefined) this.#registered++;
    entry.desired = 'NOT_SERVING';
    entry.visible = true;
    return outcome === 'loop';
  }

  #unregistrableEntry(): ServiceEntry {
    return (this.#unregistrable ??= new ServiceEntry('SERVICE_UNKNOWN', () => {}, () => this.#watchers--));
  }

  #checkNameLength(method: string, service: string): void {
    if (service.length > this.#maxNameLength) {
      throw new RangeError(
        `HealthRegistry.${method}(): the service name is ${service.length} characters long, longer than ` +
          `maxServiceNameLength (${this.#maxNameLength})`,
      );
    }
  }

  #entry(service: string): ServiceEntry {
    return this.#entries.get(service) ?? this.#createEntry(service);
  }

  // NOTE: apart from #entry, so that the closure's context is made once per service, not on
  // every set (V8 allocates it on entry to any function that declares a capturing closure).
  #createEntry(service: string): ServiceEntry {
    const entry: ServiceEntry = new ServiceEntry(
      'SERVICE_UNKNOWN',
      (status) => {
        // NOTE: an entry forgotten while it was still notifying (a changes() subscriber that
        // cleared and set the service again) must not report its older status last.
        if (this.#changes.observed && this.#entries.get(service) === entry) this.#changes.next({ service, status });
      },
      () => {
        this.#watchers--;
        this.#forgetIfUnused(service, entry);
      },
    );
    this.#entries.set(service, entry);
    return entry;
  }

  #forgetIfUnused(service: string, entry: ServiceEntry): void {
    if (entry.disposable && this.#entries.get(service) === entry) this.#entries.delete(service);
  }
}

/**
 * How deep publishes may nest: a set made from inside a notification, of a service not being
 * published already, that would start the 101st nested publish is refused.
 *
 * NOTE: a cascade that never comes back to a service (a `changes()` subscriber that sets a new
 * name for every change it sees) never loops, it recurses: the stack overflowed at ~700 levels,
 * inside an RxJS callback, which crashed the process. Real chains of bindings are a few deep.
 */
const MAX_CASCADE_DEPTH = 100;

/** What can go wrong in a cascade of sets: see ServiceEntry.publish and MAX_CASCADE_DEPTH. */
type CascadeTrouble = 'loop' | 'too-deep';

/** The error a cascade's trouble is reported with; `caller` is what made the change. */
function cascadeError(service: string, trouble: CascadeTrouble | undefined, caller: string): Error | undefined {
  if (trouble === undefined) return undefined;
  const what = caller === 'binding' ? 'has ended' : 'was ignored';
  if (trouble === 'too-deep') {
    return new Error(
      `HealthRegistry: setting ${quoteServiceName(service)} would nest ${MAX_CASCADE_DEPTH + 1} sets inside each other ` +
        `(a watcher that sets another service from every notification, without end?); nothing changed, and the ${caller} ` +
        `that set it ${what}`,
    );
  }
  return new Error(
    `HealthRegistry: ${quoteServiceName(service)} changed ${MAX_PUBLISH_ROUNDS} times within one set() without ` +
      `settling, a feedback loop (say, two bindings that contradict each other); it is NOT_SERVING now, and the ${caller} ` +
      `that closed it ${what}`,
  );
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

// What a watch that ended as it began is attached to: there is nothing to leave.
const ENDED: WatchedService = Object.freeze({ detach() {} });
