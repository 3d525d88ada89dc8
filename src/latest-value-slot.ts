/** What {@link LatestValueSlot.take} returns when there is nothing new to send. */
export const NOTHING_NEW: unique symbol = Symbol('nothing new');

/**
 * The **latest-value** rule every transport follows, in one place: a consumer that
 * cannot take values as fast as they come gets the newest one when it can, never one that was
 * already superseded, and never the value it was sent last.
 *
 * - `offer(value)` puts a value in the one slot, replacing one not taken yet: O(1) memory
 *   however far the consumer lags behind.
 * - `take()` empties the slot and returns its value, unless it equals the value last taken:
 *   a round trip (A -> B -> A) while the consumer was busy is not news to it.
 *
 * A Watch call is a slot (its class extends this one, so that a stream costs no object more);
 * the HTTP event stream keeps one per service.
 */
export class LatestValueSlot<T> {
  #value: T | undefined = undefined;
  #full = false;
  #last: T | undefined = undefined;
  #taken = false;

  /** Puts `value` in the slot, replacing any value not taken yet. */
  offer(value: T): void {
    this.#value = value;
    this.#full = true;
  }

  /** Whether the consumer has been given a value yet (since it came, or since `clear()`). */
  get told(): boolean {
    return this.#taken;
  }

  /** Whether a value waits in the slot (news or not: `take()` decides). */
  get full(): boolean {
    return this.#full;
  }

  /** Empties the slot: its value if it is news to the consumer, else {@link NOTHING_NEW}. */
  take(): T | typeof NOTHING_NEW {
    if (!this.#full) return NOTHING_NEW;
    const value = this.#value as T;
    this.#full = false;
    this.#value = undefined;
    if (this.#taken && Object.is(value, this.#last)) return NOTHING_NEW;
    this.#taken = true;
    this.#last = value;
    return value;
  }

  /** Forgets the waiting value and the last one taken (the consumer has gone). */
  clear(): void {
    this.#value = this.#last = undefined;
    this.#full = this.#taken = false;
  }
}
