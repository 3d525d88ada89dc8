import { Subject, type Observable, type Subscription } from 'rxjs';
import type { ServingStatus, SettableStatus } from '../serving-status.js';
import { checkServiceName, checkSettableStatus } from './argument-checks.js';
import { ATTACH_WATCHER, type StatusWatcher, type WatchedService } from './attach-watcher.js';
import { reportSafely } from './report-safely.js';
import { cascadeError } from './cascade-error.js';
import { ChangeClock } from './change-clock.js';
import { ServiceEntry, type CascadeTrouble, type EntryOwner } from './service-entry.js';
import { ShutdownState } from './shutdown-state.js';
import { StatusBindings, type BindableStatus } from './status-bindings.js';
import { WatchObservable } from './watch-observable.js';
import {
  SERVER_SERVICE,
  bindErrorHandler,
  registrySettings,
  type BindOptions,
  type HealthChange,
  type HealthRegistryOptions,
  type HealthRegistryStats,
} from './registry-options.js';

export {
  SERVER_SERVICE,
  type BindOptions,
  type HealthChange,
  type HealthRegistryOptions,
  type HealthRegistryStats,
} from './registry-options.js';

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
  // so such a watcher keeps no name and no entry of its own. Made on first use.
  #unregistrable: ServiceEntry | undefined = undefined;
  // Services registered (set and not cleared): what maxServices limits.
  #registered = 0;
  // Watchers attached, over every entry (the unregistrable one included): what watcherCount
  // and stats() report. Each entry's own count is its list's length; this is their sum, kept
  // so that reading it costs O(1).
  #watchers = 0;
  readonly #clock = new ChangeClock();
  // What every entry reports to: the registry's side of their state machines.
  readonly #owner: EntryOwner = {
    depth: 0,
    changed: (entry, status) => {
      // NOTE: an entry forgotten while it was still notifying (a changes() subscriber that
      // cleared and set the service again) must not report its older status last.
      if (this.#changes.observed && this.#entries.get(entry.service) === entry) {
        this.#changes.next({ service: entry.service, status });
      }
    },
    registered: (change) => void (this.#registered += change),
    released: (entry) => {
      this.#watchers--;
      this.#forgetIfUnused(entry);
    },
    now: () => this.#clock.now(),
  };
  #shutdown = false;
  #watchesEnded = false;
  readonly #shutdownState = new ShutdownState();

  /**
   * @throws TypeError or RangeError naming the option, for options that are not an object or an
   * option of the wrong type or out of range.
   */
  constructor(options: HealthRegistryOptions = {}) {
    const settings = registrySettings(options);
    this.#maxServices = settings.maxServices;
    this.#maxNameLength = settings.maxNameLength;
    this.#onError = settings.onError;
    this.#liveness = settings.liveness;
    this.#bindings = new StatusBindings(
      (service, status) => cascadeError(service, this.#apply(service, status), 'binding'),
      this.#onError,
    );
    this.set(SERVER_SERVICE, settings.serverStatus);
    for (const service of this.#liveness) this.set(service, 'SERVING');
    for (const [service, status] of settings.initial) this.set(service, status);
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
  // (see ServiceEntry), or was refused for nesting too deep (see MAX_CASCADE_DEPTH).
  #apply(service: string, status: SettableStatus): CascadeTrouble | undefined {
    const entry = this.#entry(service);
    if (entry.wouldNestTooDeep(this.#shutdown)) {
      this.#forgetIfUnused(entry);
      return 'too-deep';
    }
    if (!entry.registered && this.#registered >= this.#maxServices) {
      this.#forgetIfUnused(entry);
      throw new RangeError(`HealthRegistry.set(): ${this.#maxServices} services are registered, the most maxServices allows`);
    }
    return entry.set(status, this.#shutdown);
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
    return this.#bindings.bind(service, source, bindErrorHandler(options));
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
    if (entry === undefined) return;
    const error = cascadeError(service, entry.clear(this.#shutdown), 'clear()');
    if (error !== undefined) reportSafely(this.#onError, service, error);
    this.#forgetIfUnused(entry);
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
    for (const entry of this.#entries.values()) {
      // NOTE: a watcher may resume() from inside its notification; resume() then publishes
      // every service itself, and going on here would leave them NOT_SERVING.
      if (!this.#shutdown) break;
      entry.shutdown();
    }
    this.#shutdownState.tell(this.#shutdown);
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
      const error = cascadeError(service, entry.resume(), 'resume()');
      if (error !== undefined) reportSafely(this.#onError, service, error);
      this.#forgetIfUnused(entry);
    }
    this.#shutdownState.tell(this.#shutdown);
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
    return this.#shutdownState.watch();
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
    for (const entry of this.#entries.values()) if (entry.visible) services++;
    return { services, subjects: this.#entries.size, watchers: this.#watchers, bindings: this.#bindings.size };
  }

  #attach(service: string, watcher: StatusWatcher): WatchedService {
    const entry = service.length > this.#maxNameLength ? this.#unregistrableEntry() : this.#entry(service);
    if (this.#watchesEnded) {
      watcher.next(entry.status);
      watcher.complete();
      this.#forgetIfUnused(entry);
      return ENDED;
    }
    this.#watchers++;
    entry.attach(watcher);
    return entry;
  }


  #unregistrableEntry(): ServiceEntry {
    // NOTE: never in #entries (so never forgotten) and never set (so never changed).
    return (this.#unregistrable ??= new ServiceEntry('', false, this.#owner));
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

  #createEntry(service: string): ServiceEntry {
    const entry = new ServiceEntry(service, this.#liveness.has(service), this.#owner);
    this.#entries.set(service, entry);
    return entry;
  }


  #forgetIfUnused(entry: ServiceEntry): void {
    if (entry.disposable && this.#entries.get(entry.service) === entry) this.#entries.delete(entry.service);
  }
}



// What a watch that ended as it began is attached to: there is nothing to leave.
const ENDED: WatchedService = Object.freeze({ detach() {} });
