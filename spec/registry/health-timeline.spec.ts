import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthRegistry, HealthTimeline } from '../../src/index.js';
import { later } from '../support/later-run.js';

const T0 = Date.UTC(2026, 11, 2, 8, 0, 0);

describe('HealthTimeline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records each change with its time, and each shutdown and resume, oldest first', async () => {
    const registry = new HealthRegistry();
    const timeline = new HealthTimeline(registry);
    await later(T0 + 1_000);
    registry.set('db', 'SERVING');
    registry.set('db', 'SERVING'); // no change, no entry
    await later(T0 + 2_000);
    registry.shutdown();
    await later(T0 + 3_000);
    registry.resume();
    registry.clear('db');
    expect(timeline.entries()).toEqual([
      { at: T0 + 1_000, service: 'db', status: 'SERVING' },
      { at: T0 + 2_000, service: '', status: 'NOT_SERVING' },
      { at: T0 + 2_000, service: 'db', status: 'NOT_SERVING' },
      { at: T0 + 2_000, shutdown: true },
      { at: T0 + 3_000, service: '', status: 'SERVING' },
      { at: T0 + 3_000, service: 'db', status: 'SERVING' },
      { at: T0 + 3_000, shutdown: false },
      { at: T0 + 3_000, service: 'db', status: 'SERVICE_UNKNOWN' },
    ]);
    timeline.stop();
  });

  it('keeps only the newest `size` entries, however many changes there are', async () => {
    const registry = new HealthRegistry();
    const timeline = new HealthTimeline(registry, { size: 100 });
    for (let i = 0; i < 10_000; i++) registry.set(`s${i % 7}`, i % 2 ? 'SERVING' : 'NOT_SERVING');
    const entries = timeline.entries();
    expect(entries).toHaveLength(100);
    expect(entries.at(-1)).toEqual({ at: T0, service: 's3', status: 'SERVING' }); // i = 9999
    timeline.stop();
  });

  it('stops recording when stopped, and leaves nothing subscribed', async () => {
    const registry = new HealthRegistry();
    const timeline = new HealthTimeline(registry);
    registry.set('db', 'SERVING');
    timeline.stop();
    registry.set('db', 'NOT_SERVING');
    registry.shutdown();
    expect(timeline.entries()).toEqual([{ at: T0, service: 'db', status: 'SERVING' }]);
  });

  it.each([0, -1, 1.5, Number.NaN, '10'])('rejects size %j with a RangeError', (size) => {
    expect(() => new HealthTimeline(new HealthRegistry(), { size: size as number })).toThrow(RangeError);
  });

  it('rejects a registry that is not one', async () => {
    expect(() => new HealthTimeline({} as HealthRegistry)).toThrow(new TypeError('HealthTimeline: registry must be a HealthRegistry'));
  });
});
