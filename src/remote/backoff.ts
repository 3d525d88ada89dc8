/** The knobs of gRPC's connection backoff (grpc/grpc `doc/connection-backoff.md`). */
export interface BackoffSettings {
  initialBackoffMs: number;
  maxBackoffMs: number;
  backoffMultiplier: number;
  backoffJitter: number;
}

/**
 * Exponential backoff as gRPC's connection backoff defines it, which client-side health
 * checking (gRFC A17) uses between Watch attempts: the n-th wait in a row is
 * `initialBackoffMs * backoffMultiplier^n`, capped at `maxBackoffMs`, times a uniform random
 * factor in `1 ± backoffJitter`.
 *
 * Two choices differ from the letter of the doc, both for a fleet of watchers: the first wait
 * is jittered too (grpc-go and grpc-js wait exactly 1 s), so that the watchers one server
 * restart cut loose do not all retry in the same millisecond; and the jittered wait is capped
 * as well, so `maxBackoffMs` is a true upper bound.
 */
export class Backoff {
  #failures = 0;

  constructor(private readonly settings: BackoffSettings) {}

  /** The wait before the next attempt, in whole ms; each call makes the following one longer. */
  next(): number {
    const { initialBackoffMs, maxBackoffMs, backoffMultiplier, backoffJitter } = this.settings;
    const base = Math.min(initialBackoffMs * backoffMultiplier ** this.#failures, maxBackoffMs);
    // NOTE: stop counting at the cap, so that the power never overflows however long it fails.
    if (base < maxBackoffMs) this.#failures++;
    const jittered = base * (1 + backoffJitter * (Math.random() * 2 - 1));
    return Math.round(Math.min(jittered, maxBackoffMs));
  }

  /** Back to `initialBackoffMs`: a message arrived, so the server is there. */
  reset(): void {
    this.#failures = 0;
  }
}
