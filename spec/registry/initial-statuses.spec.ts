import { describe, expect, it } from 'vitest';
import { HealthRegistry, type SettableStatus } from '../../src/index.js';

describe('new HealthRegistry({ statuses })', () => {
  it('starts with the statuses of an object, "" included, as grpc-health-check\'s constructor takes them', () => {
    const registry = new HealthRegistry({ statuses: { '': 'NOT_SERVING', 'app.Orders': 'SERVING', 'app.Billing': 'NOT_SERVING' } });
    expect(registry.list()).toEqual(
      new Map([
        ['', 'NOT_SERVING'],
        ['app.Orders', 'SERVING'],
        ['app.Billing', 'NOT_SERVING'],
      ]),
    );
  });

  it('takes [service, status] pairs too: another registry\'s list()', () => {
    const first = new HealthRegistry({ statuses: { db: 'NOT_SERVING' } });
    const second = new HealthRegistry({ statuses: first.list() });
    expect(second.list()).toEqual(first.list());
    expect(new HealthRegistry({ statuses: [['db', 'SERVING']] }).status('db')).toBe('SERVING');
  });

  it('leaves "" SERVING unless it names it, and tells watchers the statuses it starts with', () => {
    const registry = new HealthRegistry({ statuses: { db: 'SERVING' } });
    const seen: string[] = [];
    registry.watch('db').subscribe((status) => seen.push(status)).unsubscribe();
    expect([registry.status(''), ...seen]).toEqual(['SERVING', 'SERVING']);
    expect(registry.stats().services).toBe(2);
  });

  it('works with the other options: serverStatus, maxServices, livenessServices', () => {
    expect(new HealthRegistry({ serverStatus: 'NOT_SERVING', statuses: { db: 'SERVING' } }).list()).toEqual(
      new Map([
        ['', 'NOT_SERVING'],
        ['db', 'SERVING'],
      ]),
    );
    expect(() => new HealthRegistry({ maxServices: 2, statuses: { a: 'SERVING', b: 'SERVING' } })).toThrow(RangeError);
    const live = new HealthRegistry({ livenessServices: ['liveness'], statuses: { db: 'NOT_SERVING' } });
    expect(live.status('liveness')).toBe('SERVING');
    expect(live.status('db')).toBe('NOT_SERVING');
  });

  it('refuses bad input with a TypeError naming the entry, and a hint for grpc-health-check\'s UNKNOWN', () => {
    const make = (statuses: unknown, more: object = {}) => () => new HealthRegistry({ statuses, ...more } as never);
    expect(make({ db: 'UNKNOWN' })).toThrow(
      new TypeError(`new HealthRegistry(): statuses["db"] must be 'SERVING' or 'NOT_SERVING', got "UNKNOWN" (for grpc-health-check's UNKNOWN, use 'NOT_SERVING')`),
    );
    expect(make({ db: 1 as unknown as SettableStatus })).toThrow(/statuses\["db"\] must be 'SERVING' or 'NOT_SERVING', got 1$/);
    expect(make('db')).toThrow(/statuses must be an object or an iterable of \[service, status\] pairs/);
    expect(make([['db']])).toThrow(/statuses must hold \[service, status\] pairs/);
    expect(make(new Map([[1, 'SERVING']]))).toThrow(/statuses must name services with strings, got 1/);
    expect(make({ '': 'SERVING' }, { serverStatus: 'SERVING' })).toThrow(
      new TypeError(`new HealthRegistry(): serverStatus and statuses[""] both set the server's status; give one`),
    );
  });
});
