import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/bounded.js';
import { runInProcess } from '../support/capture-io.js';
import { PATIENT, killAllCli, startCli } from '../support/cli-process.js';
import { startHealthServer, type HealthServerFixture } from '../support/health-server.js';

const ISO_LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) (\S+)$/;

describe('livery-health watch', () => {
  let health: HealthServerFixture;

  beforeAll(async () => {
    health = await startHealthServer();
    health.registry.set('db', 'SERVING');
  });
  afterEach(() => killAllCli());
  afterAll(() => health.close());

  it('prints the current status, then each change, with an ISO timestamp, until interrupted', async () => {
    const started = Date.now();
    const watch = startCli(['watch', '-addr', health.address, '-service', 'db', ...PATIENT]);
    await watch.waitForLine(/ db SERVING$/);
    health.registry.set('db', 'NOT_SERVING');
    await watch.waitForLine(/ db NOT_SERVING$/);
    watch.child.kill('SIGINT');
    const result = await watch.finished();
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = watch.stdoutLines.map((line) => line.match(ISO_LINE));
    expect(lines.map((match) => match?.slice(2))).toEqual([
      ['db', 'SERVING'],
      ['db', 'NOT_SERVING'],
    ]);
    for (const match of lines) {
      const time = Date.parse(match![1]!);
      expect(time).toBeGreaterThanOrEqual(started - 1);
      expect(time).toBeLessThanOrEqual(Date.now());
    }
    health.registry.set('db', 'SERVING');
  });

  it('stops gracefully (exit 0, no stack trace) when the pipe it writes to closes, as in `watch | head -1`', async () => {
    const watch = startCli(['watch', '-addr', health.address, '-service', 'db', ...PATIENT]);
    await watch.waitForLine(/ db SERVING$/);
    watch.child.stdout.destroy(); // the reader goes away: the next write gets EPIPE
    health.registry.set('db', 'NOT_SERVING');
    const result = await watch.finished();
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    health.registry.set('db', 'SERVING');
  });

  it('keeps watching with a -timeout beyond what a Node timer holds (1000h)', async () => {
    const watch = startCli(['watch', '-addr', health.address, '-service', 'db', '-timeout', '1000h', '-connect-timeout', '1000h']);
    await watch.waitForLine(/ db SERVING$/);
    health.registry.set('db', 'NOT_SERVING');
    await watch.waitForLine(/ db NOT_SERVING$/);
    expect(watch.child.exitCode).toBe(null);
    watch.child.kill('SIGINT');
    expect(await watch.finished()).toMatchObject({ code: 0, stderr: '' });
    health.registry.set('db', 'SERVING');
  });

  it('stops after -count lines, printing JSON lines with -json', async () => {
    const watch = startCli(['watch', `--addr=${health.address}`, '--service=ghost', '--count', '2', '--json', ...PATIENT]);
    await watch.waitForLine(/SERVICE_UNKNOWN/);
    health.registry.set('ghost', 'SERVING');
    const result = await watch.finished();
    health.registry.clear('ghost');
    expect(result.code).toBe(0);
    const events = watch.stdoutLines.map((line) => JSON.parse(line) as Record<string, string>);
    expect(events.map(({ service, status }) => [service, status])).toEqual([
      ['ghost', 'SERVICE_UNKNOWN'],
      ['ghost', 'SERVING'],
    ]);
    expect(events.every(({ time }) => ISO_LINE.test(`${time} x y`))).toBe(true);
  });

  it('watches several services; -until exits 0 once all reach it, 4 when -timeout comes first', async () => {
    health.registry.set('a', 'SERVING');
    const [reached, missed, counted] = await Promise.all([
      runInProcess(['watch', '-addr', health.address, '-service', 'a', '-service', 'db', '-until', 'serving', ...PATIENT]),
      runInProcess(['watch', '-addr', health.address, '-service', 'db', '-until', 'NOT_SERVING', '-timeout', '200ms', ...PATIENT]),
      runInProcess(['watch', '-addr', health.address, '-service', 'a', '-service', '', '-count', '2', ...PATIENT]),
    ]);
    expect(reached.code).toBe(0);
    expect(reached.stdout.split('\n').filter(Boolean).map((line) => line.match(ISO_LINE)?.slice(2)).sort()).toEqual([
      ['a', 'SERVING'],
      ['db', 'SERVING'],
    ]);
    expect(missed).toMatchObject({ code: 4, stderr: '' });
    expect(counted.code).toBe(0);
    expect(counted.stdout.split('\n').filter(Boolean).map((line) => line.match(ISO_LINE)?.[2]).sort()).toEqual(['""', 'a']);
  });

  it('exits 0 when the server ends the watch, and says so', async () => {
    const own = await startHealthServer();
    const running = runInProcess(['watch', '-addr', own.address, ...PATIENT]);
    await until(5_000, 'the watch to reach the server', () => own.registry.watcherCount > 0);
    own.registry.endWatches();
    const result = await running;
    await own.close();
    expect(result).toMatchObject({ code: 0, stderr: 'the server ended the watch of ""\n' });
  });

  it('exits 3 when the stream fails', async () => {
    const own = await startHealthServer();
    const running = runInProcess(['watch', '-addr', own.address, ...PATIENT]);
    await until(5_000, 'the watch to reach the server', () => own.registry.watcherCount > 0);
    await own.close(); // forceShutdown: the stream is cut, not ended
    const result = await running;
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: health rpc failed: rpc error: code = (Canceled|Unavailable) desc = /);
  });

  it('rejects bad limits with exit code 1', async () => {
    const results = await Promise.all([
      runInProcess(['watch', '-addr', health.address, '-count', '0']),
      runInProcess(['watch', '-addr', health.address, '-until', 'GREEN']),
      runInProcess(['watch', '-addr', health.address, '-timeout', '10']),
    ]);
    expect(results.map(({ code, stderr }) => [code, stderr])).toEqual([
      [1, 'error: -count must be a positive integer (specified: 0)\n'],
      [1, 'error: -until must be SERVING, NOT_SERVING, SERVICE_UNKNOWN or UNKNOWN (specified: GREEN)\n'],
      [1, 'error: invalid value "10" for flag -timeout: parse error\n'],
    ]);
  });
});
