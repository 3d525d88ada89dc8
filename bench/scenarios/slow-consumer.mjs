// Slow consumer: watchers that stop reading while the status flips many times. A latest-value
// Watch holds one slot per stream, so the server's heap stays flat; one that queues every
// change grows with each flip.
import { startChild } from '../lib/child.mjs';

// Past this growth the flips stop early: the figure per flip is already clear, and the shared
// machine is spared gigabytes of queued messages.
const MAX_GROWTH = 256 * 1024 * 1024;
// Heap figures after GC move by a few hundred KB between identical runs.
const FLAT_TOLERANCE = 1024 * 1024;

export default {
  id: 'slow',
  title: 'Slow consumer',
  metrics: (config) => [
    {
      id: 'growthPerFlip',
      label: `slow consumer: heap growth per flip (${config.slow.watchers} watchers)`,
      unit: 'B',
      better: 'lower',
      tolerance: 16,
    },
    {
      id: 'growth',
      label: `slow consumer: heap growth after ${config.slow.flips.toLocaleString('en')} flips`,
      unit: 'B',
      better: 'lower',
      tolerance: FLAT_TOLERANCE,
    },
  ],
  async measure(implementation, config) {
    const { watchers, flips, perTurn } = config.slow;
    const server = await startChild('servers/host.mjs', [implementation.id], {
      execArgv: ['--max-old-space-size=1024'],
    });
    const client = await startChild('clients/watchers.mjs');
    try {
      await client.request('open', { port: server.port, count: watchers, sessionCount: 1 });
      await client.request('pause');
      // A first batch fills the flow-control windows and socket buffers; growth is what follows.
      await server.request('flip', { count: Math.min(flips, 2_000), perTurn, maxGrowth: MAX_GROWTH }, 120_000);
      const before = await server.request('memory');
      const done = await server.request('flip', { count: flips, perTurn, maxGrowth: MAX_GROWTH }, 300_000);
      const after = await server.request('memory');
      const growthPerFlip = (after.heapUsed - before.heapUsed) / done.flips;
      // Extrapolated when the flips stopped early.
      return { growthPerFlip, growth: growthPerFlip * flips, flipped: done.flips };
    } finally {
      await client.stop();
      await server.stop();
    }
  },
};
