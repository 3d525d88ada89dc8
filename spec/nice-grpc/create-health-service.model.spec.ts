import fc from 'fast-check';
import { ClientError, Status } from 'nice-grpc';
import { describe, expect, it } from 'vitest';
import { until, within } from '../support/bounded.js';
import { HealthModel, MODEL_SERVICES, expectNoRepeats, modelOps, sortedListing, type ModelOp } from '../support/health-model.js';
import { HEALTH_SERVER_KINDS, type HealthServerKind } from '../support/health-server-kinds.js';
import { WatchRecorder } from '../support/watch-recorder.js';

interface WireWatcher {
  service: string;
  recorder: WatchRecorder;
}

/**
 * The same operations as the registry's model test, with Watch, Check and List over the wire.
 * Delivery is asynchronous here, so the checks are: each first status (awaited before the next
 * operation), no status twice in a row, streams ended by endWatches end with OK on the model's
 * status, and once the operations stop every open stream settles on the model's status while
 * Check and List answer what the model says.
 */
async function runOverTheWire(kind: HealthServerKind, ops: ModelOp[]): Promise<void> {
  const fixture = await kind.start();
  const { registry, client } = fixture;
  const model = new HealthModel();
  const open: WireWatcher[] = [];
  const where = (step: number) => `step ${step} of ${JSON.stringify(ops)}`;
  try {
    for (const [step, op] of ops.entries()) {
      switch (op.kind) {
        case 'set':
          registry.set(op.service, op.status);
          model.set(op.service, op.status);
          break;
        case 'burst':
          for (const status of op.statuses) {
            registry.set(op.service, status);
            model.set(op.service, status);
          }
          break;
        case 'clear':
          if (op.service === '') break; // a TypeError, covered in-process
          registry.clear(op.service);
          model.clear(op.service);
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
          const ended = open.splice(0);
          await within(5_000, 'ended streams', Promise.all(ended.map((w) => w.recorder.done)));
          for (const w of ended) {
            expect(w.recorder.error, where(step)).toBeUndefined();
            expect(w.recorder.last, where(step)).toBe(model.watchStatus(w.service));
          }
          break;
        }
        case 'watch': {
          const recorder = new WatchRecorder((signal) => client.watch({ service: op.service }, { signal }));
          await recorder.waitForCount(1);
          expect(recorder.statuses[0], where(step)).toBe(model.watchStatus(op.service));
          if (model.watchesEnded) {
            await within(5_000, 'the stream to end after its first status', recorder.done);
            expect(recorder.error, where(step)).toBeUndefined();
            expect(recorder.statuses, where(step)).toHaveLength(1);
          } else {
            open.push({ service: op.service, recorder });
          }
          break;
        }
        case 'unwatch': {
          const [w] = open.splice(op.pick % Math.max(open.length, 1), 1);
          w?.recorder.cancel();
          break;
        }
        case 'pause':
          await new Promise((resolve) => setImmediate(resolve));
          break;
      }
    }

    const end = where(ops.length);
    await within(5_000, 'every open stream to settle', Promise.all(open.map((w) => w.recorder.waitForLast(model.watchStatus(w.service)))));
    for (const w of open) {
      expect(w.recorder.error, end).toBeUndefined();
      expectNoRepeats(w.recorder.statuses, `a watcher of ${JSON.stringify(w.service)} at ${end}`);
    }
    for (const service of [...MODEL_SERVICES, 'never-set']) {
      const expected = model.check(service);
      const answer = await client.check({ service }).then(
        ({ status }) => status,
        (error: unknown) => (error instanceof ClientError && error.code === Status.NOT_FOUND ? undefined : Promise.reject(error)),
      );
      expect(answer, `${end}: Check(${JSON.stringify(service)})`).toBe(expected);
    }
    const { statuses } = await client.list({});
    expect(sortedListing(Object.entries(statuses).map(([name, { status }]) => [name, status as 'SERVING']))).toEqual(model.listed());
    // Once every watch has gone, only registered services hold a subject.
    for (const w of open) w.recorder.cancel();
    await until(5_000, 'every watcher to leave', () => registry.watcherCount === 0);
    expect(registry.stats(), end).toEqual(model.stats([], 0));
  } finally {
    await fixture.close();
  }
}

describe.each(HEALTH_SERVER_KINDS)('$name against the reference model, over the wire', (kind) => {
  it('agrees with the model for random sequences of operations, with Watch, Check and List over gRPC', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(modelOps({ reactions: false, pauses: true, maxLength: 25 }), (ops) => runOverTheWire(kind, ops)),
      { numRuns: 100 },
    );
  });
});
