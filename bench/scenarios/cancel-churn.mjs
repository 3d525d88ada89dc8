// Cancel churn: open and cancel many Watch streams (each after its first status); cancels/s,
// and the server's heap before and after, once it holds no stream any more.
import { startChild } from '../lib/child.mjs';

export default {
  id: 'churn',
  title: 'Cancel churn',
  metrics: (config) => [
    { id: 'cancelsPerSec', label: `cancel churn (${config.churn.total.toLocaleString('en')} streams)`, unit: '/s', better: 'higher' },
    { id: 'heapGrowth', label: 'cancel churn: heap after − before', unit: 'B', better: 'lower', tolerance: 1024 * 1024 },
  ],
  async measure(implementation, config) {
    const { total, concurrency, sessions } = config.churn;
    const server = await startChild('servers/host.mjs', [implementation.id]);
    const client = await startChild('clients/watchers.mjs');
    try {
      // A short churn first, so that both heap figures are taken from a warmed-up server.
      await client.request('churn', { port: server.port, total: concurrency * 2, concurrency, sessionCount: sessions });
      await server.request('waitStreams', { count: 0, timeoutMs: 30_000 });
      const before = await server.request('memory');
      const start = performance.now();
      await client.request('churn', { port: server.port, total, concurrency, sessionCount: sessions }, 300_000);
      await server.request('waitStreams', { count: 0, timeoutMs: 30_000 });
      const seconds = (performance.now() - start) / 1000;
      const after = await server.request('memory');
      return { cancelsPerSec: total / seconds, heapGrowth: after.heapUsed - before.heapUsed };
    } finally {
      await client.stop();
      await server.stop();
    }
  },
};
