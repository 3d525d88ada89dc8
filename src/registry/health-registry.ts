import { Observable } from 'rxjs';
import type { ServingStatus, SettableStatus } from '../serving-status.js';
import { checkServiceName, checkSettableStatus } from './argument-checks.js';
import { ServiceEntry } from './service-entry.js';

/** The name of the server as a whole. */
export const SERVER_SERVICE = '';

/** Options for {@link HealthRegistry}. */
export interface HealthRegistryOptions {
  /**
   * The status the whole server (`""`) starts with. Default `'SERVING'`; choose `'NOT_SERVING'`
   * to stay out of rotation until start-up work is done.
   */
  serverStatus?: SettableStatus;
}

/** Counts for diagnostics and leak tests; see {@link HealthRegistry.stats}. */
export interface HealthRegistryStats {
  /** Services registered (what List returns), `""` included. */
  services: number;
  /** Subjects held, registered or not: a subject for an unknown name lives only while watched. */
  subjects: number;
  /** Live subscriptions made through `watch()`, over all services. */
  watchers: number;
}

/**
 * The health of a server and its services: one RxJS `BehaviorSubject` per service.
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
  #shutdown = false;

  constructor(options: HealthRegistryOptions = {}) {
    const serverStatus = options.serverStatus ?? 'SERVING';
    checkSettableStatus('constructor', serverStatus);
    this.set(SERVER_SERVICE, serverStatus);
  }

  /**
   * Sets a service's status and pushes it to the service's watchers (if it changed).
   * While the registry is shut down the change is only remembered, for {@link resume}.
   *
   * @throws TypeError for a non-string name or a status other than SERVING / NOT_SERVING.
   */
  set(service: string, status: SettableStatus): void {
    checkServiceName('set', service);
    checkSettableStatus('set', status);
    const entry = this.#entry(service);
    entry.desired = status;
    if (this.#shutdown) return;
    entry.visible = true;
    entry.publish(status);
  }

  /**
   * The status Check reports: `undefined` for a service that is not registered (a named
   * service never set, or cleared).
   */
  status(service: string): SettableStatus | undefined {
    checkServiceName('status', service);
    const entry = this.#entries.get(service);
    return entry?.visible ? (entry.subject.value as SettableStatus) : undefined;
  }

  /**
   * The service's status as an Observable: the current status at once (SERVICE_UNKNOWN while
   * not registered), then every change, never the same status twice in a row. It never
   * completes; unsubscribe to stop. A name watched but never set holds memory only while watched.
   */
  watch(service: string): Observable<ServingStatus> {
    checkServiceName('watch', service);
    return new Observable<ServingStatus>((subscriber) => {
      const entry = this.#entry(service);
      entry.watchers++;
      const subscription = entry.subject.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        entry.watchers--;
        this.#forgetIfUnused(service, entry);
      };
    });
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
    const entry = this.#entries.get(service);
    if (entry === undefined) return;
    entry.desired = undefined;
    if (!this.#shutdown) {
      entry.visible = false;
      entry.publish('SERVICE_UNKNOWN');
    }
    this.#forgetIfUnused(service, entry);
  }

  /**
   * Enters the terminal state (grpc-go's `Shutdown`): every registered service turns
   * NOT_SERVING and its watchers are told at once. Until {@link resume}, `set` and `clear`
   * change nothing that Check, List or watchers see; they are remembered instead.
   */
  shutdown(): void {
    if (this.#shutdown) return;
    this.#shutdown = true;
    for (const entry of this.#entries.values()) {
      if (entry.visible) entry.publish('NOT_SERVING');
    }
  }

  /**
   * Leaves the terminal state. Unlike grpc-go (which sets everything SERVING), every service
   * returns to the status it was last `set` to, including sets and clears made while shut
   * down, so resuming never reports a sick dependency as healthy.
   */
  resume(): void {
    if (!this.#shutdown) return;
    this.#shutdown = false;
    for (const [service, entry] of this.#entries) {
      entry.visible = entry.desired !== undefined;
      entry.publish(entry.desired ?? 'SERVICE_UNKNOWN');
      this.#forgetIfUnused(service, entry);
    }
  }

  /** Whether {@link shutdown} is in force. */
  get isShutdown(): boolean {
    return this.#shutdown;
  }

  /** A snapshot of every registered service and the status Check would report for it. */
  list(): Map<string, SettableStatus> {
    const snapshot = new Map<string, SettableStatus>();
    for (const [service, entry] of this.#entries) {
      if (entry.visible) snapshot.set(service, entry.subject.value as SettableStatus);
    }
    return snapshot;
  }

  /** Counts of services, subjects and watchers: for metrics, and to prove nothing leaks. */
  stats(): HealthRegistryStats {
    let services = 0;
    let watchers = 0;
    for (const entry of this.#entries.values()) {
      if (entry.visible) services++;
      watchers += entry.watchers;
    }
    return { services, subjects: this.#entries.size, watchers };
  }

  #entry(service: string): ServiceEntry {
    let entry = this.#entries.get(service);
    if (entry === undefined) {
      entry = new ServiceEntry('SERVICE_UNKNOWN');
      this.#entries.set(service, entry);
    }
    return entry;
  }

  #forgetIfUnused(service: string, entry: ServiceEntry): void {
    if (entry.disposable && this.#entries.get(service) === entry) this.#entries.delete(service);
  }
}
