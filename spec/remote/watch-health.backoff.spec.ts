import { status as Status } from '@grpc/grpc-js';
import { take } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServingStatus } from '../../src/index.js';
import { watchHealth, type HealthWatchClient, type RemoteHealthError, type WatchHealthOptions } from '../../src/remote/index.js';

// The timing rules under vitest's fake clock. The calls go to an in-process Health client of
// the shape nice-grpc's has (a supported target), answered by the spec: under a fake clock,
// grpc-js's own timers would be frozen too, and counted by getTimerCount(). The same rules
// over real servers are in watch-health.spec.ts.

interface ScriptedCall {
  service: string;
  signal: AbortSignal;
  send(status: ServingStatus): void;
  fail(code: number, details?: string): void;
  end(): void;
}

function scriptedClient() {
  const calls: ScriptedCall[] = [];
  const client: HealthWatchClient = {
    watch({ service }, { signal }) {
      const queue: Array<IteratorResult<{ status: ServingStatus }> | Error> = [];
      let wake = () => {};
      calls.push({
        service,
        signal,
        send: (status) => (queue.push({ value: { status }, done: false }), wake()),
        fail: (code, details = 'down') => (queue.push(Object.assign(new Error(details), { code, details })), wake()),
        end: () => (queue.push({ value: undefined, done: true }), wake()),
      });
      return {
        [Symbol.asyncIterator]: () => ({
          async next() {
            while (queue.length === 0) {
              if (signal.aborted) throw signal.reason;
              await new Promise<void>((resolve) => {
                wake = resolve;
                signal.addEventListener('abort', () => resolve(), { once: true });
              });
            }
            const item = queue.shift()!;
            if (item instanceof Error) throw item;
            return item;
          },
        }),
      };
    },
  };
  return { client, calls };
}

function record(options: WatchHealthOptions = {}, service = 'orders') {
  const { client, calls } = scriptedClient();
  const statuses: ServingStatus[] = [];
  const failures: RemoteHealthError[] = [];
  let completed = false;
  let error: unknown;
  const subscription = watchHealth(client, service, { onFailure: (failure) => failures.push(failure), ...options }).subscribe({
    next: (status) => statuses.push(status),
    error: (thrown) => (error = thrown),
    complete: () => (completed = true),
  });
  return { calls, statuses, failures, subscription, get completed() { return completed; }, get error() { return error; } };
}

const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const NO_JITTER = { backoffJitter: 0 };

