import { NEVER } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HealthRegistry, type ServingStatus } from '../../src/index.js';

describe('HealthRegistry maxServiceNameLength', () => {
  it('refuses a longer name where names enter the registry (set, bind) with a RangeError, and registers nothing', () => {
    const registry = new HealthRegistry();
    const long = 'x'.repeat(4097);
    expect(() => registry.set(long, 'SERVING')).toThrow(
      new RangeError('HealthRegistry.set(): the service name is 4097 characters long, longer than maxServiceNameLength (4096)'),
    );
    expect(() => registry.bind(long, NEVER)).toThrow(/^HealthRegistry\.bind\(\): the service name is 4097 characters long/);
    expect(registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
    registry.set('x'.repeat(4096), 'SERVING'); // the default limit itself is fine
    expect(registry.status('x'.repeat(4096))).toBe('SERVING');
  });

  it('takes another limit, or Infinity', () => {
    const short = new HealthRegistry({ maxServiceNameLength: 3 });
    short.set('abc', 'SERVING');
    expect(() => short.set('abcd', 'SERVING')).toThrow(RangeError);
    const unlimited = new HealthRegistry({ maxServiceNameLength: Infinity });
    unlimited.set('y'.repeat(100_000), 'NOT_SERVING');
    expect(unlimited.status('y'.repeat(100_000))).toBe('NOT_SERVING');
  });

  it('answers a longer name as unknown, and watches it without a subject of its own until the watcher leaves', () => {
    const registry = new HealthRegistry({ maxServiceNameLength: 8 });
    expect(registry.status('z'.repeat(9))).toBeUndefined();
    const seen: ServingStatus[][] = [[], []];
    const watchers = seen.map((list, i) => registry.watch('z'.repeat(9 + i)).subscribe((status) => list.push(status)));
    expect(registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 2, bindings: 0 });
    registry.set('z'.repeat(8), 'SERVING');
    registry.shutdown();
    registry.resume();
    expect(seen).toEqual([['SERVICE_UNKNOWN'], ['SERVICE_UNKNOWN']]);
    watchers[0]!.unsubscribe();
    expect(registry.watcherCount).toBe(1);
    watchers[1]!.unsubscribe();
    expect(registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
  });

  it('ends such watches on endWatches(), and while shut down ends later ones after their first status', () => {
    const registry = new HealthRegistry({ maxServiceNameLength: 8 });
    let completed = 0;
    registry.watch('z'.repeat(9)).subscribe({ complete: () => completed++ });
    registry.endWatches();
    expect(completed).toBe(1);
    expect(registry.watcherCount).toBe(0);
    registry.shutdown();
    registry.endWatches();
    const seen: ServingStatus[] = [];
    registry.watch('z'.repeat(9)).subscribe({ next: (status) => seen.push(status), complete: () => completed++ });
    expect(seen).toEqual(['SERVICE_UNKNOWN']);
    expect(completed).toBe(2);
    expect(registry.watcherCount).toBe(0);
  });
});
