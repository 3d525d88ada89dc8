import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HealthRegistry, type ServingStatus } from '../../src/index.js';
import {
  HealthModel,
  MODEL_SERVICES,
  expectNoRepeats,
  modelOps,
  sortedListing,
  type ModelOp,
  type Reaction,
} from '../support/health-model.js';

interface Watcher {
  service: string;
  seen: ServingStatus[];
  completed: boolean;
  subscription: Subscription;
}

type Outcome = 'ok' | 'range-error' | 'type-error';

function outcomeOf(action: () => void): Outcome {
  try {
    action();
    return 'ok';
  } catch (error) {
    if (error instanceof RangeError) return 'range-error';
    if (error instanceof TypeError) return 'type-error';
    throw error;
  }
}

/**
 * Runs `ops` against a real registry and the reference model side by side, checking after
 * every operation (in-process delivery is synchronous, so "after the operations stop" is
 * "after each one"): each watcher's first status, no status twice in a row, each open
 * watcher on the model's status, status()/list()/stats() equal to the model's.
 */
function runAgainstModel(ops: ModelOp[], maxServices: number | undefined): void {
  const registry = new HealthRegistry(maxServices === undefined ? {} : { maxServices });
  const model = new HealthModel(maxServices);
  const open: Watcher[] = [];
  // Sets and clears made by reacting watchers, in the order the registry saw them.
  const nested: Array<{ reaction: Reaction; outcome: Outcome }> = [];

  function react(reaction: Reaction) {
    // Recorded before it runs: a set may set off further reactions, which come after it.
    const record: { reaction: Reaction; outcome: Outcome } = { reaction, outcome: 'ok' };
    nested.push(record);
    record.outcome = outcomeOf(() =>
      reaction.action === 'set' ? registry.set(reaction.service, reaction.status) : registry.clear(reaction.service),
    );
  }

  // The model applies what reacting watchers did right after the registry call that set them off.
  function applyNested(where: string) {
    for (const { reaction, outcome } of nested.splice(0)) {
      const expected = reaction.action === 'set' ? model.set(reaction.service, reaction.status) : model.clear(reaction.service);
      expect(outcome, `${where}: nested ${JSON.stringify(reaction)}`).toBe(expected);
    }
  }

  const sequence = JSON.stringify(ops);
  for (const [step, op] of ops.entries()) {
    const where = `step ${step} ${JSON.stringify(op)} of ${sequence}`;
    switch (op.kind) {
      case 'set':
        expect(outcomeOf(() => registry.set(op.service, op.status)), where).toBe(model.set(op.service, op.status));
        break;
      case 'burst':
        for (const status of op.statuses) {
          expect(outcomeOf(() => registry.set(op.service, status)), where).toBe(model.set(op.service, status));
          applyNested(where);
        }
        break;
      case 'clear':
        expect(outcomeOf(() => registry.clear(op.service)), where).toBe(model.clear(op.service));
        break;
      case 'shutdown':
        registry.shutdown();
        model.enterShutdown();
        break;
      case 'resume':
        registry.resume();
        model.resume();
        break;
      case 'endWatches': {
        registry.endWatches();
        model.endWatches();
        for (const watcher of open.splice(0)) {
          expect(watcher.completed, where).toBe(true);
          expect(watcher.seen.at(-1), where).toBe(model.watchStatus(watcher.service));
        }
        break;
      }
      case 'watch': {
        const expectedFirst = model.watchStatus(op.service);
        const watcher: Watcher = { service: op.service, seen: [], completed: false, subscription: undefined! };
        let reaction = op.reaction;
        watcher.subscription = registry.watch(op.service).subscribe({
          next: (status) => {
            watcher.seen.push(status);
            if (reaction !== undefined && status === reaction.on) {
              const once = reaction;
              reaction = undefined;
              react(once);
            }
          },
          complete: () => {
            watcher.completed = true;
          },
        });
        expect(watcher.seen[0], where).toBe(expectedFirst);
        expect(watcher.completed, where).toBe(model.watchesEnded);
        if (!watcher.completed) open.push(watcher);
        break;
      }
      case 'unwatch': {
        const [watcher] = open.splice(op.pick % Math.max(open.length, 1), 1);
        watcher?.subscription.unsubscribe();
        break;
      }
      case 'pause':
        break;
    }
    applyNested(where);

    for (const watcher of open) {
      expectNoRepeats(watcher.seen, `a watcher of ${JSON.stringify(watcher.service)} at ${where}`);
      expect(watcher.completed, where).toBe(false);
      expect(watcher.seen.at(-1), `${where}: watcher of ${JSON.stringify(watcher.service)}`).toBe(
        model.watchStatus(watcher.service),
      );
    }
    for (const name of [...MODEL_SERVICES, 'never-set']) {
      expect(registry.status(name), `${where}: status(${JSON.stringify(name)})`).toBe(model.check(name));
    }
    expect(sortedListing(registry.list()), where).toEqual(model.listed());
    expect(registry.isShutdown, where).toBe(model.shutdown);
    expect(registry.stats(), where).toEqual(model.stats(open.map((w) => w.service), open.length));
  }

  for (const watcher of open) watcher.subscription.unsubscribe();
  expect(registry.stats()).toEqual(model.stats([], 0));
}

describe('HealthRegistry against a reference model', () => {
  it('agrees with the model for any sequence of set, clear, shutdown, resume, endWatches, watch and unwatch', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(modelOps({ reactions: false, pauses: false, maxLength: 40 }), (ops) => runAgainstModel(ops, undefined)),
      { numRuns: 3_000 },
    );
  });

  it('agrees with the model when watchers set and clear from inside their notifications', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(modelOps({ reactions: true, pauses: false, maxLength: 40 }), (ops) => runAgainstModel(ops, undefined)),
      { numRuns: 3_000 },
    );
  });

  it('agrees with the model under maxServices, refusing one service too many with a RangeError', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(
        modelOps({ reactions: true, pauses: false, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        (ops, maxServices) => runAgainstModel(ops, maxServices),
      ),
      { numRuns: 1_500 },
    );
  });
});
