import { describe, expect, it } from 'vitest';
import { HealthRegistry, allServing, type SettableStatus } from '../../src/index.js';

function record(registry: HealthRegistry, services: string[]) {
  const statuses: SettableStatus[] = [];
  const subscription = allServing(registry, services).subscribe((status) => statuses.push(status));
  return { statuses, subscription };
}

describe('allServing()', () => {
  it('is SERVING only while every service is SERVING; unknown and cleared ones count as not serving', () => {
    const registry = new HealthRegistry();
    const { statuses, subscription } = record(registry, ['db', 'cache']);
    expect(statuses).toEqual(['NOT_SERVING']);
    registry.set('db', 'SERVING');
    expect(statuses).toEqual(['NOT_SERVING']);
    registry.set('cache', 'SERVING');
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING']);
    registry.set('other', 'NOT_SERVING'); // not listed
    registry.set('cache', 'NOT_SERVING');
    registry.set('db', 'NOT_SERVING'); // no change of the verdict: not emitted
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    registry.set('cache', 'SERVING');
    registry.set('db', 'SERVING');
    registry.clear('db');
    expect(statuses).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    subscription.unsubscribe();
  });

  it('emits SERVING at once when all are already serving', () => {
    const registry = new HealthRegistry();
    registry.set('db', 'SERVING');
    expect(record(registry, ['db']).statuses).toEqual(['SERVING']);
  });

  it('derives "" when bound, and lets go when unbound', () => {
    const registry = new HealthRegistry();
    registry.bind('', allServing(registry, ['db', 'cache']));
    expect(registry.status('')).toBe('NOT_SERVING');
    registry.set('db', 'SERVING');
    registry.set('cache', 'SERVING');
    expect(registry.status('')).toBe('SERVING');
    registry.set('cache', 'NOT_SERVING');
    expect(registry.status('')).toBe('NOT_SERVING');
    registry.unbind('');
    expect(registry.stats().bindings).toBe(0);
    registry.set('cache', 'SERVING');
    expect(registry.status('')).toBe('NOT_SERVING'); // no longer derived
  });

  it('keeps "" NOT_SERVING through shutdown even when its dependencies are set SERVING, and restores it on resume', () => {
    const registry = new HealthRegistry();
    registry.set('db', 'SERVING');
    registry.set('cache', 'SERVING');
    registry.bind('', allServing(registry, ['db', 'cache']));
    const seen: string[] = [];
    registry.watch('').subscribe((status) => seen.push(status));
    registry.shutdown();
    registry.set('db', 'NOT_SERVING');
    registry.set('db', 'SERVING');
    registry.set('', 'SERVING');
    expect(registry.status('')).toBe('NOT_SERVING');
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
    registry.resume();
    expect(registry.status('')).toBe('SERVING');
    expect(seen.at(-1)).toBe('SERVING');
  });

  it('resumes "" as NOT_SERVING when a dependency went down during the shutdown', () => {
    const registry = new HealthRegistry();
    registry.set('db', 'SERVING');
    registry.bind('', allServing(registry, ['db']));
    registry.shutdown();
    registry.set('db', 'NOT_SERVING');
    registry.resume();
    expect(registry.status('')).toBe('NOT_SERVING');
    registry.set('db', 'SERVING');
    expect(registry.status('')).toBe('SERVING');
  });

  it('goes on after endWatches(), which ends watches only', () => {
    const registry = new HealthRegistry();
    registry.bind('', allServing(registry, ['db']));
    registry.endWatches();
    registry.set('db', 'SERVING');
    expect(registry.status('')).toBe('SERVING');
    expect(registry.stats().bindings).toBe(1);
  });

  it('is SERVING for an empty list, and rejects a list that is not one', () => {
    const registry = new HealthRegistry();
    expect(record(registry, []).statuses).toEqual(['SERVING']);
    expect(() => allServing(registry, 'db' as never)).toThrow(TypeError);
    expect(() => allServing(registry, [1] as never)).toThrow('allServing(): service names must be strings, got number');
  });
});