describe('watchHealth() timing (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('follows the stream, reports NOT_SERVING while it is down, and retries after 1 s, 1.6 s, 2.56 s ... (defaults)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // the middle of the jitter range: the bare sequence
    const run = record();
    await tick(0);
    expect(run.calls).toHaveLength(1);
    expect(run.calls[0]!.service).toBe('orders');
    run.calls[0]!.fail(Status.UNAVAILABLE, 'connection refused');
    await tick(0);
    expect(run.statuses).toEqual(['NOT_SERVING']);
    expect(run.failures.map(({ code, details }) => [code, details])).toEqual([[Status.UNAVAILABLE, 'connection refused']]);
    const starts: number[] = [];
    for (const wait of [1_000, 1_600, 2_560, 4_096]) {
      await tick(wait - 1);
      expect(run.calls).toHaveLength(starts.length + 1);
      await tick(1);
      expect(run.calls).toHaveLength(starts.length + 2);
      starts.push(wait);
      run.calls.at(-1)!.fail(Status.UNAVAILABLE);
      await tick(0);
    }
    expect(run.statuses).toEqual(['NOT_SERVING']); // unchanged statuses are reported once
    run.subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('draws each wait within ±backoffJitter and never past maxBackoffMs', async () => {
    const draws = [0, 0.999_999, 0, 0.999_999];
    vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5);
    const run = record({ initialBackoffMs: 100, maxBackoffMs: 200, backoffMultiplier: 2, backoffJitter: 0.5 });
    await tick(0);
    // 100 ±50%: 50; 200 ±50%: 300, capped to 200; 200 ±50%: 100; then 200 again, capped.
    for (const wait of [50, 200, 100, 200]) {
      run.calls.at(-1)!.fail(Status.INTERNAL);
      const before = run.calls.length;
      await tick(wait - 1);
      expect(run.calls).toHaveLength(before);
      await tick(1);
      expect(run.calls).toHaveLength(before + 1);
    }
    run.subscription.unsubscribe();
  });

  it('retries at once after a call that delivered a message, and resets the backoff', async () => {
    const run = record({ ...NO_JITTER, initialBackoffMs: 100 });
    await tick(0);
    run.calls[0]!.fail(Status.UNAVAILABLE);
    await tick(100);
    run.calls[1]!.fail(Status.UNAVAILABLE); // the next wait would be 160 ms
    await tick(160);
    run.calls[2]!.send('SERVING');
    await tick(100); // the stream lives at least one initial wait
    run.calls[2]!.fail(Status.UNAVAILABLE, 'the server went away');
    await tick(0);
    expect(run.calls).toHaveLength(4); // at once, no timer
    expect(run.statuses).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    run.calls[3]!.fail(Status.UNAVAILABLE);
    await tick(99);
    expect(run.calls).toHaveLength(4);
    await tick(1); // back to initialBackoffMs, not 256 ms
    expect(run.calls).toHaveLength(5);
    run.calls[4]!.send('NOT_SERVING');
    run.calls[4]!.send('SERVING');
    await tick(0);
    expect(run.statuses).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING', 'SERVING']);
    run.subscription.unsubscribe();
  });

  it('treats the server ending the stream (OK) like any failure: reported, down, retried', async () => {
    const run = record({ ...NO_JITTER, initialBackoffMs: 100 });
    await tick(0);
    run.calls[0]!.send('SERVING');
    await tick(500);
    run.calls[0]!.end();
    await tick(0);
    expect(run.failures.map(({ code }) => code)).toEqual([Status.OK]);
    expect(run.statuses).toEqual(['SERVING', 'NOT_SERVING']);
    expect(run.calls).toHaveLength(2);
    run.subscription.unsubscribe();
  });

  it('does not hammer a server that answers and hangs up at once: such a call waits one backoff', async () => {
    const run = record({ ...NO_JITTER, initialBackoffMs: 100 });
    await tick(0);
    for (let i = 0; i < 5; i++) {
      run.calls.at(-1)!.send('SERVING');
      run.calls.at(-1)!.end();
      await tick(99);
      expect(run.calls).toHaveLength(i + 1);
      await tick(1);
      expect(run.calls).toHaveLength(i + 2);
    }
    run.subscription.unsubscribe();
  });

  it("keeps the last status while down with whileDown 'LAST' (and reports nothing before the first message)", async () => {
    const run = record({ ...NO_JITTER, initialBackoffMs: 100, whileDown: 'LAST' });
    await tick(0);
    run.calls[0]!.fail(Status.UNAVAILABLE);
    await tick(100);
    expect(run.statuses).toEqual([]);
    run.calls[1]!.send('SERVING');
    await tick(200);
    run.calls[1]!.fail(Status.UNAVAILABLE);
    await tick(0);
    run.calls[2]!.fail(Status.UNAVAILABLE);
    await tick(100);
    expect(run.statuses).toEqual(['SERVING']);
    expect(run.failures).toHaveLength(3);
    run.subscription.unsubscribe();
  });

  it('reports another status while down when asked (whileDown UNKNOWN)', async () => {
    const run = record({ whileDown: 'UNKNOWN' });
    await tick(0);
    run.calls[0]!.fail(Status.DEADLINE_EXCEEDED);
    await tick(0);
    expect(run.statuses).toEqual(['UNKNOWN']);
    run.subscription.unsubscribe();
  });

  it.each<[string, WatchHealthOptions, ServingStatus]>([
    ['SERVING, as gRFC A17 does (default)', {}, 'SERVING'],
    ['the status whenUnimplemented names', { whenUnimplemented: 'NOT_SERVING' }, 'NOT_SERVING'],
  ])('on UNIMPLEMENTED reports %s, completes and never retries', async (_, options, expected) => {
    const run = record(options);
    await tick(0);
    run.calls[0]!.fail(Status.UNIMPLEMENTED, 'unknown service grpc.health.v1.Health');
    await tick(0);
    expect(run.statuses).toEqual([expected]);
    expect(run.completed).toBe(true);
    expect(run.failures.map(({ code }) => code)).toEqual([Status.UNIMPLEMENTED]);
    expect(vi.getTimerCount()).toBe(0);
    await tick(600_000);
    expect(run.calls).toHaveLength(1);
  });

  it("errors with the RemoteHealthError on UNIMPLEMENTED when whenUnimplemented is 'ERROR'", async () => {
    const run = record({ whenUnimplemented: 'ERROR' });
    await tick(0);
    run.calls[0]!.send('SERVING');
    await tick(0);
    run.calls[0]!.fail(Status.UNIMPLEMENTED, 'no health here');
    await tick(0);
    expect(run.statuses).toEqual(['SERVING']);
    expect(run.error).toMatchObject({ name: 'RemoteHealthError', code: Status.UNIMPLEMENTED, details: 'no health here', service: 'orders' });
    expect((run.error as Error).message).toBe('Watch of "orders" ended with UNIMPLEMENTED: no health here');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer and no call when unsubscribed in the middle of a backoff wait', async () => {
    const run = record({ initialBackoffMs: 1_000 });
    await tick(0);
    run.calls[0]!.fail(Status.UNAVAILABLE);
    await tick(500);
    expect(vi.getTimerCount()).toBe(1);
    run.subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
    await tick(600_000);
    expect(run.calls).toHaveLength(1);
    expect(run.statuses).toEqual(['NOT_SERVING']);
  });

  it('cancels the call at once when unsubscribed while it is open, and reports nothing after', async () => {
    const run = record();
    await tick(0);
    run.calls[0]!.send('SERVING');
    await tick(0);
    run.subscription.unsubscribe();
    expect(run.calls[0]!.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    run.calls[0]!.send('NOT_SERVING');
    await tick(600_000);
    expect(run.statuses).toEqual(['SERVING']);
    expect(run.failures).toEqual([]);
    expect(run.calls).toHaveLength(1);
  });

  it('leaves nothing when a subscriber takes what it needs and goes, even from the down status', async () => {
    const { client, calls } = scriptedClient();
    const seen: ServingStatus[] = [];
    watchHealth(client, 'orders').pipe(take(2)).subscribe((status) => seen.push(status));
    await tick(0);
    calls[0]!.send('SERVING');
    await tick(500);
    calls[0]!.fail(Status.UNAVAILABLE);
    await tick(0);
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toHaveLength(1); // not even the immediate retry was made
  });

  it('goes on when onFailure throws, and logs it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client, calls } = scriptedClient();
    const seen: ServingStatus[] = [];
    const subscription = watchHealth(client, '', {
      initialBackoffMs: 10,
      onFailure: () => {
        throw new Error('the logger is broken');
      },
    }).subscribe((status) => seen.push(status));
    await tick(0);
    calls[0]!.fail(Status.UNAVAILABLE);
    await tick(20);
    expect(seen).toEqual(['NOT_SERVING']);
    expect(calls).toHaveLength(2);
    expect(logged).toHaveBeenCalledWith('watchHealth(): onFailure threw; the watch goes on:', expect.any(Error));
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops without retrying when onFailure unsubscribes', async () => {
    const { client, calls } = scriptedClient();
    const seen: ServingStatus[] = [];
    const subscription = watchHealth(client, '', { onFailure: () => subscription.unsubscribe() }).subscribe((status) => seen.push(status));
    await tick(0);
    calls[0]!.fail(Status.UNAVAILABLE);
    await tick(600_000);
    expect(seen).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs its own call for each subscriber, and decodes numeric statuses (ts-proto clients)', async () => {
    const { client, calls } = scriptedClient();
    const source = watchHealth(client, 'orders');
    const a: ServingStatus[] = [];
    const b: ServingStatus[] = [];
    const one = source.subscribe((status) => a.push(status));
    const two = source.subscribe((status) => b.push(status));
    await tick(0);
    expect(calls).toHaveLength(2);
    calls[0]!.send(1 as never);
    calls[1]!.send(2 as never);
    calls[1]!.send(7 as never);
    await tick(0);
    expect([a, b]).toEqual([['SERVING'], ['NOT_SERVING', 'UNKNOWN']]);
    one.unsubscribe();
    two.unsubscribe();
    expect(calls.every(({ signal }) => signal.aborted)).toBe(true);
  });
});
