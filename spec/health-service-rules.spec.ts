import { Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { GRPC_CODE, WatchBudget, healthServiceSettings, listRefusal, notFound } from '../src/health-service-rules.js';
import { HealthRegistry } from '../src/index.js';

// The rules both gRPC adapters map to their own error types; the adapters' end-to-end specs
// (spec/nice-grpc/*) hold each adapter to them over the wire.
describe('health service rules', () => {
  it.each([
    [{}, { maxListServices: 100, maxWatchers: Infinity }],
    [{ maxListServices: 5, maxWatchers: 0 }, { maxListServices: 5, maxWatchers: 0 }],
    [{ maxServiceNameLength: 8 }, { maxListServices: 100, maxWatchers: Infinity }], // deprecated: checked, no effect
  ])('fills in the defaults of %j', (options, settings) => {
    expect(healthServiceSettings('api()', new HealthRegistry(), options)).toEqual(settings);
  });

  it.each([
    ['notFound("db")', notFound('db'), { code: GRPC_CODE.NOT_FOUND, details: 'unknown service "db"' }],
    ['notFound of a long name', notFound('x'.repeat(200)), { code: 5, details: `unknown service "${'x'.repeat(128)}"... (200 characters)` }],
    ['listRefusal(101) under 100', listRefusal(101, { maxListServices: 100, maxWatchers: Infinity }), { code: GRPC_CODE.RESOURCE_EXHAUSTED, details: '101 services are registered; List returns at most 100' }],
    ['listRefusal(100) under 100', listRefusal(100, { maxListServices: 100, maxWatchers: Infinity }), undefined],
  ])('%s', (_, verdict, expected) => {
    expect(verdict).toEqual(expected);
  });

  describe('WatchBudget', () => {
    it('admits up to its limit, counts each stream until it is unsubscribed (once), and refuses past it', () => {
      const budget = new WatchBudget(2);
      const [a, b] = [new Subscription(), new Subscription()];
      budget.admit(a);
      expect(budget.refusal()).toBeUndefined();
      budget.admit(b);
      expect(budget.refusal()).toEqual({ code: 8, details: 'this Health service has 2 Watch streams open, the most maxWatchers allows' });
      a.unsubscribe();
      a.unsubscribe();
      expect(budget.open).toBe(1);
      expect(budget.refusal()).toBeUndefined();
    });

    it('releases at once a stream that already ended', () => {
      const budget = new WatchBudget(1);
      const ended = new Subscription();
      ended.unsubscribe();
      budget.admit(ended);
      expect(budget.open).toBe(0);
    });

    it('counts nothing without a limit, so the default costs no teardown per stream', () => {
      const budget = new WatchBudget(Infinity);
      const stream = new Subscription();
      budget.admit(stream);
      expect(budget.open).toBe(0);
      expect(budget.refusal()).toBeUndefined();
      expect((stream as unknown as { _finalizers: unknown })._finalizers).toBeNull();
    });
  });
});
