// Measures one implementation's in-process `set` in this process, for the runner over IPC:
//   node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 bench/in-process/host.mjs <id>
// The large young generation lets a batch of sets run without a GC, so that the heap growth
// over the batch is what the sets allocated.
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { answerParent } from '../lib/child.mjs';

const { create } = await import(`./${process.argv[2]}.mjs`);
let collections = 0;
new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });

const STATUSES = ['NOT_SERVING', 'SERVING'];

async function measure({ subscribers, seconds }) {
  const registry = create();
  let calls = 0;
  for (let i = 0; i < subscribers; i++) registry.subscribe(() => calls++);
  let flips = 0;
  const run = (count) => {
    for (let i = 0; i < count; i++) registry.set(STATUSES[flips++ & 1]);
  };
  const batch = Math.max(10, Math.min(10_000, Math.round(1e6 / (subscribers + 1))));
  run(batch); // warm-up
  calls = 0;
  const start = performance.now();
  let sets = 0;
  while (performance.now() - start < seconds * 1000) {
    run(batch);
    sets += batch;
  }
  const setsPerSec = sets / ((performance.now() - start) / 1000);
  if (calls < sets * subscribers) throw new Error(`${calls} notifications for ${sets} sets to ${subscribers} subscribers`);

  // Allocation: heap growth over a batch in which no GC ran (retried when one did).
  let bytesPerSet = NaN;
  for (let attempt = 0; attempt < 5 && Number.isNaN(bytesPerSet); attempt++) {
    globalThis.gc();
    // NOTE: GC entries reach the observer a few ticks later (not even by setImmediate).
    await delay(5);
    const seen = collections;
    const before = process.memoryUsage().heapUsed;
    run(batch);
    const after = process.memoryUsage().heapUsed;
    await delay(5);
    if (collections === seen) bytesPerSet = (after - before) / batch;
  }
  return { setsPerSec, bytesPerSet };
}

answerParent({ measure });
