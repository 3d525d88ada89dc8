import { BehaviorSubject, type Observable } from 'rxjs';
import { MAX_PUBLISH_ROUNDS } from './service-entry.js';

/** Whether a registry is shut down, as `HealthRegistry.watchShutdown()` tells it. */
export class ShutdownState {
  readonly #state = new BehaviorSubject(false);
  #telling = false;
  #latest = false;

  /** The state as an Observable: the current one at once, then each change. */
  watch(): Observable<boolean> {
    return this.#state.asObservable();
  }

  /**
   * Tells the subscribers that the registry is now shut down (or not).
   *
   * NOTE: a subscriber may shutdown() or resume() from inside its notification. The outermost
   * call delivers until every subscriber has the newest state (as ServiceEntry does for a
   * status); a subscriber that keeps flipping it is cut off after MAX_PUBLISH_ROUNDS.
   */
  tell(shutdown: boolean): void {
    this.#latest = shutdown;
    if (this.#telling) return;
    this.#telling = true;
    try {
      for (let round = 0; this.#state.value !== this.#latest && round < MAX_PUBLISH_ROUNDS; round++) {
        this.#state.next(this.#latest);
      }
    } finally {
      this.#telling = false;
    }
  }
}
