import { describe, expect, it } from 'vitest';
import { median, percentile, ratios, summarize } from '../../bench/lib/stats.mjs';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, of the finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, NaN, 1, Infinity, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('does not reorder its argument', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  it('is nearest-rank over sorted values', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('gives median, min, max and count of the finite values', () => {
    expect(summarize([2, NaN, 9, 4])).toEqual({ median: 4, min: 2, max: 9, n: 3 });
    expect(summarize([])).toMatchObject({ n: 0 });
  });
});

describe('ratios', () => {
  it('divides round by round, skipping rounds where either side is missing or zero', () => {
    expect(ratios([10, 20, NaN, 5], [5, 10, 3, 0])).toEqual([2, 2]);
    expect(ratios([1, 2, 3], [1])).toEqual([1]);
  });
});
