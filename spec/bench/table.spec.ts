import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/lib/stats.mjs';
import { formatRatio, formatValue, renderTable } from '../../bench/lib/table.mjs';

describe('formatValue', () => {
  it('writes bytes, milliseconds and rates short', () => {
    expect(formatValue(5_234, 'B')).toBe('5.1 KB');
    expect(formatValue(3 * 1024 * 1024, 'B')).toBe('3.0 MB');
    expect(formatValue(-12, 'B')).toBe('-12 B');
    expect(formatValue(12.34, 'ms')).toBe('12.3 ms');
    expect(formatValue(4.567, 'ms')).toBe('4.57 ms');
    expect(formatValue(21_475, 'req/s')).toBe('21.5k req/s');
    expect(formatValue(1_491, '/s')).toBe('1491/s');
    expect(formatValue(NaN, 'ms')).toBe('n/a');
  });
});

describe('renderTable', () => {
  it('shows each value with its ratio to the baseline (median, min–max), none for near-zero figures', () => {
    const cell = (values: number[], versus: number[]) => ({ value: summarize(values), vsBaseline: summarize(versus) });
    const table = renderTable(
      [
        { metric: { label: 'Check', unit: 'req/s' }, cells: { bare: cell([20_000, 22_000], [1, 1]), ours: cell([19_800], [0.99, 0.97]) } },
        { metric: { label: 'growth', unit: 'B', tolerance: 1024 }, cells: { bare: cell([10], []), ours: cell([20], [2]) } },
      ],
      [
        { id: 'bare', label: 'bare', baseline: 'bare' },
        { id: 'ours', label: 'ours', baseline: 'bare' },
        { id: 'peer', label: 'peer', baseline: 'bare' },
      ],
    );
    expect(table.split('\n')).toEqual([
      '| figure | bare | ours | peer |',
      '| --- | --- | --- | --- |',
      '| Check | 21.0k req/s | 19.8k req/s ×0.98 (0.97–0.99) | n/a |',
      '| growth | 10 B | 20 B | n/a |',
    ]);
    expect(formatRatio(summarize([1.5]))).toBe('×1.50');
  });
});
