import { describe, expect, it } from 'vitest';
import { parseH2loadLog, parseH2loadSummary } from '../../bench/lib/h2load-parse.mjs';

// Captured from h2load nghttp2/1.52.0 (Debian nghttp2-client) against the bare grpc-js server.
const OUTPUT = `starting benchmark...
spawning thread #0: 4 total client(s). Timing-based test with 1s of warm-up time and 3s of main duration for measurements.
Warm-up started for thread #0.
Application protocol: h2c
Main benchmark duration is over for thread #0. Stopping all clients.

finished in 4.00s, 21475.00 req/s, 859.72KB/s
requests: 64425 total, 64425 started, 64425 done, 64425 succeeded, 0 failed, 0 errored, 0 timeout
status codes: 64400 2xx, 0 3xx, 0 4xx, 0 5xx
traffic: 2.52MB (2641055) total, 380.23KB (389353) headers (space savings 96.40%), 531.32KB (544075) data
                     min         max         mean         sd        +/- sd
time for request:      727us     52.34ms      4.63ms      4.25ms    88.74%
`;

describe('parseH2loadSummary', () => {
  it('reads requests/s and the request counts', () => {
    expect(parseH2loadSummary(OUTPUT)).toEqual({
      reqPerSec: 21475,
      total: 64425,
      done: 64425,
      succeeded: 64425,
      failed: 0,
      errored: 0,
      timeout: 0,
    });
  });

  it('reads a run that finished in milliseconds', () => {
    const text = OUTPUT.replace('finished in 4.00s, 21475.00', 'finished in 950.12ms, 1234.5');
    expect(parseH2loadSummary(text).reqPerSec).toBe(1234.5);
  });

  it('throws with the output when there is no summary (h2load could not connect)', () => {
    expect(() => parseH2loadSummary('starting benchmark...\nNo protocol negotiated\n')).toThrow(/no summary[\s\S]*No protocol/);
  });
});

describe('parseH2loadLog', () => {
  it('takes p50 and p99 in ms from the per-request durations (µs, third column)', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `1795594436260579\t0\t${(200 - i) * 1000}`);
    expect(parseH2loadLog(`${lines.join('\n')}\n`)).toMatchObject({ count: 200, p50: 100, p99: 198 });
  });

  it('gives NaN percentiles for an empty log', () => {
    expect(parseH2loadLog('')).toMatchObject({ count: 0, p50: NaN, p99: NaN });
  });
});
