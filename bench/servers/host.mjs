// Runs one implementation's server in this process and answers the runner over IPC:
//   node --expose-gc bench/servers/host.mjs <implementation>
// Replies carry the request's id; times are process.hrtime.bigint() (one clock for all processes).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { writeHeapSnapshot } from 'node:v8';
import { answerParent } from '../lib/child.mjs';

const name = process.argv[2];
const server = await (await import(`./${name}.mjs`)).start();

async function collectGarbage() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await nextTurn();
  }
  const { heapUsed, rss, external } = process.memoryUsage();
  return { heapUsed, rss, external };
}

const operations = {
  set({ service = '', status }) {
    const at = process.hrtime.bigint();
    server.set(service, status);
    return { at: String(at) };
  },
  memory: collectGarbage,
  // For profiling by hand: a heap snapshot (after GC) at `path`.
  async snapshot({ path }) {
    await collectGarbage();
    return { path: writeHeapSnapshot(path) };
  },
  streams: () => ({ count: server.openStreams() }),
  // Waits (polling, bounded) until the implementation holds `count` open streams.
  async waitStreams({ count, timeoutMs }) {
    const start = performance.now();
    while (server.openStreams() !== count) {
      if (performance.now() - start > timeoutMs) {
        throw new Error(`${name}: ${server.openStreams()} open streams after ${timeoutMs} ms, expected ${count}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return { ms: performance.now() - start };
  },
  // Flips the status `count` times, `perTurn` flips per event-loop turn so that writes are tried
  // in between; stops early (and says so) if the heap grows past `maxGrowth` bytes.
  async flip({ service = '', count, perTurn, maxGrowth }) {
    const startHeap = process.memoryUsage().heapUsed;
    const start = performance.now();
    let flips = 0;
    while (flips < count) {
      for (let i = 0; i < perTurn && flips < count; i++, flips++) {
        server.set(service, flips % 2 === 0 ? 'NOT_SERVING' : 'SERVING');
      }
      await nextTurn();
      if (process.memoryUsage().heapUsed - startHeap > maxGrowth) break;
    }
    return { flips, ms: performance.now() - start };
  },
  stop() {
    setImmediate(() => process.exit(0));
    return {};
  },
};

answerParent(operations, { port: server.port });
