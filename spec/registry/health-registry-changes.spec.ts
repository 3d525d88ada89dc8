import { describe, expect, it } from 'vitest';
import { HealthRegistry, type HealthChange } from '../../src/index.js';

function recordChanges(registry: HealthRegistry) {
  const changes: HealthChange[] = [];
  const subscription = registry.changes().subscribe((change) => changes.push(change));
  return { changes, subscription };
}

describe('HealthRegistry.changes()', () => {
  it('reports every change of every service, and nothing that did not change', () => {
    const registry = new HealthRegistry();
    registry.set('db', 'SERVING'); // before subscribing: not replayed
    const { changes, subscription } = recordChanges(registry);
    expect(changes).toEqual([]);
    registry.set('db', 'SERVING');
    registry.set('db', 'NOT_SERVING');
    registry.set('cache', 'SERVING');
    registry.set('', 'NOT_SERVING');
    registry.clear('cache');
    registry.watch('unknown').subscribe().unsubscribe(); // watching is not a change
    expect(changes).toEqual([
      { service: 'db', status: 'NOT_SERVING' },
      { service: 'cache', status: 'SERVING' },
      { service: '', status: 'NOT_SERVING' },
      { service: 'cache', status: 'SERVICE_UNKNOWN' },
    ]);
    subscription.unsubscribe();
  });

  it('reports what watchers see through shutdown and resume', () => {
    const registry = new HealthRegistry();
    registry.set('db', 'SERVING');
    registry.set('cache', 'NOT_SERVING');
    const { changes } = recordChanges(registry);
    registry.shutdown();
    registry.set('db', 'NOT_SERVING'); // remembered, not seen
    registry.set('db', 'SERVING');
    registry.resume();
    expect(changes).toEqual([
      { service: '', status: 'NOT_SERVING' },
      { service: 'db', status: 'NOT_SERVING' },
      { service: '', status: 'SERVING' },
      { service: 'db', status: 'SERVING' },
    ]);
  });

  it('tells a change after the service\'s own watchers, and goes on after endWatches()', () => {
    const registry = new HealthRegistry();
    const order: string[] = [];
    registry.watch('db').subscribe((status) => order.push(`watcher ${status}`));
    registry.changes().subscribe(({ status }) => order.push(`changes ${status}`));
    registry.set('db', 'SERVING');
    registry.endWatches();
    registry.set('db', 'NOT_SERVING');
    expect(order).toEqual(['watcher SERVICE_UNKNOWN', 'watcher SERVING', 'changes SERVING', 'changes NOT_SERVING']);
  });

  it('ends on the newest status when a subscriber clears and sets the service again inside its notification', () => {
    const registry = new HealthRegistry();
    const { changes } = recordChanges(registry);
    const subscription = registry.changes().subscribe(({ service, status }) => {
      if (service !== 'a' || status !== 'SERVING') return;
      registry.clear('a');
      registry.set('a', 'NOT_SERVING');
    });
    registry.set('a', 'SERVING');
    subscription.unsubscribe();
    expect(registry.status('a')).toBe('NOT_SERVING');
    expect(changes.filter((change) => change.service === 'a').at(-1)).toEqual({ service: 'a', status: 'NOT_SERVING' });
  });

  it('reports a status set from inside a change notification, ending on the newest', () => {
    const registry = new HealthRegistry();
    const { changes } = recordChanges(registry);
    const subscription = registry.changes().subscribe(({ service, status }) => {
      if (service === 'db' && status === 'SERVING') registry.set('db', 'NOT_SERVING');
    });
    registry.set('db', 'SERVING');
    subscription.unsubscribe();
    expect(changes.at(-1)).toEqual({ service: 'db', status: 'NOT_SERVING' });
    expect(registry.status('db')).toBe('NOT_SERVING');
  });
});
