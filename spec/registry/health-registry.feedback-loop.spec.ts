import { map, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HealthRegistry, type ServingStatus, type SettableStatus } from '../../src/index.js';

// On the old code these cascades never returned: the guard turns that hang into a failure
// (it throws from inside the cascade once it has run far past any sane bound).
const GUARD = 10_000;

function registryWithErrors(options: { maxServices?: number } = {}) {
  const errors: Array<[string, string]> = [];
  const registry = new HealthRegistry({
    ...options,
    onError: (service, error) => errors.push([service, error instanceof Error ? error.message : String(error)]),
  });
  return { registry, errors };
}

function guarded<T>(label: string, fn: (value: T) => SettableStatus) {
  let calls = 0;
  const guard = (value: T) => {
    if (++calls > GUARD) throw new Error(`${label}: ${GUARD} calls, the cascade never settles`);
    return fn(value);
  };
  return Object.assign(guard, { calls: () => calls });
}

const not = (status: ServingStatus): SettableStatus => (status === 'SERVING' ? 'NOT_SERVING' : 'SERVING');

function record(source: Observable<ServingStatus>): ServingStatus[] {
  const seen: ServingStatus[] = [];
  source.subscribe((status) => seen.push(status));
  return seen;
}

describe('HealthRegistry feedback loops', () => {
  it('ends two bindings that contradict each other: the one that closed the loop ends, the service is NOT_SERVING, onError is told', () => {
    const { registry, errors } = registryWithErrors();
    const seenA = record(registry.watch('a'));
    registry.bind('b', registry.watch('a')); // b follows a
    const negate = guarded('a = not b', not);
    const closing = registry.bind('a', registry.watch('b').pipe(map(negate))); // a is not b
    expect(negate.calls()).toBeLessThanOrEqual(210);
    expect(closing.closed).toBe(true);
    expect(registry.stats().bindings).toBe(1); // b still follows a
    expect(registry.status('a')).toBe('NOT_SERVING');
    expect(registry.status('b')).toBe('NOT_SERVING');
    expect(seenA.at(-1)).toBe('NOT_SERVING');
    expect(errors).toHaveLength(1);
    expect(errors[0]![0]).toBe('a');
    expect(errors[0]![1]).toMatch(/^HealthRegistry: "a" changed 100 times within one set\(\) without settling, a feedback loop .*; it is NOT_SERVING now, and the binding that closed it has ended$/);
    // The registry goes on working: b still follows a.
    registry.set('a', 'SERVING');
    expect(registry.status('b')).toBe('SERVING');
    expect(errors).toHaveLength(1);
  });

  it('ends a loop through three services (b follows a, c follows b, a is not c)', () => {
    const { registry, errors } = registryWithErrors();
    registry.bind('b', registry.watch('a'));
    registry.bind('c', registry.watch('b'));
    const negate = guarded('a = not c', not);
    registry.bind('a', registry.watch('c').pipe(map(negate)));
    expect(negate.calls()).toBeLessThanOrEqual(210);
    expect(registry.list()).toEqual(new Map([['', 'SERVING'], ['a', 'NOT_SERVING'], ['b', 'NOT_SERVING'], ['c', 'NOT_SERVING']]));
    expect(errors.map(([service]) => service)).toEqual(['a']);
    expect(registry.stats().bindings).toBe(2);
  });

  it('ends a loop that a changes() subscriber keeps going: its set is ignored, set() returns, every later loop is bounded too', () => {
    const { registry, errors } = registryWithErrors();
    const flip = guarded('the flipping subscriber', not);
    const subscription = registry.changes().subscribe(({ service, status }) => {
      if (service === 'a') registry.set('a', flip(status));
    });
    const seen = record(registry.watch('a'));
    registry.set('a', 'SERVING');
    expect(flip.calls()).toBeLessThanOrEqual(110);
    expect(registry.status('a')).toBe('NOT_SERVING');
    expect(seen.at(-1)).toBe('NOT_SERVING');
    expect(errors).toHaveLength(1);
    expect(errors[0]![1]).toMatch(/feedback loop.*NOT_SERVING now, and the set\(\) that closed it was ignored$/);
    registry.set('a', 'SERVING'); // the subscriber is still there, and so is the bound
    expect(flip.calls()).toBeLessThanOrEqual(220);
    expect(registry.status('a')).toBe('NOT_SERVING');
    expect(errors).toHaveLength(2);
    expect(subscription.closed).toBe(false);
  });

  it('keeps the count of registered services right when a clear() closes the loop', () => {
    const { registry, errors } = registryWithErrors({ maxServices: 2 });
    let reactions = 0;
    const subscription = registry.watch('a').subscribe((status) => {
      if (++reactions > GUARD) throw new Error(`${GUARD} reactions, the cascade never settles`);
      if (status === 'SERVING') registry.clear('a');
      else if (status === 'SERVICE_UNKNOWN' && reactions > 1) registry.set('a', 'SERVING');
    });
    registry.set('a', 'SERVING');
    expect(reactions).toBeLessThanOrEqual(210);
    expect(errors).toHaveLength(1);
    expect(registry.status('a')).toBe('NOT_SERVING');
    expect(registry.list()).toEqual(new Map([['', 'SERVING'], ['a', 'NOT_SERVING']]));
    subscription.unsubscribe();
    registry.clear('a');
    expect(registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
    registry.set('z', 'SERVING'); // one place is free again, and only one
    expect(() => registry.set('y', 'SERVING')).toThrow(RangeError);
  });

  it('lets a cascade that settles take its rounds, however it nests', () => {
    const { registry, errors } = registryWithErrors();
    let corrections = 90; // a watcher that disagrees 90 times, then gives in
    registry.watch('a').subscribe((status) => {
      if (status !== 'SERVICE_UNKNOWN' && corrections-- > 0) registry.set('a', not(status));
    });
    const seen = record(registry.watch('a'));
    registry.set('a', 'SERVING');
    expect(errors).toEqual([]);
    expect(registry.status('a')).toBe('SERVING'); // 90 flips after SERVING
    expect(seen.at(-1)).toBe('SERVING');
    // A chain of bindings settles in one round each.
    for (let i = 1; i <= 50; i++) registry.bind(`s${i}`, registry.watch(`s${i - 1}`));
    registry.set('s0', 'SERVING');
    expect(registry.status('s50')).toBe('SERVING');
    expect(errors).toEqual([]);
  });

  it('refuses a set nested 101 publishes deep (a changes() subscriber that sets a new name for every change): reported, nothing changed, no crash', () => {
    const { registry, errors } = registryWithErrors();
    let n = 0;
    registry.changes().subscribe(({ service }) => {
      if (service.startsWith('x') && n < GUARD) registry.set(`x${++n}`, 'SERVING');
    });
    registry.set('x0', 'SERVING'); // on the old code the stack overflowed inside RxJS (~700 deep), crashing the process
    expect(n).toBe(100);
    expect(registry.status('x99')).toBe('SERVING');
    expect(registry.status('x100')).toBeUndefined();
    expect(registry.stats()).toEqual({ services: 101, subjects: 101, watchers: 0, bindings: 0 });
    expect(errors).toEqual([
      ['x100', 'HealthRegistry: setting "x100" would nest 101 sets inside each other (a watcher that sets another service from every notification, without end?); nothing changed, and the set() that set it was ignored'],
    ]);
  });

  it('ends a binding whose set would nest too deep, and lets a chain of 99 bindings through operators settle', () => {
    const { registry, errors } = registryWithErrors();
    for (let i = 1; i < 100; i++) registry.bind(`c${i}`, registry.watch(`c${i - 1}`).pipe(map((status) => status === 'SERVING')));
    registry.set('c0', 'SERVING');
    expect(registry.status('c99')).toBe('SERVING');
    expect(errors).toEqual([]);
    const last = registry.bind('c100', registry.watch('c99'));
    registry.set('c0', 'NOT_SERVING');
    expect(registry.status('c99')).toBe('NOT_SERVING');
    expect(registry.status('c100')).toBe('SERVING'); // left where it was
    expect(last.closed).toBe(true);
    expect(errors).toEqual([['c100', expect.stringMatching(/would nest 101 sets .* the binding that set it has ended$/)]]);
  });
});
