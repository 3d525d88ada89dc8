import { describe, expect, it } from 'vitest';
import { HealthRegistry, type ServingStatus } from '../../src/index.js';

function record(registry: HealthRegistry, service: string) {
  const seen: ServingStatus[] = [];
  const subscription = registry.watch(service).subscribe((status) => seen.push(status));
  return { seen, subscription };
}

describe('HealthRegistry', () => {
  describe('the server status ""', () => {
    it('starts SERVING and is registered', () => {
      const registry = new HealthRegistry();
      expect(registry.status('')).toBe('SERVING');
      expect(registry.list()).toEqual(new Map([['', 'SERVING']]));
    });

    it('can start NOT_SERVING', () => {
      expect(new HealthRegistry({ serverStatus: 'NOT_SERVING' }).status('')).toBe('NOT_SERVING');
    });

    it('rejects a start status that is not settable', () => {
      expect(() => new HealthRegistry({ serverStatus: 'UNKNOWN' as never })).toThrow(TypeError);
    });

    it('cannot be cleared', () => {
      const registry = new HealthRegistry();
      expect(() => registry.clear('')).toThrow(/HealthRegistry\.clear\(\).*cannot be cleared/);
      expect(registry.status('')).toBe('SERVING');
    });
  });

  describe('set() and status()', () => {
    it('reports undefined for a named service never set', () => {
      expect(new HealthRegistry().status('db')).toBeUndefined();
    });

    it('registers and changes a service', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'NOT_SERVING');
      expect(registry.status('db')).toBe('NOT_SERVING');
      registry.set('db', 'SERVING');
      expect(registry.status('db')).toBe('SERVING');
    });

    it.each([
      [42, '42'],
      [undefined, 'undefined'],
      [null, 'null'],
      [{}, 'object'],
    ])('throws a TypeError naming the method for the name %j', (name, shown) => {
      const registry = new HealthRegistry();
      expect(() => registry.set(name as never, 'SERVING')).toThrow(TypeError);
      expect(() => registry.set(name as never, 'SERVING')).toThrow(`HealthRegistry.set(): service must be a string, got ${shown}`);
      expect(() => registry.status(name as never)).toThrow(/HealthRegistry\.status\(\)/);
      expect(() => registry.watch(name as never)).toThrow(/HealthRegistry\.watch\(\)/);
      expect(() => registry.clear(name as never)).toThrow(/HealthRegistry\.clear\(\)/);
    });

    it.each(['SERVICE_UNKNOWN', 'UNKNOWN', 'serving', '', 1, true, undefined])(
      'throws a TypeError for the status %j and changes nothing',
      (status) => {
        const registry = new HealthRegistry();
        registry.set('db', 'SERVING');
        expect(() => registry.set('db', status as never)).toThrow(
          /HealthRegistry\.set\(\): status must be 'SERVING' or 'NOT_SERVING'/,
        );
        expect(() => registry.set('other', status as never)).toThrow(TypeError);
        expect(registry.status('db')).toBe('SERVING');
        expect(registry.list()).toEqual(new Map([['', 'SERVING'], ['db', 'SERVING']]));
      },
    );

    it('limits the number of services when asked to', () => {
      const registry = new HealthRegistry({ maxServices: 2 });
      registry.set('a', 'SERVING');
      expect(() => registry.set('b', 'SERVING')).toThrow(RangeError);
      expect(() => registry.set('b', 'SERVING')).toThrow(/HealthRegistry\.set\(\)/);
      registry.set('a', 'NOT_SERVING'); // a registered service can still change
      registry.clear('a');
      registry.set('b', 'SERVING'); // and clearing frees a place
      expect([...registry.list().keys()]).toEqual(['', 'b']);
      expect(registry.stats().subjects).toBe(2);
    });
  });

  describe('watch()', () => {
    it('emits the current status at once, then each change', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      const { seen } = record(registry, 'db');
      expect(seen).toEqual(['SERVING']);
      registry.set('db', 'NOT_SERVING');
      registry.set('db', 'SERVING');
      expect(seen).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    });

    it('never emits the same status twice in a row', () => {
      const registry = new HealthRegistry();
      const { seen } = record(registry, 'db');
      registry.set('db', 'SERVING');
      registry.set('db', 'SERVING');
      registry.set('db', 'NOT_SERVING');
      registry.set('db', 'NOT_SERVING');
      expect(seen).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'NOT_SERVING']);
    });

    it('emits SERVICE_UNKNOWN for an unknown service, then its status once set', () => {
      const registry = new HealthRegistry();
      const { seen } = record(registry, 'later');
      expect(seen).toEqual(['SERVICE_UNKNOWN']);
      expect(registry.status('later')).toBeUndefined();
      expect(registry.list().has('later')).toBe(false);
      registry.set('later', 'SERVING');
      expect(seen).toEqual(['SERVICE_UNKNOWN', 'SERVING']);
    });

    it('releases the subject of an unknown name with its last watcher', () => {
      const registry = new HealthRegistry();
      const first = record(registry, 'ghost');
      const second = record(registry, 'ghost');
      expect(registry.stats()).toEqual({ services: 1, subjects: 2, watchers: 2, bindings: 0 });
      first.subscription.unsubscribe();
      expect(registry.stats().subjects).toBe(2);
      second.subscription.unsubscribe();
      expect(registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
    });

    it('keeps the subject of a name that was set while watched', () => {
      const registry = new HealthRegistry();
      const { subscription } = record(registry, 'db');
      registry.set('db', 'SERVING');
      subscription.unsubscribe();
      expect(registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
      expect(registry.status('db')).toBe('SERVING');
    });

    it('leaves every watcher on the newest status when a watcher sets from inside a notification', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      const first: ServingStatus[] = [];
      registry.watch('db').subscribe((status) => {
        first.push(status);
        if (status === 'NOT_SERVING') registry.set('db', 'SERVING');
      });
      const { seen } = record(registry, 'db');
      registry.set('db', 'NOT_SERVING');
      expect(registry.status('db')).toBe('SERVING');
      expect(first.at(-1)).toBe('SERVING');
      expect(seen.at(-1)).toBe('SERVING');
      for (const statuses of [first, seen]) {
        statuses.forEach((status, i) => expect(status).not.toBe(statuses[i - 1]));
      }
    });

    it('lets a watcher unsubscribe another one during a notification', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      const seen: ServingStatus[] = [];
      const later = registry.watch('db').subscribe(() => {});
      registry.watch('db').subscribe((status) => {
        if (status === 'NOT_SERVING') later.unsubscribe();
      });
      registry.watch('db').subscribe((status) => seen.push(status));
      registry.set('db', 'NOT_SERVING');
      expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
      expect(registry.stats().watchers).toBe(2);
    });
  });

  describe('clear()', () => {
    it('forgets a service and tells its watchers SERVICE_UNKNOWN', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      const { seen } = record(registry, 'db');
      registry.clear('db');
      expect(registry.status('db')).toBeUndefined();
      expect(registry.list().has('db')).toBe(false);
      expect(seen).toEqual(['SERVING', 'SERVICE_UNKNOWN']);
      registry.set('db', 'NOT_SERVING');
      expect(seen).toEqual(['SERVING', 'SERVICE_UNKNOWN', 'NOT_SERVING']);
    });

    it('drops the subject of a cleared service nobody watches', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      registry.clear('db');
      expect(registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
    });

    it('does nothing for an unknown service', () => {
      const registry = new HealthRegistry();
      const { seen } = record(registry, 'ghost');
      registry.clear('ghost');
      registry.clear('never');
      expect(seen).toEqual(['SERVICE_UNKNOWN']);
      expect(registry.stats().subjects).toBe(2);
    });
  });

  describe('shutdown() and resume()', () => {
    it('turns every service NOT_SERVING and tells watchers at once', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      registry.set('cache', 'NOT_SERVING');
      const server = record(registry, '');
      const db = record(registry, 'db');
      const cache = record(registry, 'cache');
      registry.shutdown();
      expect(registry.isShutdown).toBe(true);
      expect(server.seen).toEqual(['SERVING', 'NOT_SERVING']);
      expect(db.seen).toEqual(['SERVING', 'NOT_SERVING']);
      expect(cache.seen).toEqual(['NOT_SERVING']);
      expect(registry.list()).toEqual(new Map([['', 'NOT_SERVING'], ['db', 'NOT_SERVING'], ['cache', 'NOT_SERVING']]));
    });

    it('ignores set and clear until resume, which restores what was last set', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'NOT_SERVING');
      registry.set('old', 'SERVING');
      registry.shutdown();
      const db = record(registry, 'db');
      const fresh = record(registry, 'fresh');
      registry.set('db', 'SERVING');
      registry.set('', 'SERVING');
      registry.set('fresh', 'SERVING');
      registry.clear('old');
      expect(registry.status('db')).toBe('NOT_SERVING');
      expect(registry.status('')).toBe('NOT_SERVING');
      expect(registry.status('fresh')).toBeUndefined();
      expect(registry.status('old')).toBe('NOT_SERVING');
      expect(db.seen).toEqual(['NOT_SERVING']);
      expect(fresh.seen).toEqual(['SERVICE_UNKNOWN']);

      registry.resume();
      expect(registry.isShutdown).toBe(false);
      expect(registry.list()).toEqual(new Map([['', 'SERVING'], ['db', 'SERVING'], ['fresh', 'SERVING']]));
      expect(db.seen).toEqual(['NOT_SERVING', 'SERVING']);
      expect(fresh.seen).toEqual(['SERVICE_UNKNOWN', 'SERVING']);
      expect(registry.stats()).toEqual({ services: 3, subjects: 3, watchers: 2, bindings: 0 });
    });

    it('resumes a service that was NOT_SERVING as NOT_SERVING', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'NOT_SERVING');
      registry.shutdown();
      registry.resume();
      expect(registry.status('db')).toBe('NOT_SERVING');
      expect(registry.status('')).toBe('SERVING');
    });

    it('ends consistent when a watcher resumes from inside shutdown(), or shuts down from inside resume()', () => {
      const registry = new HealthRegistry();
      registry.set('a', 'SERVING');
      registry.set('b', 'SERVING');
      let reacted = false;
      const react = (action: () => void) =>
        registry.watch('a').subscribe(() => {
          if (reacted) return;
          reacted = true;
          action();
        });
      reacted = true; // not on subscribe
      let reaction = react(() => registry.resume());
      reacted = false;
      registry.shutdown();
      expect(registry.isShutdown).toBe(false);
      expect(registry.list()).toEqual(new Map([['', 'SERVING'], ['a', 'SERVING'], ['b', 'SERVING']]));
      reaction.unsubscribe();

      registry.shutdown();
      reacted = true;
      reaction = react(() => registry.shutdown());
      reacted = false;
      registry.resume();
      expect(registry.isShutdown).toBe(true);
      expect(registry.list()).toEqual(new Map([['', 'NOT_SERVING'], ['a', 'NOT_SERVING'], ['b', 'NOT_SERVING']]));
      const b = record(registry, 'b');
      expect(b.seen).toEqual(['NOT_SERVING']);
      reaction.unsubscribe();
    });

    it('is idempotent', () => {
      const registry = new HealthRegistry();
      const { seen } = record(registry, '');
      registry.shutdown();
      registry.shutdown();
      registry.resume();
      registry.resume();
      expect(seen).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    });
  });

  describe('endWatches()', () => {
    it('completes every watch; later watches work as usual', () => {
      const registry = new HealthRegistry();
      let completed = 0;
      registry.watch('').subscribe({ complete: () => completed++ });
      registry.watch('ghost').subscribe({ complete: () => completed++ });
      registry.endWatches();
      expect(completed).toBe(2);
      expect(registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
      const { seen } = record(registry, '');
      registry.set('', 'NOT_SERVING');
      expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
    });

    it('while shut down, ends later watches after their first status until resume', () => {
      const registry = new HealthRegistry();
      registry.shutdown();
      registry.endWatches();
      const seen: ServingStatus[] = [];
      let completed = false;
      registry.watch('').subscribe({ next: (status) => seen.push(status), complete: () => (completed = true) });
      expect(seen).toEqual(['NOT_SERVING']);
      expect(completed).toBe(true);
      expect(registry.stats().watchers).toBe(0);
      registry.resume();
      const after = record(registry, '');
      expect(after.subscription.closed).toBe(false);
      expect(after.seen).toEqual(['SERVING']);
    });
  });

  describe('list() and stats()', () => {
    it('is a snapshot that later changes do not touch', () => {
      const registry = new HealthRegistry();
      registry.set('db', 'SERVING');
      const snapshot = registry.list();
      registry.set('db', 'NOT_SERVING');
      registry.set('cache', 'SERVING');
      expect(snapshot).toEqual(new Map([['', 'SERVING'], ['db', 'SERVING']]));
    });

    it('counts watchers over all services', () => {
      const registry = new HealthRegistry();
      record(registry, '');
      record(registry, '');
      record(registry, 'x');
      expect(registry.watcherCount).toBe(3);
      expect(registry.stats().watchers).toBe(3);
    });
  });
});
