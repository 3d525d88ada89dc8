/**
 * Milliseconds on a monotonic clock, with sub-millisecond precision, for timings and deadlines.
 * NOTE: not `performance.now()`: its global loads perf_hooks (eight modules) on first use, a
 * cost every probe would pay at start-up.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
