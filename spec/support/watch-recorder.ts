import type { ServingStatus } from '../../src/index.js';
import { within } from './bounded.js';

/**
 * Reads a Watch stream (any async iterable of `{status}`) into `statuses`, and lets a spec
 * await the moment a given status arrives, bounded.
 */
export class WatchRecorder {
  readonly statuses: ServingStatus[] = [];
  readonly controller = new AbortController();
  error: unknown;
  readonly done: Promise<void>;
  private waiters: Array<() => void> = [];

  constructor(open: (signal: AbortSignal) => AsyncIterable<{ status: ServingStatus }>) {
    this.done = (async () => {
      try {
        for await (const { status } of open(this.controller.signal)) {
          this.statuses.push(status);
          for (const wake of this.waiters.splice(0)) wake();
        }
      } catch (error) {
        this.error = error;
      }
      for (const wake of this.waiters.splice(0)) wake();
    })();
  }

  get last(): ServingStatus | undefined {
    return this.statuses.at(-1);
  }

  /** Waits until the stream has delivered `count` messages (bounded by `ms`). */
  async waitForCount(count: number, ms = 5_000): Promise<void> {
    await within(ms, `${count} watch messages (got ${JSON.stringify(this.statuses)})`, this.until(() => this.statuses.length >= count));
  }

  /** Waits until the newest message is `status` (bounded by `ms`). */
  async waitForLast(status: ServingStatus, ms = 5_000): Promise<void> {
    await within(ms, `watch to reach ${status} (got ${JSON.stringify(this.statuses)})`, this.until(() => this.last === status));
  }

  cancel(): void {
    this.controller.abort();
  }

  private until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (condition() || this.error !== undefined) resolve();
        else this.waiters.push(check);
      };
      check();
    });
  }
}
