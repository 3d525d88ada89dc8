// Cancel churn: open and cancel many Watch streams (each after its first status); cancels/s,
// and the server's heap before and after, once it holds no stream any more. Every
// implementation's server and client live for the whole round; the churn visits them in slices.
import { startChild } from '../lib/child.mjs';

export default {
  id: 'churn',
  title: 'Cancel churn',
  metrics: (config) => [
    { id: 'cancelsPerSec', label: `cancel churn (${config.churn.total.toLocaleString('en')} streams)`, unit: '/s', better: 'higher' },
    { id: 'heapGrowth', label: 'cancel churn: heap after − before', unit: 'B', better: 'lower', tolerance: 1024 * 1024 },
  ],
  async measureRound(implementations, config) {
    const { total, concurrency, sessions, slices } = config.churn;
    const pairs = new Map();
    try {
      for (const impl of implementations) {
        const server = await startChild('servers/host.mjs', [impl.id]);
        const client = await startChild('clients/watchers.mjs');
        // A short churn first, so that both heap figures are taken from a warmed-up server.
        await client.request('churn', { port: server.port, total: concurrency * 2, concurrency, sessionCount: sessions });
        await server.request('waitStreams', { count: 0, timeoutMs: 30_000 });
        pairs.set(impl.id, { server, client, before: await server.request('memory'), ms: 0 });
      }
      for (let slice = 0; slice < slices; slice++) {
        const order = slice % 2 === 0 ? implementations : [...implementations].reverse();
        for (const impl of order) {
          const pair = pairs.get(impl.id);
          const start = performance.now();
          await pair.client.request('churn', { port: pair.server.port, total: total / slices, concurrency, sessionCount: sessions }, 300_000);
          await pair.server.request('waitStreams', { count: 0, timeoutMs: 30_000 });
          pair.ms += performance.now() - start;
        }
      }
      const results = {};
      for (const [id, { server, before, ms }] of pairs) {
        const after = await server.request('memory');
        results[id] = { cancelsPerSec: total / (ms / 1000), heapGrowth: after.heapUsed - before.heapUsed };
      }
      return results;
    } finally {
      for (const { server, client } of pairs.values()) {
        await client.stop();
        await server.stop();
      }
    }
  },
};
