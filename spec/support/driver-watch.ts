import type { InteropDriver } from './interop-driver.js';

/** What the streams of one `watch` command received: statuses per stream, and how each ended. */
export class DriverWatch {
  constructor(private driver: InteropDriver, readonly id: number, readonly streams: number) {}

  /** The statuses stream `index` received, in order. */
  statuses(index = 0): string[] {
    return this.driver.stream(this.id, index).statuses;
  }

  /** The gRPC code stream `index` ended with, if it ended. */
  end(index = 0): number | undefined {
    return this.driver.stream(this.id, index).end;
  }

  /** Waits until every stream has received exactly `expected` (no more: a duplicate fails). */
  async waitForAll(expected: string[], ms = 5_000): Promise<void> {
    const all = () => Array.from({ length: this.streams }, (_, i) => this.statuses(i));
    await this.driver.waitFor(ms, `${this.streams} stream(s) to receive ${expected.join(', ')} (got ${JSON.stringify(all().slice(0, 3))}...)`, () =>
      all().every((got) => got.length >= expected.length) ? true : undefined,
    );
    for (const got of all()) if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${this.driver.name}: expected ${JSON.stringify(expected)}, a stream received ${JSON.stringify(got)}`);
  }

  /** Waits until every stream has ended, and returns their codes. */
  async waitForEnd(ms = 5_000): Promise<Array<number | undefined>> {
    const ends = () => Array.from({ length: this.streams }, (_, i) => this.end(i));
    await this.driver.waitFor(ms, `${this.streams} stream(s) to end`, () => (ends().every((e) => e !== undefined) ? true : undefined));
    return ends();
  }

  /** Cancels every stream of this watch (client side). */
  async cancel(): Promise<void> {
    await this.driver.request({ op: 'cancel', watch: this.id });
  }
}
