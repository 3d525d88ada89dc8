import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { formatGoDuration, parseGoDuration } from '../../src/cli/go-duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['1s', 1000],
    ['250ms', 250],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1h', 3_600_000],
    ['300us', 0.3],
    ['300µs', 0.3],
    ['2000ns', 0.002],
    ['0', 0],
    ['-1s', -1000],
    ['+2s', 2000],
    ['2562047h', 2562047 * 3_600_000], // Go's largest whole-hour Duration
  ])('reads %s', (text, ms) => {
    expect(parseGoDuration(text, 'rpc-timeout')).toBeCloseTo(ms, 9);
  });

  it.each(['5', '', 's', '1x', '1s2', '1 s', '.s', 'ms1', '2562048h', '9999999999h'])('rejects %j as Go does', (text) => {
    expect(() => parseGoDuration(text, 'rpc-timeout')).toThrow(
      new UsageError(`invalid value ${JSON.stringify(text)} for flag -rpc-timeout: parse error`),
    );
  });
});

describe('formatGoDuration', () => {
  it.each([
    [1000, '1s'],
    [250, '250ms'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [1500, '1.5s'],
    [25.863639, '25.863639ms'],
    [0.3, '300µs'],
    [0.000_5, '500ns'],
    [0, '0s'],
    [-1000, '-1s'],
  ])('formats %s ms as %s, like time.Duration.String()', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});
