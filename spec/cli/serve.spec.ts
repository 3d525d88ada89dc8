import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChannel, createClient, type Channel, type Client } from 'nice-grpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HealthDefinition } from '../../src/index.js';
import { within } from '../support/bounded.js';
import { runInProcess } from '../support/capture-io.js';
import { requestOn } from '../support/raw-grpc.js';
import { PATIENT, killAllCli, runCli, startCli, type CliProcess } from '../support/cli-process.js';
import { WatchRecorder } from '../support/watch-recorder.js';

const LINE = (service: string, status: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${service} ${status}$`);

async function startServe(args: string[] = []) {
  const serve = startCli(['serve', '--port', '0', ...args]);
  const [, address] = await serve.waitForLine(/^livery-health serve: listening on (127\.0\.0\.1:\d+) \(plaintext\)/, { ms: 10_000 });
  const channel = createChannel(address!);
  return { serve, address: address!, channel, client: createClient(HealthDefinition, channel) };
}

describe('livery-health serve', () => {
  let serve: CliProcess;
  let address: string;
  let channel: Channel;
  let client: Client<HealthDefinition>;

  beforeAll(async () => {
    ({ serve, address, channel, client } = await startServe(['--service', 'db=NOT_SERVING', '-service', 'cache']));
  });
  afterEach(() => killAllCli([serve]));
  afterAll(async () => {
    channel?.close();
    await killAllCli();
  });

  it('listens on the port it prints, with the statuses given as flags', async () => {
    await serve.waitForLine(LINE('cache', 'SERVING'));
    const initial = serve.stdoutLines.slice(1, 4);
    for (const line of initial) expect(line).toMatch(LINE('\\S+', '\\S+'));
    // NOTE: the order of the initial lines is not part of the contract, and their timestamps may
    // differ by a millisecond: compare them without the timestamp.
    expect(initial.map((line) => line.replace(/^\S+ /, '')).sort()).toEqual(['"" SERVING', 'cache SERVING', 'db NOT_SERVING']);
    expect(await client.check({ service: 'db' })).toEqual({ status: 'NOT_SERVING' });
    expect(await client.check({ service: 'cache' })).toEqual({ status: 'SERVING' });
    expect(await client.check({ service: '' })).toEqual({ status: 'SERVING' });
  });

  it('applies status lines typed on stdin; watchers (in-process and the watch command) see each change', async () => {
    const recorder = new WatchRecorder((signal) => client.watch({ service: 'db' }, { signal }));
    await recorder.waitForLast('NOT_SERVING');
    const watch = startCli(['watch', '-addr', address, '-service', 'db', ...PATIENT]);
    await watch.waitForLine(LINE('db', 'NOT_SERVING'));

    const after = serve.stdout.length;
    serve.writeLine('db SERVING');
    await recorder.waitForLast('SERVING');
    await serve.waitForLine(LINE('db', 'SERVING'), { after });
    await watch.waitForLine(LINE('db', 'SERVING'));

    serve.writeLine('clear db');
    await recorder.waitForLast('SERVICE_UNKNOWN');
    await watch.waitForLine(LINE('db', 'SERVICE_UNKNOWN'));
    expect(watch.stdoutLines).toEqual([
      expect.stringMatching(LINE('db', 'NOT_SERVING')),
      expect.stringMatching(LINE('db', 'SERVING')),
      expect.stringMatching(LINE('db', 'SERVICE_UNKNOWN')),
    ]);
    await expect(client.check({ service: 'db' })).rejects.toThrow(/NOT_FOUND/);

    serve.writeLine('db not-serving');
    await recorder.waitForLast('NOT_SERVING');
    expect(recorder.statuses).toEqual(['NOT_SERVING', 'SERVING', 'SERVICE_UNKNOWN', 'NOT_SERVING']);
    recorder.cancel();
    await recorder.done;
  });

  it('reports a line it cannot read on stderr and keeps serving', async () => {
    serve.writeLine('db MAYBE');
    await serve.waitForLine(/^error: cannot read "db MAYBE": type "<service> SERVING\|NOT_SERVING"/, { stream: 'stderr' });
    expect(await client.check({ service: '' })).toEqual({ status: 'SERVING' });
  });

  it('refuses a typed name past the limit in one line, registering nothing', async () => {
    const long = 'n'.repeat(5_000);
    serve.writeLine(`${long} SERVING`);
    await serve.waitForLine(/^error: the service name is 5000 characters long, longer than maxServiceNameLength \(4096\)$/, { stream: 'stderr' });
    expect(serve.stderr.split('\n').filter((line) => line.includes('5000 characters'))).toHaveLength(1);
    expect(Object.keys((await client.list({})).statuses).sort()).toEqual(['', 'cache', 'db']);
  });

  it('shuts down and resumes from stdin, and lists its services', async () => {
    let after = serve.stdout.length;
    serve.writeLine('shutdown');
    await serve.waitForLine(LINE('cache', 'NOT_SERVING'), { after });
    expect(await client.check({ service: 'cache' })).toEqual({ status: 'NOT_SERVING' });
    after = serve.stdout.length;
    serve.writeLine('resume');
    await serve.waitForLine(LINE('cache', 'SERVING'), { after });
    expect(await client.check({ service: 'cache' })).toEqual({ status: 'SERVING' });

    after = serve.stdout.length;
    serve.writeLine('list');
    await serve.waitForLine(/^db +NOT_SERVING$/, { after });
    expect(serve.stdout.slice(after)).toBe('SERVICE  STATUS\n""       SERVING\ncache    SERVING\ndb       NOT_SERVING\n');
  });

  it('stops gracefully on SIGTERM: watchers see NOT_SERVING, their streams end, exit code 0', async () => {
    const own = await startServe();
    const recorder = new WatchRecorder((signal) => own.client.watch({ service: '' }, { signal }));
    await recorder.waitForLast('SERVING');
    const watch = startCli(['watch', '-addr', own.address, ...PATIENT]);
    await watch.waitForLine(LINE('""', 'SERVING'));

    own.serve.child.kill('SIGTERM');
    const result = await own.serve.finished();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/livery-health serve: shutting down\n.*"" NOT_SERVING\nlivery-health serve: stopped\n$/);
    await recorder.done;
    expect(recorder.error).toBeUndefined();
    expect(recorder.statuses).toEqual(['SERVING', 'NOT_SERVING']);
    const watched = await watch.finished();
    expect(watched).toMatchObject({ code: 0, stderr: 'the server ended the watch of ""\n' });
    expect(watched.stdout).toMatch(/ "" NOT_SERVING\n$/);
    own.channel.close();
  });

  it('exits at once, with 143, on a second SIGTERM while a call keeps the graceful stop waiting', async () => {
    const own = await startServe();
    // A Check whose request never ends: the server waits for it, so the graceful stop waits too.
    const session = http2.connect(`http://${own.address}`);
    session.on('error', () => {});
    const stream = session.request({ ':method': 'POST', ':path': HealthDefinition.check.path, 'content-type': 'application/grpc', te: 'trailers' });
    stream.on('error', () => {});
    stream.write(Buffer.alloc(0));
    // A whole Check on the same connection after it: once that is answered, the server has the
    // unfinished call too (HTTP/2 frames arrive in order).
    const after = requestOn(session, HealthDefinition.check.path, HealthDefinition.check.requestSerialize({ service: '' }));
    after.resume();
    await within(5_000, 'a Check after the unfinished one', new Promise((resolve) => after.once('close', resolve)));
    own.serve.child.kill('SIGTERM');
    await own.serve.waitForLine(/^livery-health serve: shutting down$/);
    own.serve.child.kill('SIGTERM');
    const result = await own.serve.finished(3_000); // well inside the 5 s grace
    expect(result.code).toBe(143);
    expect(result.stdout).not.toMatch(/stopped/);
    session.destroy();
    own.channel.close();
  });

  it('rejects bad flags with exit code 1', async () => {
    const results = await Promise.all([
      runInProcess(['serve', '--port', 'x']),
      runInProcess(['serve', '--service', 'db=MAYBE']),
      runInProcess(['serve', '--tls-cert', 'server.pem']),
      runInProcess(['serve', 'extra']),
      runInProcess(['serve', '--host', 'unix:/tmp/health.sock', '--port', '50051']),
      runInProcess(['serve', '--host', 'unix:']),
      runInProcess(['serve', '--service', `${'n'.repeat(4097)}=SERVING`]),
    ]);
    expect(results).toEqual([
      { code: 1, stdout: '', stderr: 'error: --port must be a number from 0 to 65535 (specified: x)\n' },
      { code: 1, stdout: '', stderr: 'error: --service db=MAYBE: the status must be SERVING or NOT_SERVING\n' },
      { code: 1, stdout: '', stderr: 'error: --tls-cert and --tls-key go together\n' },
      { code: 1, stdout: '', stderr: 'error: unexpected argument "extra"\n' },
      { code: 1, stdout: '', stderr: 'error: --port does not apply to a unix socket (--host unix:/tmp/health.sock)\n' },
      { code: 1, stdout: '', stderr: 'error: --host unix: needs a path, as in unix:/run/health.sock\n' },
      {
        code: 1,
        stdout: '',
        stderr: `error: --service "${'n'.repeat(128)}"... (4097 characters): the service name is 4097 characters long, longer than maxServiceNameLength (4096)\n`,
      },
    ]);
  });

  it('exits 1 with a clear message when it cannot listen', async () => {
    const result = await runCli(['serve', '--port', address.split(':')[1]!]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`error: cannot listen on ${address}: listen EADDRINUSE: address already in use ${address}\n`);
  });

  it('listens on a unix socket (--host unix:PATH), which check reaches, and removes it when it stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'livery-serve-'));
    const socket = `unix:${join(dir, 'health.sock')}`;
    try {
      const own = startCli(['serve', '--host', socket, '--service', 'db']);
      await own.waitForLine(new RegExp(`^livery-health serve: listening on ${socket.replace(/[.]/g, '\\.')} \\(plaintext\\)`), { ms: 10_000 });
      expect(existsSync(join(dir, 'health.sock'))).toBe(true);
      expect(await runCli(['check', '-addr', socket, '-service', 'db', ...PATIENT])).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
      own.child.kill('SIGTERM');
      expect(await own.finished()).toMatchObject({ code: 0 });
      expect(existsSync(join(dir, 'health.sock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints its help, stdin commands included', async () => {
    const { code, stdout } = await runInProcess(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--service NAME=STATUS');
    expect(stdout).toContain('clear <service>');
  });
});
