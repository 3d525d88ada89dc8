import { take } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  HealthRegistry,
  probe,
  type ProbeCheck,
  type ProbeCheckResult,
  type ProbeOptions,
  type SettableStatus,
} from '../../src/index.js';

// A check whose every call the spec settles by hand, recording each call's signal.
function manualCheck() {
  const calls: Array<{ signal: AbortSignal; pass(value?: unknown): void; fail(error?: unknown): void }> = [];
  let running = 0;
  let maxRunning = 0;
  const check: ProbeCheck = (signal) =>
    new Promise((resolve, reject) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const done = () => running--;
      calls.push({
        signal,
        pass: (value) => (done(), resolve(value)),
        fail: (error = new Error('down')) => (done(), reject(error)),
      });
    });
  return { check, calls, get maxRunning() { return maxRunning; } };
}

function record(options: ProbeOptions, check: ProbeCheck) {
  const statuses: SettableStatus[] = [];
  const subscription = probe(check, options).subscribe((status) => statuses.push(status));
  return { statuses, subscription };
}

const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('probe()', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('starts NOT_SERVING, checks at once, and turns SERVING after the first pass (successThreshold 1)', async () => {
    const { check, calls } = manualCheck();
    const { statuses, subscription } = record({ intervalMs: 100 }, check);
    expect(statuses).toEqual(['NOT_SERVING']);
    await tick(0);
    expect(calls).toHaveLength(1);
    calls[0]!.pass();
    await tick(0);
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING']);
    subscription.unsubscribe();
  });

  it('turns NOT_SERVING only after failureThreshold consecutive failures; a pass resets the count', async () => {
    const results = [true, false, false, true, false, false, false, true];
    let i = 0;
    const { statuses, subscription } = record({ intervalMs: 100, failureThreshold: 3 }, async () => {
      if (!results[i++]) throw new Error('down');
    });
    await tick(0);
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING']);
    await tick(100 * 5); // checks 2..6: F F P F F
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING']);
    await tick(100); // check 7: third failure in a row
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    await tick(100); // check 8 passes
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING', 'SERVING']);
    expect(i).toBe(8);
    subscription.unsubscribe();
  });

  it('turns SERVING only after successThreshold consecutive passes', async () => {
    const results = [true, false, true, true];
    let i = 0;
    const { statuses, subscription } = record({ intervalMs: 50, successThreshold: 2 }, () => results[i++]);
    await tick(0 + 50 * 2); // P F P
    expect(statuses).toEqual(['NOT_SERVING']);
    await tick(50); // P P
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING']);
    subscription.unsubscribe();
  });

  it("counts a throw, a rejection, false and 'NOT_SERVING' as failures, anything else as a pass", async () => {
    const results: Array<() => unknown> = [
      () => {
        throw new Error('sync');
      },
      () => Promise.reject(new Error('async')),
      () => false,
      () => Promise.resolve('NOT_SERVING'),
      () => undefined,
      () => ({ rows: [] }),
      () => 0,
    ];
    let i = 0;
    const reasons: unknown[] = [];
    const { statuses, subscription } = record(
      { intervalMs: 10, failureThreshold: 1, initialStatus: 'SERVING', onFailure: (reason) => reasons.push(reason) },
      () => results[i++]!(),
    );
    await tick(0);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    await tick(10 * 3);
    expect(reasons.map((reason) => (reason as Error).message)).toEqual([
      'sync',
      'async',
      'probe(): the check returned false',
      'probe(): the check returned NOT_SERVING',
    ]);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    await tick(10 * 3);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    expect(i).toBe(7);
    subscription.unsubscribe();
  });

  it('starts SERVING when asked (liveness), until failureThreshold checks fail', async () => {
    const { statuses, subscription } = record({ intervalMs: 10, initialStatus: 'SERVING', failureThreshold: 2 }, () => false);
    await tick(0);
    expect(statuses).toEqual(['SERVING']);
    await tick(10);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    subscription.unsubscribe();
  });

  it('fails a check that outlives timeoutMs and aborts its signal with a TimeoutError', async () => {
    const { check, calls } = manualCheck();
    const reasons: unknown[] = [];
    const { statuses, subscription } = record(
      { intervalMs: 100, timeoutMs: 30, failureThreshold: 1, initialStatus: 'SERVING', onFailure: (r) => reasons.push(r) },
      check,
    );
    await tick(29);
    expect(calls[0]!.signal.aborted).toBe(false);
    await tick(1);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect((calls[0]!.signal.reason as DOMException).name).toBe('TimeoutError');
    expect(reasons).toEqual([calls[0]!.signal.reason]);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    calls[0]!.pass(); // too late: it does not count
    await tick(0);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    subscription.unsubscribe();
  });

  it('never overlaps checks: the next starts intervalMs after the last one ended', async () => {
    const { check, calls } = manualCheck();
    const { subscription } = record({ intervalMs: 100, timeoutMs: 1_000 }, check);
    await tick(0);
    await tick(500); // the first check is still running, within its timeout
    expect(calls).toHaveLength(1);
    calls[0]!.pass();
    await tick(99);
    expect(calls).toHaveLength(1);
    await tick(1);
    expect(calls).toHaveLength(2);
    subscription.unsubscribe();
  });

  it('starts no second check beside a timed-out one that ignores its signal, and counts each interval as a failure', async () => {
    const { check, calls } = manualCheck();
    const reasons: unknown[] = [];
    const { statuses, subscription } = record(
      { intervalMs: 100, timeoutMs: 10, failureThreshold: 3, initialStatus: 'SERVING', onFailure: (r) => reasons.push(r) },
      check,
    );
    await tick(10 + 100 + 100); // timeout, then two intervals while it hangs
    expect(calls).toHaveLength(1);
    expect(reasons).toHaveLength(3);
    expect((reasons[2] as Error).message).toMatch(/still running/);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    calls[0]!.pass(); // it finally settles: the next interval runs a fresh check
    await tick(100);
    expect(calls).toHaveLength(2);
    subscription.unsubscribe();
  });

  it('waits initialDelayMs before the first check, and adds up to jitterMs to each interval', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    let checks = 0;
    const { subscription } = record({ intervalMs: 100, initialDelayMs: 1_000, jitterMs: 40 }, () => void checks++);
    await tick(999);
    expect(checks).toBe(0);
    await tick(1);
    expect(checks).toBe(1);
    await tick(119);
    expect(checks).toBe(1);
    await tick(1);
    expect(checks).toBe(2);
    subscription.unsubscribe();
  });

  it('leaves no timer and no check behind when unsubscribed, and emits nothing after', async () => {
    const { check, calls } = manualCheck();
    const { statuses, subscription } = record({ intervalMs: 100, timeoutMs: 50 }, check);
    await tick(0);
    expect(vi.getTimerCount()).toBe(1); // the check's timeout
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect((calls[0]!.signal.reason as DOMException).name).toBe('AbortError');
    calls[0]!.pass();
    await tick(1_000);
    expect(statuses).toEqual(['NOT_SERVING']);
    expect(calls).toHaveLength(1);
  });

  it('leaves no timer behind when unsubscribed while waiting for the next check', async () => {
    const { subscription } = record({ intervalMs: 100 }, () => true);
    await tick(50);
    expect(vi.getTimerCount()).toBe(1);
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind when a subscriber takes what it needs and goes', async () => {
    const { check, calls } = manualCheck();
    const statuses: SettableStatus[] = [];
    let completed = false;
    probe(check, { intervalMs: 100 })
      .pipe(take(2))
      .subscribe({ next: (status) => statuses.push(status), complete: () => (completed = true) });
    await tick(0);
    calls[0]!.pass();
    await tick(0);
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING']);
    expect(completed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    probe(check).pipe(take(1)).subscribe();
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('runs its own checks for each subscriber', async () => {
    let checks = 0;
    const source = probe(() => void checks++, { intervalMs: 100 });
    const a = source.subscribe();
    const b = source.subscribe();
    await tick(0);
    expect(checks).toBe(2);
    a.unsubscribe();
    b.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drives a bound service, and unbinding stops it', async () => {
    const registry = new HealthRegistry();
    const { check, calls } = manualCheck();
    registry.bind('db', probe(check, { intervalMs: 100, failureThreshold: 1 }));
    expect(registry.status('db')).toBe('NOT_SERVING');
    await tick(0);
    calls[0]!.pass();
    await tick(0);
    expect(registry.status('db')).toBe('SERVING');
    await tick(100);
    calls[1]!.fail();
    await tick(0);
    expect(registry.status('db')).toBe('NOT_SERVING');
    await tick(100);
    expect(registry.stats().bindings).toBe(1);
    expect(registry.unbind('db')).toBe(true);
    expect(registry.stats().bindings).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(calls[2]!.signal.aborted).toBe(true);
    expect(registry.status('db')).toBe('NOT_SERVING');
  });

  it.each<[string, ProbeOptions, RegExp]>([
    ['intervalMs 0', { intervalMs: 0 }, /intervalMs must be a finite number of at least 1, got 0/],
    ['timeoutMs NaN', { timeoutMs: NaN }, /timeoutMs .* got NaN/],
    ['failureThreshold 1.5', { failureThreshold: 1.5 }, /failureThreshold must be an integer of at least 1, got 1.5/],
    ['successThreshold 0', { successThreshold: 0 }, /successThreshold/],
    ['jitterMs -1', { jitterMs: -1 }, /jitterMs/],
    ['initialDelayMs Infinity', { initialDelayMs: Infinity }, /initialDelayMs/],
    ['intervalMs past a timer (30 days)', { intervalMs: 30 * 86_400_000 }, /intervalMs must be at most 2147483647 ms/],
    ['timeoutMs past a timer', { timeoutMs: 2 ** 31 }, /timeoutMs must be at most/],
    ['initialStatus', { initialStatus: 'SERVICE_UNKNOWN' as never }, /initialStatus must be 'SERVING' or 'NOT_SERVING'/],
  ])('rejects %s at the call', (_, options, message) => {
    expect(() => probe(() => true, options)).toThrow(message);
  });

  it('reports a failure even when onFailure throws, and goes on probing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const onFailure = vi.fn(() => {
      throw new Error('the logger is broken');
    });
    const { statuses, subscription } = record(
      { intervalMs: 100, failureThreshold: 1, initialStatus: 'SERVING', onFailure },
      async () => {
        throw new Error('down');
      },
    );
    await tick(0);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    await tick(100);
    expect(onFailure).toHaveBeenCalledTimes(2);
    expect(logged).toHaveBeenCalledWith('probe(): onFailure threw; the probe goes on:', expect.any(Error));
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells onCheck the outcome and duration of every check: a pass, a failure, a timeout, a hung interval', async () => {
    const { check, calls } = manualCheck();
    const results: ProbeCheckResult[] = [];
    const { subscription } = record({ intervalMs: 100, timeoutMs: 50, onCheck: (result) => results.push(result) }, check);
    await tick(0);
    await tick(20);
    calls[0]!.pass();
    await tick(0);
    expect(results).toEqual([{ passed: true, durationMs: 20, reason: undefined }]);
    await tick(100);
    await tick(5);
    const down = new Error('down');
    calls[1]!.fail(down);
    await tick(0);
    expect(results[1]).toEqual({ passed: false, durationMs: 5, reason: down });
    await tick(100 + 50); // the third check times out, then hangs through the next interval
    expect(results[2]).toMatchObject({ passed: false, durationMs: 50 });
    expect((results[2]!.reason as DOMException).name).toBe('TimeoutError');
    await tick(100);
    expect(results[3]).toMatchObject({ passed: false, durationMs: undefined });
    expect((results[3]!.reason as Error).message).toMatch(/still running/);
    expect(results).toHaveLength(4);
    subscription.unsubscribe();
  });

  it('goes on probing when onCheck throws, and still tells onFailure', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const onFailure = vi.fn();
    const { statuses, subscription } = record(
      {
        intervalMs: 100,
        failureThreshold: 1,
        initialStatus: 'SERVING',
        onFailure,
        onCheck: () => {
          throw new Error('the metrics SDK is broken');
        },
      },
      () => false,
    );
    await tick(0);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledWith('probe(): onCheck threw; the probe goes on:', expect.any(Error));
    subscription.unsubscribe();
  });

  it('rejects an onCheck that is not a function', () => {
    expect(() => probe(() => true, { onCheck: 'metrics' as never })).toThrow(new TypeError('probe(): onCheck must be a function'));
  });

  it('rejects a check that is not a function', () => {
    expect(() => probe('select 1' as never)).toThrow(new TypeError('probe(): check must be a function'));
  });
});
