// Parsing what h2load prints and logs (pure: the spec feeds it captured output).
import { percentile } from './stats.mjs';

/** Requests/s and request counts from h2load's summary; throws if the summary is missing. */
export function parseH2loadSummary(text) {
  const finished = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(text);
  const requests = /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(text);
  if (finished === null || requests === null) {
    throw new Error(`h2load printed no summary:\n${text.slice(-2000)}`);
  }
  const [, total, , done, succeeded, failed, errored, timeout] = requests.map(Number);
  return { reqPerSec: Number(finished[1]), total, done, succeeded, failed, errored, timeout };
}

/**
 * Latency percentiles (milliseconds) from an h2load --log-file: one line per request,
 * `<start µs>\t<status>\t<duration µs>`; `durations` is every latency in ms, sorted.
 */
export function parseH2loadLog(text) {
  const durations = [];
  for (const line of text.split('\n')) {
    const duration = Number(line.split('\t')[2]);
    if (line !== '' && Number.isFinite(duration)) durations.push(duration / 1000);
  }
  durations.sort((a, b) => a - b);
  return { count: durations.length, p50: percentile(durations, 50), p99: percentile(durations, 99), durations };
}
