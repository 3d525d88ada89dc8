import type { ServingStatus } from '../serving-status.js';
import { Backoff } from './backoff.js';
import { RemoteHealthError } from './remote-health-error.js';
import type { RemoteConnection } from './remote-target.js';
import { UNIMPLEMENTED } from './status-codes.js';
import type { WatchHealthSettings } from './watch-health-options.js';

/** Where a run's statuses go: an RxJS Subscriber fits. */
export interface StatusObserver {
  next(status: ServingStatus): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * One subscription of {@link watchHealth}: at most one Watch call or one backoff timer at a
 * time, never both, as gRFC A17's client does it. A call that ends for any reason but
 * UNIMPLEMENTED is retried: at once if it had delivered a message (the server is there; A17
 * resets the backoff), else after the next backoff wait.
 */
export class HealthWatchRun {
  #cancel: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #last: ServingStatus | undefined;
  readonly #backoff: Backoff;

  constructor(
    private readonly connection: RemoteConnection,
    private readonly service: string,
    private readonly settings: WatchHealthSettings,
    private readonly observer: StatusObserver,
  ) {
    this.#backoff = new Backoff(settings);
  }

  start(): void {
    this.#attempt();
  }

  /** Cancels the call or clears the timer, and releases the connection; nothing is emitted after. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const cancel = this.#cancel;
    this.#cancel = undefined;
    cancel?.();
    this.connection.close();
  }

  #attempt(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const startedAt = Date.now();
    let received = false;
    let ended = false;
    try {
      this.#cancel = this.connection.open(this.service, {
        message: (status) => {
          if (ended || this.#stopped) return;
          received = true;
          this.#backoff.reset();
          this.#emit(status);
        },
        end: (code, details) => {
          if (ended || this.#stopped) return;
          ended = true;
          this.#cancel = undefined;
          // NOTE: a stream that delivered a message and then lived less than one initial wait is
          // not retried at once: a server that answers and hangs up on every call would
          // otherwise get a busy loop of calls (A17's rule alone allows that).
          const immediate = received && Date.now() - startedAt >= this.settings.initialBackoffMs;
          this.#ended(new RemoteHealthError(code, details, this.service), immediate);
        },
      });
    } catch (error) {
      // No call can be made at all (a closed channel): retrying would never succeed.
      this.stop();
      this.observer.error(error);
    }
  }

  #ended(failure: RemoteHealthError, immediate: boolean): void {
    this.#report(failure);
    if (this.#stopped) return; // onFailure unsubscribed
    if (failure.code === UNIMPLEMENTED) {
      const { whenUnimplemented } = this.settings;
      this.stop();
      if (whenUnimplemented === 'ERROR') {
        this.observer.error(failure);
      } else {
        this.#emit(whenUnimplemented, true);
        this.observer.complete();
      }
      return;
    }
    if (this.settings.whileDown !== 'LAST') this.#emit(this.settings.whileDown);
    if (this.#stopped) return; // the status went to a subscriber that has had enough
    if (immediate) {
      this.#attempt();
    } else {
      this.#timer = setTimeout(() => this.#attempt(), this.#backoff.next());
    }
  }

  #emit(status: ServingStatus, afterStop = false): void {
    if ((this.#stopped && !afterStop) || status === this.#last) return;
    this.#last = status;
    this.observer.next(status);
  }

  // NOTE: a throwing onFailure (a logger) must neither escape from a grpc-js event handler,
  // where it would crash the process, nor keep the watch from going on.
  #report(failure: RemoteHealthError): void {
    try {
      this.settings.onFailure?.(failure);
    } catch (error) {
      console.error('watchHealth(): onFailure threw; the watch goes on:', error);
    }
  }
}
