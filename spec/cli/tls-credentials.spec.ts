import { ServerCredentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'nice-grpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HealthDefinition, HealthRegistry, createHealthService } from '../../src/index.js';
import { runInProcess } from '../support/capture-io.js';
import { PATIENT, killAllCli, runCli, startCli } from '../support/cli-process.js';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates.js';

// Short for handshakes that must fail (PATIENT for those that must succeed).
const FAILING = ['-connect-timeout', '400ms'];

describe('livery-health over TLS', () => {
  let certs: TestCertificates;
  const servers: Server[] = [];
  let tls: string; // server certificate only
  let mtls: string; // client certificate required

  async function startTlsServer(requireClientCert: boolean): Promise<string> {
    const server = createServer();
    server.add(HealthDefinition, createHealthService(new HealthRegistry()));
    servers.push(server);
    const credentials = ServerCredentials.createSsl(
      requireClientCert ? readFileSync(certs.ca) : null,
      [{ cert_chain: readFileSync(certs.serverCert), private_key: readFileSync(certs.serverKey) }],
      requireClientCert,
    );
    return `127.0.0.1:${await server.listen('127.0.0.1:0', credentials)}`;
  }

  beforeAll(async () => {
    certs = makeTestCertificates();
    tls = await startTlsServer(false);
    mtls = await startTlsServer(true);
  });
  afterEach(() => killAllCli());
  afterAll(() => {
    for (const server of servers) server.forceShutdown();
    certs?.remove();
  });

  it('checks a TLS server with -tls-ca-cert, -tls-no-verify and -tls-server-name', async () => {
    const results = await Promise.all([
      runCli(['check', '-addr', tls, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca]),
      runCli(['check', '--addr', tls, ...PATIENT, '--tls', '--tls-no-verify']),
      runCli(['check', `-addr=${tls}`, ...PATIENT, '-tls', `-tls-ca-cert=${certs.ca}`, '-tls-server-name=health.test']),
    ]);
    expect(results.map(({ code, stderr }) => ({ code, stderr }))).toEqual(results.map(() => ({ code: 0, stderr: 'status: SERVING\n' })));
  });

  it('checks a server that requires client certificates with -tls-client-cert / -tls-client-key', async () => {
    const result = await runCli([
      'check', '-addr', mtls, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca,
      '-tls-client-cert', certs.clientCert, '-tls-client-key', certs.clientKey,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
  });

  it('exits 2 when the TLS handshake fails', async () => {
    const cases = [
      ['-addr', tls, '-tls'], // our CA is not among the system's
      ['-addr', tls, '-tls', '-tls-ca-cert', certs.ca, '-tls-server-name', 'wrong.test'],
      ['-addr', tls], // plaintext to a TLS port
      ['-addr', mtls, '-tls', '-tls-ca-cert', certs.ca], // no client certificate
      ['-addr', mtls, '-tls', '-tls-ca-cert', certs.ca, '-tls-client-cert', certs.strangerCert, '-tls-client-key', certs.strangerKey],
    ];
    const results = await Promise.all(cases.map((args) => runCli(['check', ...args, ...FAILING])));
    results.forEach((result, i) => {
      expect({ args: cases[i], code: result.code, stderr: result.stderr }).toEqual({
        args: cases[i],
        code: 2,
        stderr: `timeout: failed to connect service "${cases[i]![1]}" within 400ms\n`,
      });
    });
  });

  it('exits 1 for TLS files it cannot use', async () => {
    const results = await Promise.all([
      runInProcess(['check', '-addr', tls, '-tls', '-tls-ca-cert', certs.serverKey]),
      runInProcess(['check', '-addr', tls, '-tls', '-tls-client-cert', certs.clientCert, '-tls-client-key', certs.strangerKey]),
    ]);
    expect(results.map(({ code, stderr }) => ({ code, stderr }))).toEqual([
      { code: 1, stderr: `failed to initialize tls credentials. error=no root CA certs parsed from file ${certs.serverKey}\n` },
      { code: 1, stderr: 'failed to initialize tls credentials. error=failed to load tls client cert/key pair. error=private key does not match public key\n' },
    ]);
  });

  it('serves TLS and mutual TLS with serve --tls-cert --tls-key [--tls-client-ca]', async () => {
    const serve = startCli(['serve', '--port', '0', '--tls-cert', certs.serverCert, '--tls-key', certs.serverKey]);
    const mutual = startCli([
      'serve', '--port', '0', '--tls-cert', certs.serverCert, '--tls-key', certs.serverKey, '--tls-client-ca', certs.ca,
    ]);
    const [, address] = await serve.waitForLine(/listening on (127\.0\.0\.1:\d+) \(TLS\)/, { ms: 10_000 });
    const [, mutualAddress] = await mutual.waitForLine(/listening on (127\.0\.0\.1:\d+) \(mutual TLS\)/, { ms: 10_000 });
    const clientCert = ['-tls-client-cert', certs.clientCert, '-tls-client-key', certs.clientKey];
    const [plain, withClientCert, withoutClientCert, listed] = await Promise.all([
      runCli(['check', '-addr', address!, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca]),
      runCli(['check', '-addr', mutualAddress!, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca, ...clientCert]),
      runCli(['check', '-addr', mutualAddress!, ...FAILING, '-tls', '-tls-ca-cert', certs.ca]),
      runCli(['list', '-addr', mutualAddress!, ...PATIENT, '-tls', '-tls-ca-cert', certs.ca, ...clientCert, '-json']),
    ]);
    expect(plain).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
    expect(withClientCert).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
    expect(withoutClientCert.code).toBe(2);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(listed.stdout)).toEqual({ '': 'SERVING' });
  });
});
