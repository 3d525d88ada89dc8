import { BehaviorSubject, NEVER, Observable, Subject, Subscription, of, throwError } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { HealthRegistry, type BindableStatus } from '../../src/index.js';

function registryWithErrors() {
  const errors: Array<[string, unknown]> = [];
  const registry = new HealthRegistry({ onError: (service, error) => errors.push([service, error]) });
  return { registry, errors };
}

describe('HealthRegistry.bind()', () => {
  it('makes the status follow the source, booleans included, and returns a Subscription', () => {
    const { registry, errors } = registryWithErrors();
    const source = new Subject<BindableStatus>();
    const binding = registry.bind('db', source);
    expect(binding).toBeInstanceOf(Subscription);
    expect(registry.status('db')).toBeUndefined(); // nothing emitted yet: still unknown
    source.next(true);
    expect(registry.status('db')).toBe('SERVING');
    source.next('NOT_SERVING');
    expect(registry.status('db')).toBe('NOT_SERVING');
    source.next('SERVING');
    source.next(false);
    expect(registry.status('db')).toBe('NOT_SERVING');
    expect(registry.stats().bindings).toBe(1);
    binding.unsubscribe();
    expect(source.observed).toBe(false);
    expect(registry.stats().bindings).toBe(0);
    source.next(true);
    expect(registry.status('db')).toBe('NOT_SERVING'); // stays where the source left it
    expect(errors).toEqual([]);
  });

  it('counts UNKNOWN and SERVICE_UNKNOWN as NOT_SERVING without reporting them', () => {
    const { registry, errors } = registryWithErrors();
    registry.bind('mirror', registry.watch('db')); // db is unknown: SERVICE_UNKNOWN
    expect(registry.status('mirror')).toBe('NOT_SERVING');
    registry.set('db', 'SERVING');
    expect(registry.status('mirror')).toBe('SERVING');
    registry.bind('other', of<BindableStatus[]>('SERVING', 'UNKNOWN'));
    expect(registry.status('other')).toBe('NOT_SERVING');
    expect(errors).toEqual([]);
  });

  it('turns NOT_SERVING on a source error, reports it, and ends the binding', () => {
    const { registry, errors } = registryWithErrors();
    const source = new Subject<BindableStatus>();
    registry.bind('db', source);
    source.next(true);
    const failure = new Error('pool closed');
    expect(() => source.error(failure)).not.toThrow();
    expect(registry.status('db')).toBe('NOT_SERVING');
    expect(errors).toEqual([['db', failure]]);
    expect(registry.stats().bindings).toBe(0);
  });

  it('reports to the per-binding onError instead of the registry one', () => {
    const { registry, errors } = registryWithErrors();
    const mine: unknown[] = [];
    registry.bind('db', throwError(() => new Error('boom')), { onError: (_, error) => mine.push(error) });
    expect(mine).toEqual([new Error('boom')]);
    expect(errors).toEqual([]);
    expect(registry.status('db')).toBe('NOT_SERVING');
  });

  it('survives an onError that throws: logged, the service NOT_SERVING, nothing thrown at the source', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const registry = new HealthRegistry({
        onError: () => {
          throw new Error('the logger is broken');
        },
      });
      const source = new Subject<BindableStatus>();
      registry.bind('db', source);
      source.next(true);
      expect(() => source.error(new Error('pool closed'))).not.toThrow();
      expect(registry.status('db')).toBe('NOT_SERVING');
      expect(registry.stats().bindings).toBe(0);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('onError threw while reporting "db"'), new Error('the logger is broken'), 'the report was:', new Error('pool closed'));
    } finally {
      log.mockRestore();
    }
  });

  it('leaves no binding when the source throws from subscribe(), and rethrows', () => {
    const { registry } = registryWithErrors();
    const broken = { subscribe: () => { throw new Error('cannot subscribe'); } } as unknown as Observable<BindableStatus>;
    expect(() => registry.bind('db', broken)).toThrow('cannot subscribe');
    expect(registry.stats().bindings).toBe(0);
  });

  it('logs with console.error when no onError was given', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const registry = new HealthRegistry();
      registry.bind('db', throwError(() => new Error('boom')));
      expect(log).toHaveBeenCalledWith(expect.stringContaining('"db" failed; it is NOT_SERVING now'), new Error('boom'));
    } finally {
      log.mockRestore();
    }
  });

  it('turns NOT_SERVING on a value that is not a status, reports it, and keeps following', () => {
    const { registry, errors } = registryWithErrors();
    const source = new Subject<unknown>();
    registry.bind('db', source as Observable<BindableStatus>);
    source.next('SERVING');
    source.next('healthy');
    expect(registry.status('db')).toBe('NOT_SERVING');
    expect(errors).toHaveLength(1);
    expect((errors[0]![1] as Error).message).toBe(
      'HealthRegistry.bind(): "db" got healthy; expected SERVING, NOT_SERVING or a boolean',
    );
    source.next(true);
    expect(registry.status('db')).toBe('SERVING');
    expect(registry.stats().bindings).toBe(1);
  });

  it('replaces the binding of a service that is already bound', () => {
    const { registry } = registryWithErrors();
    const first = new Subject<BindableStatus>();
    const second = new Subject<BindableStatus>();
    const firstBinding = registry.bind('db', first);
    registry.bind('db', second);
    expect(first.observed).toBe(false);
    expect(firstBinding.closed).toBe(true);
    first.next(true);
    expect(registry.status('db')).toBeUndefined();
    second.next(true);
    expect(registry.status('db')).toBe('SERVING');
    firstBinding.unsubscribe(); // the old handle does not touch the new binding
    expect(registry.stats().bindings).toBe(1);
    second.next(false);
    expect(registry.status('db')).toBe('NOT_SERVING');
  });

  it('ends the binding when the source completes, leaving the last status', () => {
    const { registry } = registryWithErrors();
    registry.bind('db', of(true));
    expect(registry.status('db')).toBe('SERVING');
    expect(registry.stats().bindings).toBe(0);
  });

  it('unbind() and clear() end the binding', () => {
    const { registry } = registryWithErrors();
    const source = new BehaviorSubject<BindableStatus>(true);
    registry.bind('db', source);
    expect(registry.unbind('db')).toBe(true);
    expect(registry.unbind('db')).toBe(false);
    expect(source.observed).toBe(false);
    registry.bind('db', source);
    registry.clear('db');
    expect(source.observed).toBe(false);
    expect(registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
  });

  it('unbindAll() ends every binding, and a bound watch() leaves no watcher behind', () => {
    const { registry } = registryWithErrors();
    const source = new BehaviorSubject<BindableStatus>(true);
    registry.bind('mirror', registry.watch('db'));
    registry.bind('queue', source);
    expect(registry.stats()).toMatchObject({ watchers: 1, bindings: 2 });
    expect(registry.unbindAll()).toBe(2);
    expect(registry.stats()).toMatchObject({ watchers: 0, bindings: 0 });
    expect(source.observed).toBe(false);
    expect(registry.list()).toEqual(new Map([['', 'SERVING'], ['mirror', 'NOT_SERVING'], ['queue', 'SERVING']]));
    expect(registry.unbindAll()).toBe(0);
  });

  it('lets shutdown() win: bound statuses are remembered and come back on resume()', () => {
    const { registry } = registryWithErrors();
    const source = new Subject<BindableStatus>();
    registry.bind('db', source);
    source.next(true);
    const seen: string[] = [];
    registry.watch('db').subscribe((status) => seen.push(status));
    registry.shutdown();
    source.next(true);
    source.next(false);
    source.next(true);
    expect(registry.status('db')).toBe('NOT_SERVING');
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
    registry.resume();
    expect(seen).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
  });

  it('reports a set that throws (maxServices) instead of throwing, and ends the binding', () => {
    const errors: unknown[] = [];
    const registry = new HealthRegistry({ maxServices: 1, onError: (_, error) => errors.push(error) });
    const source = new Subject<BindableStatus>();
    expect(() => registry.bind('db', of(true))).not.toThrow();
    registry.bind('cache', source);
    expect(() => source.next(true)).not.toThrow();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(RangeError);
    expect(source.observed).toBe(false);
    expect(registry.stats().bindings).toBe(0);
    expect(registry.list()).toEqual(new Map([['', 'SERVING']]));
  });

  it('holds nothing once a synchronous source ends its own binding', () => {
    const { registry, errors } = registryWithErrors();
    let teardowns = 0;
    const source = new Observable<BindableStatus>((subscriber) => {
      subscriber.error(new Error('at once'));
      subscriber.next(true); // ignored: the subscriber is closed
      return () => teardowns++;
    });
    registry.bind('db', source);
    expect(teardowns).toBe(1);
    expect(registry.status('db')).toBe('NOT_SERVING');
    expect(errors).toHaveLength(1);
    expect(registry.stats().bindings).toBe(0);
  });

  it('rejects a source that is not an Observable, and a bad name', () => {
    const { registry } = registryWithErrors();
    expect(() => registry.bind('db', Promise.resolve(true) as never)).toThrow(
      new TypeError('HealthRegistry.bind(): source must be an Observable'),
    );
    expect(() => registry.bind(1 as never, NEVER)).toThrow(TypeError);
    expect(registry.stats().bindings).toBe(0);
  });
});
