// Runs h2load against a gRPC method over h2c and returns requests/s and latency percentiles.
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseH2loadLog, parseH2loadSummary } from './h2load-parse.mjs';

/**
 * @param options `{ url, body (framed gRPC request), clients, streams, warmupSeconds,
 *   seconds, dir (for the body and log files) }`; durations may be fractional
 * @returns requests/s, counts, p50 and p99 (ms), and every request's latency (ms, sorted)
 */
export async function runH2load({ url, body, clients, streams, warmupSeconds, seconds, dir }) {
  const bodyFile = join(dir, 'h2load-body.bin');
  const logFile = join(dir, 'h2load-latency.log');
  await writeFile(bodyFile, body);
  const args = [
    ...['-c', String(clients), '-m', String(streams)],
    ...['--warm-up-time', `${Math.round(warmupSeconds * 1000)}ms`, '-D', `${Math.round(seconds * 1000)}ms`],
    ...['-d', bodyFile, '--log-file', logFile],
    ...['-H', 'content-type: application/grpc', '-H', 'te: trailers'],
    url,
  ];
  const output = await new Promise((resolve, reject) => {
    execFile('h2load', args, { timeout: (warmupSeconds + seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error?.code === 'ENOENT') {
        reject(new Error('h2load not found: install Debian nghttp2-client (apt-get install nghttp2-client)'));
      } else if (error) reject(new Error(`h2load failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
  const summary = parseH2loadSummary(output);
  const latency = parseH2loadLog(await readFile(logFile, 'utf8'));
  await rm(logFile, { force: true });
  if (summary.failed > 0 || summary.errored > 0) {
    throw new Error(`h2load: ${summary.failed} failed and ${summary.errored} errored requests`);
  }
  return { ...summary, ...latency };
}
