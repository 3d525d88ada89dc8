/**
 * The time of a status change, for `changedAt`: `Date.now()` read at most once per
 * synchronous run of code, then reused until the next microtask.
 *
 * NOTE: `Date.now()` is a call into the OS clock that cost ~40 ns per set on the shared
 * machine (an in-process set with no subscriber took ~60 ns instead of ~15; `npm run bench`'s
 * set rows). Changes made in one synchronous run (a cascade of bindings, a shutdown, a loop of
 * sets) then share one time, which is also what a person reading "since" means by them. A run
 * that itself lasts longer stamps its later changes with its start.
 */
export class ChangeClock {
  #now = 0;
  #fresh = false;
  readonly #expire = () => {
    this.#fresh = false;
  };

  /** Milliseconds since the epoch, as of the start of the current synchronous run. */
  now(): number {
    if (!this.#fresh) {
      this.#now = Date.now();
      this.#fresh = true;
      queueMicrotask(this.#expire);
    }
    return this.#now;
  }
}
