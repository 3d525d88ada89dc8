import type { ServingStatus } from '../serving-status.js';
import type { StatusWatcher } from './attach-watcher.js';

/**
 * The watchers of one service, told of each status in the order they came: a plain array of
 * {@link StatusWatcher}s, walked by index.
 *
 * NOTE: this is all a subject does for a service's watchers, without RxJS's per-observer
 * Subscription and closure, and without private RxJS fields: a Watch stream costs the array one
 * slot, and a walk allocates nothing. A watcher that comes or goes during a walk must neither
 * join it nor break it (RxJS's Subject walks a snapshot for the same reason), so the walk keeps
 * the array it started with, and `add`/`remove` copy the array first while a walk holds it.
 */
export class WatcherList {
  #watchers: StatusWatcher[] = [];
  // Whether a walk holds #watchers, so that a change must copy it first.
  #walked = false;

  /** How many watchers there are. */
  get size(): number {
    return this.#watchers.length;
  }

  add(watcher: StatusWatcher): void {
    this.#own().push(watcher);
  }

  /** Takes `watcher` out (one entry of it); false when it was not in. */
  remove(watcher: object): boolean {
    const index = (this.#watchers as readonly object[]).indexOf(watcher);
    if (index === -1) return false;
    this.#own().splice(index, 1);
    return true;
  }

  /** Tells every watcher of `status`, in order. */
  next(status: ServingStatus): void {
    const watchers = this.#watchers;
    const outermost = !this.#walked;
    this.#walked = true;
    try {
      for (let i = 0; i < watchers.length; i++) watchers[i]!.next(status);
    } finally {
      if (outermost) this.#walked = false;
    }
  }

  /** Empties the list and returns who was in it (to be completed by the caller). */
  takeAll(): StatusWatcher[] {
    const watchers = this.#watchers;
    this.#watchers = [];
    this.#walked = false;
    return watchers;
  }

  #own(): StatusWatcher[] {
    if (this.#walked) {
      this.#watchers = this.#watchers.slice();
      this.#walked = false;
    }
    return this.#watchers;
  }
}
