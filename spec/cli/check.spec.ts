import { createServer as createNetServer } from 'node:net';
import { createServer, ServerError, Status, type CallContext, type Server, type ServerMiddlewareCall } from 'nice-grpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HealthDefinition, HealthRegistry, createHealthService } from '../../src/index.js';
import { VERSION } from '../../src/cli/version.js';
import { until } from '../support/bounded.js';
import { runInProcess } from '../support/capture-io.js';
import { PATIENT, killAllCli, runCli, startCli } from '../support/cli-process.js';

/** A health server on 127.0.0.1:0 that records the metadata of every call. */
async function startRecordingServer(registry: HealthRegistry) {
  const seen: CallContext['metadata'][] = [];
  const server = createServer().use(async function* record<Req, Res>(call: ServerMiddlewareCall<Req, Res>, context: CallContext) {
    seen.push(context.metadata);
    return yield* call.next(call.request, context);
  });
  server.add(HealthDefinition, createHealthService(registry));
  const port = await server.listen('127.0.0.1:0');
  return { server, seen, address: `127.0.0.1:${port}`, port };
}

/** A port nothing listens on: bound by the OS, then released. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('livery-health check (grpc_health_probe parity)', () => {
  const registry = new HealthRegistry();
  let health: Awaited<ReturnType<typeof startRecordingServer>>;
  const servers: Server[] = [];

  beforeAll(async () => {
    registry.set('db', 'SERVING');
    registry.set('cache', 'NOT_SERVING');
    health = await startRecordingServer(registry);
  });
  afterEach(() => killAllCli());
  afterAll(async () => {
    health.server.forceShutdown();
    for (const server of servers) server.forceShutdown();
  });

  it('exits 0 for SERVING and says so on stderr, as grpc_health_probe does', async () => {
    const result = await runCli(['check', '-addr', health.address, ...PATIENT]);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'status: SERVING\n' });
  });

  it('exits 4 for NOT_SERVING, 3 for an unknown service (NOT_FOUND)', async () => {
    const [notServing, unknown] = await Promise.all([
      runCli(['check', '-addr', health.address, '-service', 'cache', ...PATIENT]),
      runCli(['check', '-addr', health.address, '-service', 'nope', ...PATIENT]),
    ]);
    expect(notServing).toMatchObject({ code: 4, stderr: 'service unhealthy (responded with "NOT_SERVING")\n' });
    expect(unknown).toMatchObject({
      code: 3,
      stderr: 'error: health rpc failed: rpc error: code = NotFound desc = unknown service "nope"\n',
    });
  });

  it('exits 2 when nothing listens, after the connect timeout', async () => {
    const port = await freePort();
    const result = await runCli(['check', '-addr', `127.0.0.1:${port}`, '-connect-timeout', '300ms']);
    expect(result).toMatchObject({ code: 2, stderr: `timeout: failed to connect service "127.0.0.1:${port}" within 300ms\n` });
  });

  it('exits 1 for invalid arguments', async () => {
    const [missing, unknown] = await Promise.all([runCli(['check']), runCli(['check', '--addr', health.address, '--nope'])]);
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'error: -addr not specified\n' });
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'error: flag provided but not defined: -nope\n' });
  });

  it('explains invalid arguments with grpc_health_probe\'s messages', async () => {
    const cases: Array<[string[], string]> = [
      [[], 'error: -addr not specified'],
      [['-addr', health.address, '-nope'], 'error: flag provided but not defined: -nope'],
      [['-addr', health.address, '-connect-timeout', '5'], 'error: invalid value "5" for flag -connect-timeout: parse error'],
      [['-addr', health.address, '-rpc-timeout=0s'], 'error: -rpc-timeout must be greater than zero (specified: 0s)'],
      [['-addr', health.address, '-tls-no-verify'], 'error: specified -tls-no-verify without specifying -tls'],
      [['-addr', health.address, '-tls', '-tls-client-cert', 'c.pem'], 'error: specified -tls-client-cert without specifying -tls-client-key'],
      [['-addr', health.address, '-rpc-header', 'no-colon'], `error: invalid value "no-colon" for flag -rpc-header: invalid RPC header, expected 'key: value', got "no-colon"`],
      [['-addr', health.address, '-tls', '-tls-ca-cert', '/nonexistent/ca.pem'], 'failed to initialize tls credentials. error=failed to load root CA certificates from file (/nonexistent/ca.pem) error='],
      [['-addr', health.address, 'extra'], 'error: unexpected argument "extra"'],
    ];
    const results = await Promise.all(cases.map(([args]) => runInProcess(['check', ...args])));
    results.forEach((result, i) => {
      expect({ args: cases[i]![0], code: result.code, stderr: result.stderr }).toMatchObject({
        code: 1,
        stderr: expect.stringContaining(cases[i]![1]),
      });
    });
  });

  it('accepts flags with one or two dashes, as -flag=value or -flag value', async () => {
    const results = await Promise.all([
      runCli(['check', '-addr', health.address, '-service', 'db', ...PATIENT]),
      runCli(['check', `--addr=${health.address}`, '--service=db', '--connect-timeout=10s', '--rpc-timeout=10s']),
    ]);
    expect(results.map(({ code, stderr }) => ({ code, stderr }))).toEqual([
      { code: 0, stderr: 'status: SERVING\n' },
      { code: 0, stderr: 'status: SERVING\n' },
    ]);
  });

  it('reads every spelling of every flag the same way', async () => {
    const spellings = [
      ['-addr', health.address, '-service', 'db'],
      ['--addr', health.address, '--service', 'db'],
      [`-addr=${health.address}`, '-service=db'],
      [`--addr=${health.address}`, '--service=db', '--tls=false', '--connect-timeout=2s', '-rpc-timeout', '1500ms'],
      ['-service', 'db', `-addr=:${health.port}`], // ":port" is localhost, as in Go
    ];
    const results = await Promise.all(spellings.map((args) => runInProcess(['check', ...args, ...PATIENT])));
    expect(results.map(({ code, stderr }) => ({ code, stderr }))).toEqual(spellings.map(() => ({ code: 0, stderr: 'status: SERVING\n' })));
  });

  it('sends -user-agent and every -rpc-header to the server', async () => {
    health.seen.length = 0;
    const result = await runCli([
      'check', '-addr', health.address,
      '-user-agent', 'kubelet-probe/1.0',
      '-rpc-header', 'x-tenant: blue',
      '--rpc-header=X-Trace:abc',
      '-rpc-header', 'x-tenant:  green',
      '-rpc-header', 'x-raw-bin: bytes',
    ]);
    expect(result.code).toBe(0);
    expect(health.seen).toHaveLength(1);
    const metadata = health.seen[0]!;
    expect(metadata.get('user-agent')).toBe(`kubelet-probe/1.0 livery-health/${VERSION}`);
    // grpc-js joins a repeated header into one field, as HTTP allows (grpc-go sends two).
    expect(metadata.getAll('x-tenant').join(', ')).toBe('blue, green');
    expect(metadata.get('x-trace')).toBe('abc');
    expect(Buffer.from(metadata.get('x-raw-bin') as Uint8Array).toString()).toBe('bytes');
  });

  it('sends grpc_health_probe as the default user-agent', async () => {
    health.seen.length = 0;
    expect((await runInProcess(['check', '-addr', health.address, ...PATIENT])).code).toBe(0);
    expect(health.seen[0]!.get('user-agent')).toBe(`grpc_health_probe livery-health/${VERSION}`);
  });

  /** A server whose Check never answers; it reports each call's arrival and cancellation. */
  async function startSilentServer() {
    const events = { arrived: 0, cancelled: 0 };
    const server = createServer();
    server.add(HealthDefinition, {
      ...createHealthService(new HealthRegistry()),
      check: (_request, { signal }) => {
        events.arrived++;
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => (events.cancelled++, reject(new ServerError(Status.CANCELLED, 'gone')))),
        );
      },
    });
    servers.push(server);
    return { events, address: `127.0.0.1:${await server.listen('127.0.0.1:0')}` };
  }

  it('exits 3 when the server does not answer within -rpc-timeout, and the server sees the call end', async () => {
    const { events, address } = await startSilentServer();
    const result = await runInProcess(['check', '-addr', address, '-connect-timeout', '10s', '-rpc-timeout', '200ms']);
    expect(result).toMatchObject({ code: 3, stderr: 'timeout: health rpc did not complete within 200ms\n' });
    await until(2_000, 'the server to see the call cancelled', () => events.cancelled === 1);
  });

  it('gives up on SIGINT with "cancellation received", as grpc_health_probe does', async () => {
    const { events, address } = await startSilentServer();
    const check = startCli(['check', '-addr', address, ...PATIENT]);
    await until(5_000, 'the call to reach the server', () => events.arrived === 1);
    check.child.kill('SIGINT');
    const result = await check.finished();
    expect(result).toMatchObject({
      code: 3,
      stderr: 'cancellation received\nerror: health rpc failed: rpc error: code = Canceled desc = Cancelled on client\n',
    });
    await until(2_000, 'the server to see the call cancelled', () => events.cancelled === 1);
  });

  it('exits 3 for a server without the health service', async () => {
    const server = createServer();
    servers.push(server);
    const port = await server.listen('127.0.0.1:0');
    const result = await runInProcess(['check', '-addr', `127.0.0.1:${port}`, ...PATIENT]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: this server does not implement the grpc health protocol \(grpc\.health\.v1\.Health\): /);
  });

  it('logs its options and timings with -v', async () => {
    const result = await runCli(['check', '-v', '-addr', health.address, '-rpc-header', 'a: 1', ...PATIENT]);
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'parsed options:',
      `> addr=${health.address} conn_timeout=10s rpc_timeout=10s`,
      '> headers: map[a:[1]]',
      '> tls=false',
      'establishing connection',
    ]);
    expect(lines[5]).toMatch(/^connection established \(took [\d.]+(ns|µs|ms|s)\)$/);
    expect(lines[6]).toMatch(/^time elapsed: connect=[\d.]+(µs|ms|s) rpc=[\d.]+(µs|ms|s)$/);
    expect(lines[7]).toBe('status: SERVING');
  });

  it('prints its help on stdout with exit code 0', async () => {
    const result = await runCli(['check', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: livery-health [check] -addr HOST:PORT');
    expect(result.stdout).toContain('-tls-server-name');
  });
});
