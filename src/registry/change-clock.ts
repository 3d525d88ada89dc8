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
  #reading: ClockReading | undefined = undefined;
  readonly #expire = () => {
    this.#reading = undefined;
  };

  /**
   * The time as of the start of the current synchronous run.
   *
   * NOTE: an object shared by every change of the run, not a number: V8 boxes a double that a
   * call it does not inline returns, which cost every change 16 bytes of garbage (the bench's
   * "bytes allocated per set" rows).
   */
  now(): ClockReading {
    if (this.#reading === undefined) {
      this.#reading = { ms: Date.now() };
      queueMicrotask(this.#expire);
    }
    return this.#reading;
  }
}

/** One reading of the clock. */
export interface ClockReading {
  /** Milliseconds since the epoch, as `Date.now()` gave them. */
  readonly ms: number;
}
