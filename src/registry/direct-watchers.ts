import { config, type Observer, type Subscription } from 'rxjs';
import type { ServingStatus } from '../serving-status.js';
import type { StatusWatcher } from './attach-watcher.js';

/**
 * What RxJS does with an error that a subscriber's callback throws: it reports it on a timer,
 * to `config.onUnhandledError` or else as an uncaught exception, and goes on with the others.
 */
export function reportUnhandledError(error: unknown): void {
  setTimeout(() => {
    const { onUnhandledError } = config;
    if (onUnhandledError) onUnhandledError(error);
    else throw error;
  });
}

/** A watcher behind a Subscription of its own: it ends that subscription when completed. */
export interface DirectWatcher extends StatusWatcher {
  /** Nothing reaches the callbacks any more (the subscription was unsubscribed). */
  stop(): void;
}

/**
 * `watch(service).subscribe(next)` without RxJS's SafeSubscriber chain: the callback, called as
 * RxJS calls it (an error it throws is reported, and the others are told all the same), and
 * nothing after the subscription ends.
 *
 * NOTE: with 10,000 subscribers a set walks 10,000 of these. RxJS's chain (SafeSubscriber, its
 * ConsumerObserver, a partial observer, then the callback) no longer fits the CPU caches there;
 * one small object in front of the callback does (see the in-process rows of the bench).
 */
export class CallbackWatcher implements DirectWatcher {
  #next: ((status: ServingStatus) => void) | undefined;
  readonly #subscription: Subscription;

  constructor(next: (status: ServingStatus) => void, subscription: Subscription) {
    this.#next = next;
    this.#subscription = subscription;
  }

  next(status: ServingStatus): void {
    const next = this.#next;
    if (next === undefined) return;
    try {
      next(status);
    } catch (error) {
      reportUnhandledError(error);
    }
  }

  complete(): void {
    this.#next = undefined;
    this.#subscription.unsubscribe();
  }

  stop(): void {
    this.#next = undefined;
  }
}

/** `watch(service).subscribe({ next, complete })`: the observer, told as RxJS tells it. */
export class ObserverWatcher implements DirectWatcher {
  #observer: Partial<Observer<ServingStatus>> | undefined;
  readonly #subscription: Subscription;

  constructor(observer: Partial<Observer<ServingStatus>>, subscription: Subscription) {
    this.#observer = observer;
    this.#subscription = subscription;
  }

  next(status: ServingStatus): void {
    const observer = this.#observer;
    if (!observer?.next) return;
    try {
      observer.next(status);
    } catch (error) {
      reportUnhandledError(error);
    }
  }

  complete(): void {
    const observer = this.#observer;
    if (observer === undefined) return;
    this.#observer = undefined;
    try {
      observer.complete?.();
    } catch (error) {
      reportUnhandledError(error);
    } finally {
      this.#subscription.unsubscribe();
    }
  }

  stop(): void {
    this.#observer = undefined;
  }
}
