/**
 * The heap in use after forced garbage collection: the median of `readings` collections, each
 * after a macrotask turn so that pending callbacks and finalizers run first. Needs
 * `--expose-gc`, which vitest.config.ts passes to every test worker.
 */
export async function settledHeapBytes(readings = 7): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') {
    throw new Error('heap specs need --expose-gc: vitest.config.ts must keep execArgv: ["--expose-gc"]');
  }
  const heaps: number[] = [];
  for (let i = 0; i < readings; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
    heaps.push(process.memoryUsage().heapUsed);
  }
  heaps.sort((a, b) => a - b);
  return heaps[Math.floor(heaps.length / 2)]!;
}

/** Bytes as MiB with two decimals, for figures in test names and logs. */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
