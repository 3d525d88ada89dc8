import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthRegistry } from '../../src/index.js';
import { later } from '../support/later-run.js';

const T0 = Date.UTC(2026, 11, 2, 8, 0, 0);

describe('HealthRegistry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('changedAt()', () => {
    it('is the registry\'s creation for "" until it changes, and the last change of each service', async () => {
      const registry = new HealthRegistry();
      await later(T0 + 1_000);
      registry.set('db', 'NOT_SERVING');
      await later(T0 + 2_000);
      registry.set('db', 'NOT_SERVING'); // no change: still since T0 + 1 s
      registry.set('cache', 'SERVING');
      expect(registry.changedAt('')).toBe(T0);
      expect(registry.changedAt('db')).toBe(T0 + 1_000);
      expect(registry.changedAt('cache')).toBe(T0 + 2_000);
      await later(T0 + 3_000);
      registry.set('', 'NOT_SERVING');
      expect(registry.changedAt('')).toBe(T0 + 3_000);
    });

    it('is undefined for a service that is not registered: never set, only watched, or cleared', async () => {
      const registry = new HealthRegistry();
      const subscription = registry.watch('queue').subscribe();
      registry.set('db', 'SERVING');
      registry.clear('db');
      expect(registry.changedAt('queue')).toBeUndefined();
      expect(registry.changedAt('db')).toBeUndefined();
      expect(registry.changedAt('never')).toBeUndefined();
      subscription.unsubscribe();
    });

    it('moves with the status a shutdown and a resume show, and only for services they change', async () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      registry.set('cache', 'NOT_SERVING');
      await later(T0 + 5_000);
      registry.shutdown();
      expect(registry.changedAt('db')).toBe(T0 + 5_000);
      expect(registry.changedAt('cache')).toBe(T0); // it was NOT_SERVING already
      await later(T0 + 6_000);
      registry.set('db', 'NOT_SERVING'); // remembered for resume(), not shown
      expect(registry.changedAt('db')).toBe(T0 + 5_000);
      await later(T0 + 7_000);
      registry.resume();
      expect(registry.changedAt('')).toBe(T0 + 7_000);
      expect(registry.changedAt('db')).toBe(T0 + 5_000); // NOT_SERVING before and after
    });

    it('is already the new time when watchers are told', async () => {
      const registry = new HealthRegistry();
      const seen: Array<number | undefined> = [];
      registry.watch('db').subscribe(() => seen.push(registry.changedAt('db')));
      await later(T0 + 1_000);
      registry.set('db', 'SERVING');
      expect(seen).toEqual([undefined, T0 + 1_000]);
    });

    it('rejects a name that is not a string', async () => {
      expect(() => new HealthRegistry().changedAt(1 as never)).toThrow(TypeError);
    });
  });

  describe('watchShutdown()', () => {
    it('tells the current state at once, then each shutdown and resume, once the services show it', async () => {
      const registry = new HealthRegistry();
      const seen: Array<[boolean, string | undefined]> = [];
      registry.watchShutdown().subscribe((shutdown) => seen.push([shutdown, registry.status('')]));
      registry.shutdown();
      registry.shutdown(); // no second true
      registry.resume();
      expect(seen).toEqual([
        [false, 'SERVING'],
        [true, 'NOT_SERVING'],
        [false, 'SERVING'],
      ]);
    });

    it('tells a shutdown that changes no status (everything NOT_SERVING already)', async () => {
      const registry = new HealthRegistry({ serverStatus: 'NOT_SERVING' });
      const statuses: string[] = [];
      registry.watch('').subscribe((status) => statuses.push(status));
      const seen: boolean[] = [];
      registry.watchShutdown().subscribe((shutdown) => seen.push(shutdown));
      registry.shutdown();
      expect(statuses).toEqual(['NOT_SERVING']);
      expect(seen).toEqual([false, true]);
    });

    it('leaves every subscriber on the newest state when one resumes from inside its notification', async () => {
      const registry = new HealthRegistry();
      const first: boolean[] = [];
      const second: boolean[] = [];
      registry.watchShutdown().subscribe((shutdown) => {
        first.push(shutdown);
        if (shutdown) registry.resume();
      });
      registry.watchShutdown().subscribe((shutdown) => second.push(shutdown));
      registry.shutdown();
      expect(registry.isShutdown).toBe(false);
      expect(first.at(-1)).toBe(false);
      expect(second.at(-1)).toBe(false);
      expect(registry.status('')).toBe('SERVING');
    });
  });
});

describe('HealthRegistry livenessServices', () => {
  it('registers each SERVING at once, and shutdown() leaves them alone while everything else turns NOT_SERVING', async () => {
    const registry = new HealthRegistry({ livenessServices: ['liveness'] });
    registry.set('db', 'SERVING');
    expect(registry.list()).toEqual(new Map([['', 'SERVING'], ['liveness', 'SERVING'], ['db', 'SERVING']]));
    const seen: string[] = [];
    registry.watch('liveness').subscribe((status) => seen.push(status));
    registry.shutdown();
    expect(registry.list()).toEqual(new Map([['', 'NOT_SERVING'], ['liveness', 'SERVING'], ['db', 'NOT_SERVING']]));
    expect(seen).toEqual(['SERVING']);
  });

  it('still follows set() and clear() while shut down (the process can be stuck during a drain too)', async () => {
    const registry = new HealthRegistry({ livenessServices: ['liveness'] });
    registry.shutdown();
    registry.set('liveness', 'NOT_SERVING');
    expect(registry.status('liveness')).toBe('NOT_SERVING');
    registry.clear('liveness');
    expect(registry.status('liveness')).toBeUndefined();
    registry.set('liveness', 'SERVING');
    registry.resume();
    expect(registry.status('liveness')).toBe('SERVING');
  });

  it('refuses "" and names that are not strings', async () => {
    expect(() => new HealthRegistry({ livenessServices: [''] })).toThrow(/livenessServices cannot hold ""/);
    expect(() => new HealthRegistry({ livenessServices: [1 as never] })).toThrow(TypeError);
    expect(() => new HealthRegistry({ livenessServices: 'liveness' as never })).toThrow(/must be an array/);
  });
});
