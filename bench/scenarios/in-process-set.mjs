// In-process `set` with 0, 1, 100 and 10,000 subscribers: sets/s, and bytes allocated per set.
import { startChild } from '../lib/child.mjs';

export default {
  id: 'set',
  title: 'In-process set',
  inProcess: true,
  metrics: (config) =>
    config.set.subscribers.flatMap((count) => [
      { id: `setsPerSec${count}`, label: `set/s, ${count.toLocaleString('en')} subscribers`, unit: '/s', better: 'higher' },
      {
        id: `bytesPerSet${count}`,
        label: `bytes allocated per set, ${count.toLocaleString('en')} subscribers`,
        unit: 'B',
        better: 'lower',
        tolerance: 64,
      },
    ]),
  async measure(implementation, config) {
    const child = await startChild('in-process/host.mjs', [implementation.id], {
      execArgv: ['--min-semi-space-size=128', '--max-semi-space-size=128'],
    });
    try {
      const result = {};
      for (const subscribers of config.set.subscribers) {
        const { setsPerSec, bytesPerSet } = await child.request('measure', { subscribers, seconds: config.set.seconds }, 120_000);
        result[`setsPerSec${subscribers}`] = setsPerSec;
        result[`bytesPerSet${subscribers}`] = bytesPerSet;
      }
      return result;
    } finally {
      await child.stop();
    }
  },
};
