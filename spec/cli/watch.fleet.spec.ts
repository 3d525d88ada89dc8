import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'nice-grpc';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/bounded.js';
import { runInProcess } from '../support/capture-io.js';
import { CLI_MAIN, PATIENT, killAllCli, startCli } from '../support/cli-process.js';
import { RestartableHealthServer } from '../support/restartable-health-server.js';

// `livery-health watch` with several -addr (a small fleet) and -reconnect, over real servers.
const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  await killAllCli();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(setup: (server: RestartableHealthServer) => void = () => {}): Promise<RestartableHealthServer> {
  const server = new RestartableHealthServer();
  await server.start(() => setup(server));
  cleanups.push(() => server.stop());
  return server;
}

describe('livery-health watch, several -addr', () => {
  it('watches every service on every server and names the server on each line', async () => {
    const a = await startServer((server) => server.registry.set('db', 'SERVING'));
    const b = await startServer((server) => server.registry.set('db', 'NOT_SERVING'));
    const watch = startCli(['watch', '-addr', a.address, '--addr', b.address, '-service', 'db', '-service', '', ...PATIENT]);
    await watch.waitForLine(new RegExp(`^${ISO} ${b.address} db NOT_SERVING$`));
    await watch.waitForLine(new RegExp(`^${ISO} ${a.address} db SERVING$`));
    b.registry.set('db', 'SERVING');
    await watch.waitForLine(new RegExp(`^${ISO} ${b.address} db SERVING$`));
    watch.child.kill('SIGINT');
    expect(await watch.finished()).toMatchObject({ code: 0, stderr: '' });
    const lines = watch.stdoutLines.map((line) => line.slice(25)).sort();
    expect(lines).toEqual([`${a.address} "" SERVING`, `${a.address} db SERVING`, `${b.address} "" SERVING`, `${b.address} db NOT_SERVING`, `${b.address} db SERVING`].sort());
  });

  it('prints addr in -json lines, and -until waits for every service on every server', async () => {
    const a = await startServer((server) => server.registry.set('db', 'SERVING'));
    const b = await startServer((server) => server.registry.set('db', 'NOT_SERVING'));
    const running = runInProcess(['watch', '-addr', a.address, '-addr', b.address, '-service', 'db', '-until', 'SERVING', '-json', ...PATIENT]);
    await until(5_000, 'both watches to reach their servers', () => a.registry.watcherCount === 1 && b.registry.watcherCount === 1);
    b.registry.set('db', 'SERVING');
    const result = await running;
    expect(result.code).toBe(0);
    const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, string>);
    expect(events.map(({ addr, service, status }) => [addr, service, status]).sort()).toEqual(
      [[a.address, 'db', 'SERVING'], [b.address, 'db', 'NOT_SERVING'], [b.address, 'db', 'SERVING']].sort(),
    );
    expect(events.every(({ time }) => new RegExp(`^${ISO}$`).test(time!))).toBe(true);
  });

  it('without -reconnect, exits 2 when one server cannot be reached, as a single one would', async () => {
    const a = await startServer();
    const result = await runInProcess(['watch', '-addr', a.address, '-addr', '127.0.0.1:1', '-connect-timeout', '300ms']);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'timeout: failed to connect service "127.0.0.1:1" within 300ms\n' });
  });
});

