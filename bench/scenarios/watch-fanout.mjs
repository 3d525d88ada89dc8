// Watch fan-out (time from a set to the last watcher receiving it) and memory per idle Watch
// stream (server heap and RSS after GC, with 0 and with N open streams). Every implementation's
// server and watcher process live for the whole round, and the flips visit them in turn.
import { startChild } from '../lib/child.mjs';
import { median } from '../lib/stats.mjs';

// Time from the server's set to the client's last stream seeing it, in ms (one clock).
async function fanOut({ server, client }, status) {
  await client.request('expect', { status });
  const reached = client.waitFor((message) => message.reached !== undefined, `all watchers on ${status}`);
  const { at } = await server.request('set', { status });
  return Number(BigInt((await reached).at) - BigInt(at)) / 1e6;
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
    { id: 'heapPerStream', label: `heap per idle Watch (${config.watch.sizes.at(-1).toLocaleString('en')})`, unit: 'B', better: 'lower' },
    { id: 'rssPerStream', label: 'RSS per idle Watch', unit: 'B', better: 'lower' },
  ],
  async measureRound(implementations, config) {
    const { sizes, sessions, warmupFlips, flips } = config.watch;
    const pairs = new Map();
    const results = Object.fromEntries(implementations.map((impl) => [impl.id, {}]));
    try {
      for (const impl of implementations) {
        const server = await startChild('servers/host.mjs', [impl.id]);
        const client = await startChild('clients/watchers.mjs');
        pairs.set(impl.id, { server, client, before: await server.request('memory') });
      }
      for (const size of sizes) {
        for (const { server, client } of pairs.values()) {
          await client.request('open', { port: server.port, count: size, sessionCount: sessions }, 120_000);
          await server.request('waitStreams', { count: size, timeoutMs: 30_000 });
        }
        if (size === sizes.at(-1)) {
          for (const [id, { server, before }] of pairs) {
            const after = await server.request('memory');
            results[id].heapPerStream = (after.heapUsed - before.heapUsed) / size;
            results[id].rssPerStream = (after.rss - before.rss) / size;
          }
        }
        const times = new Map(implementations.map((impl) => [impl.id, []]));
        // An even number of flips leaves every server SERVING for the next size.
        const total = warmupFlips + flips + ((warmupFlips + flips) % 2);
        for (let flip = 0; flip < total; flip++) {
          const order = flip % 2 === 0 ? implementations : [...implementations].reverse();
          for (const impl of order) {
            const time = await fanOut(pairs.get(impl.id), flip % 2 === 0 ? 'NOT_SERVING' : 'SERVING');
            if (flip >= warmupFlips) times.get(impl.id).push(time);
          }
        }
        for (const [id, list] of times) results[id][`fanout${size}`] = median(list);
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
