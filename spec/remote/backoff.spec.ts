import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../src/remote/backoff.js';

const GRPC = { initialBackoffMs: 1_000, maxBackoffMs: 120_000, backoffMultiplier: 1.6, backoffJitter: 0.2 };

function waits(random: number, count: number, settings = GRPC): number[] {
  vi.spyOn(Math, 'random').mockReturnValue(random);
  const backoff = new Backoff(settings);
  return Array.from({ length: count }, () => backoff.next());
}

describe('Backoff', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("grows by backoffMultiplier from initialBackoffMs up to maxBackoffMs (gRPC's connection backoff, no jitter drawn)", () => {
    expect(waits(0.5, 13)).toEqual([1_000, 1_600, 2_560, 4_096, 6_554, 10_486, 16_777, 26_844, 42_950, 68_719, 109_951, 120_000, 120_000]);
  });

  it.each([
    ['the lowest draw', 0, [800, 1_280, 2_048]],
    ['the highest draw', 0.999_999, [1_200, 1_920, 3_072]],
  ])('jitters every wait, the first one too, by up to ±backoffJitter (%s)', (_, random, expected) => {
    expect(waits(random, 3)).toEqual(expected);
  });

  it('never waits longer than maxBackoffMs, jitter included', () => {
    expect(waits(0.999_999, 14).slice(-3)).toEqual([120_000, 120_000, 120_000]);
    expect(waits(0, 14).at(-1)).toBe(96_000);
  });

  it('starts again from initialBackoffMs after reset() (a message arrived)', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const backoff = new Backoff(GRPC);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect([backoff.next(), backoff.next()]).toEqual([1_000, 1_600]);
  });

  it('keeps failing at the cap for as long as it takes, without overflowing', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const backoff = new Backoff({ ...GRPC, backoffMultiplier: 1_000 });
    for (let i = 0; i < 10_000; i++) backoff.next();
    expect(backoff.next()).toBe(120_000);
  });
});
