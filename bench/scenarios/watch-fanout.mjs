// Watch fan-out (time from a set to the last watcher receiving it) and memory per idle Watch
// stream (server heap and RSS after GC, with 0 and with N open streams).
import { startChild } from '../lib/child.mjs';
import { median } from '../lib/stats.mjs';

// Time from the server's set to the client's last stream seeing it, in ms (one clock).
async function fanOut(server, client, status) {
  await client.request('expect', { status });
  const reached = client.waitFor((message) => message.reached !== undefined, `all watchers on ${status}`);
  const { at } = await server.request('set', { status });
  return Number(BigInt((await reached).at) - BigInt(at)) / 1e6;
}

async function fanOutMedian(server, client, { warmupFlips, flips }) {
  const times = [];
  for (let i = 0; i < warmupFlips + flips; i++) {
    const time = await fanOut(server, client, i % 2 === 0 ? 'NOT_SERVING' : 'SERVING');
    if (i >= warmupFlips) times.push(time);
  }
  // An even count of flips leaves the status SERVING for what follows.
  if ((warmupFlips + flips) % 2 === 1) await fanOut(server, client, 'SERVING');
  return median(times);
}

export default {
  id: 'watch',
  title: 'Watch fan-out and memory per idle stream',
  metrics: (config) => [
    ...config.watch.sizes.map((size) => ({
      id: `fanout${size}`,
      label: `Watch fan-out to ${size.toLocaleString('en')}`,
      unit: 'ms',
      better: 'lower',
    })),
    { id: 'heapPerStream', label: 'heap per idle Watch', unit: 'B', better: 'lower' },
    { id: 'rssPerStream', label: 'RSS per idle Watch', unit: 'B', better: 'lower' },
  ],
  async measure(implementation, config) {
    const { sizes, sessions } = config.watch;
    const server = await startChild('servers/host.mjs', [implementation.id]);
    const client = await startChild('clients/watchers.mjs');
    try {
      const result = {};
      const before = await server.request('memory');
      for (const size of sizes) {
        await client.request('open', { port: server.port, count: size, sessionCount: sessions }, 120_000);
        await server.request('waitStreams', { count: size, timeoutMs: 30_000 });
        if (size === sizes.at(-1)) {
          const after = await server.request('memory');
          result.heapPerStream = (after.heapUsed - before.heapUsed) / size;
          result.rssPerStream = (after.rss - before.rss) / size;
        }
        result[`fanout${size}`] = await fanOutMedian(server, client, config.watch);
      }
      return result;
    } finally {
      await client.stop();
      await server.stop();
    }
  },
};
