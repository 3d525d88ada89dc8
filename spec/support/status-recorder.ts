import type { Observable, Subscription } from 'rxjs';
import { within } from './bounded.js';

/**
 * Subscribes to a status Observable and records what it emits, how it ended, and lets a spec
 * await a condition on the record, bounded.
 */
export class StatusRecorder<T> {
  readonly values: T[] = [];
  completed = false;
  error: unknown;
  readonly subscription: Subscription;
  #wakers = new Set<() => void>();

  constructor(source: Observable<T>) {
    this.subscription = source.subscribe({
      next: (value) => (this.values.push(value), this.#wake()),
      error: (error: unknown) => ((this.error = error), this.#wake()),
      complete: () => ((this.completed = true), this.#wake()),
    });
  }

  get last(): T | undefined {
    return this.values.at(-1);
  }

  /** Resolves once `condition` holds (checked at once and on each event), within `ms`. */
  async until(what: string, condition: (recorder: this) => boolean, ms = 10_000): Promise<void> {
    let check = () => {};
    try {
      await within(ms, `${what} (seen: ${JSON.stringify(this.values)})`, new Promise<void>((resolve) => {
        check = () => {
          if (condition(this)) resolve();
        };
        this.#wakers.add(check);
        check();
      }));
    } finally {
      this.#wakers.delete(check);
    }
  }

  /** Resolves once the last value is `value`. */
  reaches(value: T, ms?: number): Promise<void> {
    return this.until(`the value ${JSON.stringify(value)}`, (recorder) => recorder.last === value, ms);
  }

  #wake(): void {
    for (const check of [...this.#wakers]) check();
  }
}