describe('livery-health watch -reconnect', () => {
  it('shows NOT_SERVING while a server is down and its real status once it is back on the same port; failures go to stderr once', async () => {
    const a = await startServer((server) => server.registry.set('db', 'SERVING'));
    const b = await startServer((server) => server.registry.set('db', 'SERVING'));
    const watch = startCli(['watch', '-reconnect', '-addr', a.address, '-addr', b.address, '-service', 'db']);
    await watch.waitForLine(new RegExp(`^${ISO} ${a.address} db SERVING$`));
    await watch.waitForLine(new RegExp(`^${ISO} ${b.address} db SERVING$`));
    const before = watch.stdout.length;
    a.stop();
    await watch.waitForLine(new RegExp(`^${ISO} ${a.address} db NOT_SERVING$`), { after: before });
    await watch.waitForLine(/code = Unavailable/, { stream: 'stderr', ms: 10_000 });
    await a.start((registry) => registry.set('db', 'SERVING'));
    await watch.waitForLine(new RegExp(`^${ISO} ${a.address} db SERVING$`), { after: before, ms: 15_000 });
    expect(watch.child.exitCode).toBe(null);
    watch.child.kill('SIGINT');
    const result = await watch.finished();
    expect(result.code).toBe(0);
    expect(watch.stdoutLines.map((line) => line.slice(25))).toEqual(
      expect.arrayContaining([`${a.address} db SERVING`, `${a.address} db NOT_SERVING`, `${b.address} db SERVING`]),
    );
    expect(watch.stdoutLines.filter((line) => line.includes(b.address))).toHaveLength(1);
    const failures = result.stderr.split('\n').filter(Boolean);
    expect(failures.every((line) => line.endsWith(`(${a.address} db)`))).toBe(true);
    // The same failure, attempt after attempt, is said once per outage.
    expect(new Set(failures).size).toBe(failures.length);
  });

  it('starts with a server that is down: NOT_SERVING for it, and the others as they are', async () => {
    const a = await startServer();
    const watch = startCli(['watch', '-reconnect', '-addr', a.address, '-addr', '127.0.0.1:1']);
    await watch.waitForLine(new RegExp(`^${ISO} 127\\.0\\.0\\.1:1 "" NOT_SERVING$`));
    await watch.waitForLine(new RegExp(`^${ISO} ${a.address} "" SERVING$`));
    watch.child.kill('SIGTERM');
    expect((await watch.finished()).code).toBe(0);
  });

  it('says when a server ends the watch, and watches it again', async () => {
    const a = await startServer();
    const watch = startCli(['watch', '-reconnect', '-addr', a.address]);
    await watch.waitForLine(/ "" SERVING$/);
    a.registry.endWatches();
    await watch.waitForLine(/^the server ended the watch of ""; watching again$/, { stream: 'stderr' });
    await until(10_000, 'the watch to be opened again', () => a.registry.watcherCount === 1);
    watch.child.kill('SIGINT');
    const result = await watch.finished();
    expect(result.code).toBe(0);
    expect(watch.stdoutLines.map((line) => line.slice(25))).toEqual(['"" SERVING', '"" NOT_SERVING', '"" SERVING']);
  });

  it('exits 3 for a server without the health service, even with -reconnect', async () => {
    const bare = createServer();
    const port = await bare.listen('127.0.0.1:0');
    cleanups.push(() => bare.forceShutdown());
    const result = await runInProcess(['watch', '-reconnect', '-addr', `127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: this server does not implement the grpc health protocol \(grpc\.health\.v1\.Health\/Watch\): /);
  });
});

describe('livery-health watch, several -addr and -reconnect, start-up', () => {
  it('loads no package (neither @grpc/grpc-js nor rxjs): the run is the same as watchHealth()\'s, the client the CLI\'s own', async () => {
    const a = await startServer();
    const dir = mkdtempSync(join(tmpdir(), 'livery-watch-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // Preloaded into the CLI's process: says on exit which modules of node_modules it required.
    const preload = join(dir, 'loaded.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache).filter((p) => p.includes('node_modules'))) + '\\n'));\n",
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['-r', preload, CLI_MAIN, 'watch', '-reconnect', '-addr', a.address, '-addr', '127.0.0.1:1', '-count', '2', '-connect-timeout', '300ms'],
      { timeout: 20_000 },
    );
    expect(stdout.split('\n').filter(Boolean).map((line) => line.slice(25)).sort()).toEqual([`${a.address} "" SERVING`, '127.0.0.1:1 "" NOT_SERVING'].sort());
    expect(stderr).toContain('code = Unavailable');
    expect(stderr).toMatch(/^LOADED \[\]$/m);
  });
});
