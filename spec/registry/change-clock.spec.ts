import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeClock } from '../../src/registry/change-clock.js';
import { HealthRegistry } from '../../src/index.js';

describe('ChangeClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads Date.now() once per synchronous run, and afresh after a microtask', async () => {
    const clock = new ChangeClock();
    const read = vi.spyOn(Date, 'now');
    expect(clock.now().ms).toBe(1_000);
    vi.setSystemTime(2_000);
    expect(clock.now().ms).toBe(1_000); // the same run
    expect(clock.now()).toBe(clock.now()); // one reading, shared by the run's changes
    expect(read).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    expect(clock.now().ms).toBe(2_000);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('gives a registry\'s changes the time of the run they were made in', async () => {
    const registry = new HealthRegistry();
    await Promise.resolve();
    vi.setSystemTime(5_000);
    registry.set('db', 'SERVING');
    vi.setSystemTime(6_000);
    registry.set('cache', 'SERVING'); // same synchronous run: same time
    expect([registry.changedAt('db'), registry.changedAt('cache')]).toEqual([5_000, 5_000]);
    await Promise.resolve();
    registry.set('db', 'NOT_SERVING');
    expect(registry.changedAt('db')).toBe(6_000);
  });
});
