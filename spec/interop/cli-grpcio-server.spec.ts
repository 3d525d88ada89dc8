import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { within } from '../support/bounded.js';
import { PATIENT, killAllCli, runCli } from '../support/cli-process.js';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates.js';

// `livery-health` has its own gRPC client on node:http2: here it talks to Python grpcio's
// server (C-core, Debian's python3-grpcio), which shares no code with it: over plaintext with
// gzip enabled (C-core answers grpc-encoding: gzip, though it leaves messages this small
// uncompressed; spec/cli/grpc-call.spec.ts covers compressed messages), over TLS and mutual TLS.
const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('./python/health_server.py', import.meta.url));

interface GrpcioServer {
  address: string;
  set(service: string, status: string): Promise<void>;
  stop(): void;
}

async function startGrpcioServer(args: string[]): Promise<GrpcioServer> {
  const child: ChildProcessWithoutNullStreams = spawn(python, [script, ...args]);
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    waiters.splice(0).forEach((wake) => wake());
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const line = (pattern: RegExp, what: string) =>
    within(30_000, `${what} (stderr: ${stderr})`, new Promise<RegExpMatchArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(stdout);
        if (match) return resolve(match);
        if (child.exitCode !== null) return reject(new Error(`health_server.py exited ${child.exitCode}: ${stderr}`));
        waiters.push(look);
      };
      child.on('exit', look);
      child.on('error', reject);
      look();
    }));
  const [, port] = await line(/\{"port": (\d+)\}/, 'the grpcio server to listen');
  let sets = 0;
  return {
    address: `127.0.0.1:${port}`,
    async set(service, status) {
      child.stdin.write(`${service} ${status}\n`);
      const count = ++sets;
      await line(new RegExp(`(?:\\{"set": [^}]*\\}\\n?){${count}}`), `the status of ${service} to be set`);
    },
    stop: () => child.kill('SIGKILL'),
  };
}

describe('livery-health against Python grpcio (C-core)', () => {
  let certs: TestCertificates;
  const servers: GrpcioServer[] = [];
  let gzip: GrpcioServer;

  beforeAll(async () => {
    certs = makeTestCertificates();
    gzip = await startGrpcioServer(['--gzip']);
    servers.push(gzip);
    await gzip.set('db', 'NOT_SERVING');
  }, 60_000);
  afterEach(() => killAllCli());
  afterAll(() => {
    servers.forEach((server) => server.stop());
    certs?.remove();
  });

  it('checks, lists and watches (two services on one connection); grpc-message is percent-decoded', async () => {
    const [serving, notServing, unknown, listed, watched] = await Promise.all([
      runCli(['check', '-addr', gzip.address, ...PATIENT]),
      runCli(['check', '-addr', gzip.address, '-service', 'db', ...PATIENT]),
      runCli(['check', '-addr', gzip.address, '-service', 'nope', ...PATIENT]),
      runCli(['list', '-addr', gzip.address, '-json', ...PATIENT]),
      runCli(['watch', '-addr', gzip.address, '-service', 'db', '-service', 'gone', '-count', '2', '-json', ...PATIENT]),
    ]);
    expect(serving).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
    expect(notServing).toMatchObject({ code: 4, stderr: 'service unhealthy (responded with "NOT_SERVING")\n' });
    expect(unknown).toMatchObject({
      code: 3,
      stderr: 'error: health rpc failed: rpc error: code = NotFound desc = unknown service "nope" (inconnu, 未知)\n',
    });
    expect(JSON.parse(listed.stdout)).toEqual({ '': 'SERVING', db: 'NOT_SERVING' });
    const lines = watched.stdout.trim().split('\n').map((line) => JSON.parse(line) as { service: string; status: string });
    expect(lines.map(({ service, status }) => `${service} ${status}`).sort()).toEqual(['db NOT_SERVING', 'gone SERVICE_UNKNOWN']);
  });

  it('checks over TLS and mutual TLS, and fails the handshake without a client certificate (exit 2)', async () => {
    const tls = await startGrpcioServer(['--tls', certs.serverCert, certs.serverKey]);
    const mtls = await startGrpcioServer(['--tls', certs.serverCert, certs.serverKey, '--client-ca', certs.ca]);
    servers.push(tls, mtls);
    const clientCert = ['-tls-client-cert', certs.clientCert, '-tls-client-key', certs.clientKey];
    const [plain, named, mutual, refused] = await Promise.all([
      runCli(['check', '-addr', tls.address, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca]),
      runCli(['check', '-addr', tls.address, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca, '-tls-server-name', 'health.test']),
      runCli(['check', '-addr', mtls.address, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca, ...clientCert]),
      runCli(['check', '-addr', mtls.address, '-connect-timeout', '500ms', '-tls', '-tls-ca-cert', certs.ca]),
    ]);
    expect(plain).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
    expect(named).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
    expect(mutual).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
    expect(refused).toMatchObject({ code: 2, stderr: `timeout: failed to connect service "${mtls.address}" within 500ms\n` });
  }, 60_000);
});
