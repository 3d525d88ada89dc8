// Pure statistics for the runner: medians of rounds, ratios to a baseline, percentiles.

/** The median of finite numbers (the mean of the middle two for an even count); NaN if none. */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The `p`-th percentile (0..100) of numbers already sorted ascending, nearest-rank; NaN if none. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median, min and max of the finite values, and how many there were. */
export function summarize(values) {
  const finite = values.filter(Number.isFinite);
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : NaN,
    max: finite.length ? Math.max(...finite) : NaN,
    n: finite.length,
  };
}

/**
 * Round-by-round ratios of `values` to `baseline` (both indexed by round), so that each ratio
 * compares two measurements taken under the same noise; rounds missing either are skipped.
 */
export function ratios(values, baseline) {
  const result = [];
  for (let round = 0; round < Math.min(values.length, baseline.length); round++) {
    const ratio = values[round] / baseline[round];
    if (Number.isFinite(ratio)) result.push(ratio);
  }
  return result;
}
