import { describe, expect, it } from 'vitest';
import { ServiceEntry, type EntryOwner } from '../../src/registry/service-entry.js';

function ownedEntry(liveness = false) {
  const log = { registered: 0, changes: [] as string[], released: 0 };
  const owner: EntryOwner = {
    depth: 0,
    changed: (_entry, status) => void log.changes.push(status),
    registered: (change) => void (log.registered += change),
    released: () => void log.released++,
    now: () => ({ ms: 0 }),
  };
  return { entry: new ServiceEntry('db', liveness, owner), log };
}

// The state machine of one service. Each row: the steps (`set:S`, `clear`, `shutdown`, `resume`;
// `~` before set/clear: while the registry is shut down), then what Check sees (status if
// visible), whether it is registered, and every status its watchers were told.
const CASES: [string, string, string | undefined, boolean, string][] = [
  ['a set registers and shows it', 'set:SERVING', 'SERVING', true, 'SERVING'],
  ['the same status again tells nobody', 'set:SERVING set:SERVING', 'SERVING', true, 'SERVING'],
  ['a clear forgets it; watchers see SERVICE_UNKNOWN', 'set:SERVING clear', undefined, false, 'SERVING SERVICE_UNKNOWN'],
  ['a clear of a service never set does nothing', 'clear', undefined, false, ''],
  ['shutdown shows NOT_SERVING', 'set:SERVING shutdown', 'NOT_SERVING', true, 'SERVING NOT_SERVING'],
  ['a set while shut down is only remembered', 'set:NOT_SERVING shutdown ~set:SERVING', 'NOT_SERVING', true, 'NOT_SERVING'],
  ['... and shown at resume', 'set:NOT_SERVING shutdown ~set:SERVING resume', 'SERVING', true, 'NOT_SERVING SERVING'],
  ['a clear while shut down takes effect at resume', 'set:SERVING shutdown ~clear resume', undefined, false, 'SERVING NOT_SERVING SERVICE_UNKNOWN'],
  ['a first set while shut down registers, unseen until resume', '~set:SERVING', undefined, true, ''],
  ['... then shows at resume', '~set:SERVING resume', 'SERVING', true, 'SERVING'],
];

describe('ServiceEntry', () => {
  it.each(CASES)('%s: %s', (_title, steps, check, registered, told) => {
    const { entry, log } = ownedEntry();
    const seen: string[] = [];
    entry.attach({ next: (status) => seen.push(status), complete: () => {} });
    for (const step of steps.split(' ')) {
      const shutDown = step.startsWith('~');
      const [action, status] = step.replace('~', '').split(':');
      if (action === 'set') entry.set(status as 'SERVING' | 'NOT_SERVING', shutDown);
      else if (action === 'clear') entry.clear(shutDown);
      else if (action === 'shutdown') entry.shutdown();
      else entry.resume();
    }
    expect(entry.visible ? entry.status : undefined).toBe(check);
    expect(entry.registered).toBe(registered);
    expect(log.registered).toBe(registered ? 1 : 0);
    expect(seen.slice(1).join(' ')).toBe(told); // the first is SERVICE_UNKNOWN, on attach
    expect(log.changes.join(' ')).toBe(told);
  });

  it('leaves a liveness service alone at shutdown', () => {
    const { entry } = ownedEntry(true);
    entry.set('SERVING', false);
    entry.shutdown();
    entry.set('NOT_SERVING', true); // shown at once: the shutdown does not concern it
    expect(entry.status).toBe('NOT_SERVING');
  });

  it('counts a watcher gone once, whether it detaches or its watch is ended', () => {
    const { entry, log } = ownedEntry();
    const [first, second] = [{ next() {}, complete() {} }, { next() {}, complete() {} }];
    entry.attach(first);
    entry.attach(second);
    entry.detach(first);
    entry.detach(first);
    entry.endWatchers();
    entry.detach(second);
    expect([log.released, entry.watchers, entry.disposable]).toEqual([2, 0, true]);
  });
});
