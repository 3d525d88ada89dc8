import { rmSync } from 'node:fs';
import http2 from 'node:http2';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthRegistry, createHealthService, HealthDefinition } from '../../src/index.js';
import { parseDialTarget } from '../../src/cli/grpc-target.js';
import { createServer, type Server } from 'nice-grpc';
import { runInProcess } from '../support/capture-io.js';
import { PATIENT } from '../support/cli-process.js';

describe('parseDialTarget', () => {
  it.each([
    ['localhost:50051', { kind: 'tcp', host: 'localhost', port: 50051, authority: 'localhost:50051' }],
    ['10.0.0.1:80', { kind: 'tcp', host: '10.0.0.1', port: 80, authority: '10.0.0.1:80' }],
    ['[::1]:50051', { kind: 'tcp', host: '::1', port: 50051, authority: '[::1]:50051' }],
    ['health.example', { kind: 'tcp', host: 'health.example', port: 443, authority: 'health.example:443' }],
    ['dns:///health.example:8080', { kind: 'tcp', host: 'health.example', port: 8080, authority: 'health.example:8080' }],
    ['dns:health.example:8080', { kind: 'tcp', host: 'health.example', port: 8080, authority: 'health.example:8080' }],
    ['ipv4:127.0.0.1:9', { kind: 'tcp', host: '127.0.0.1', port: 9, authority: '127.0.0.1:9' }],
    ['unix:///run/health.sock', { kind: 'unix', path: '/run/health.sock', authority: 'localhost' }],
    ['unix:relative.sock', { kind: 'unix', path: 'relative.sock', authority: 'localhost' }],
  ])('reads %s', (target, expected) => {
    expect(parseDialTarget(target)).toEqual(expected);
  });

  it.each(['host:port', 'host:70000', '[not-v6]:1', 'unix:', 'unix://relative', 'ipv4:1.1.1.1:1,2.2.2.2:2', ':'])('refuses %s', (target) => {
    expect(() => parseDialTarget(target)).toThrow(target);
  });
});

describe('livery-health check: connecting', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((step) => step()));

  async function healthServer(): Promise<Server> {
    const server = createServer();
    server.add(HealthDefinition, createHealthService(new HealthRegistry()));
    cleanup.push(() => server.forceShutdown());
    return server;
  }

  it('checks over a Unix socket (unix:///path), as grpc_health_probe does', async () => {
    const path = join(tmpdir(), `livery-health-${process.pid}-${Date.now()}.sock`);
    const server = await healthServer();
    await server.listen(`unix://${path}`);
    cleanup.push(() => rmSync(path, { force: true }));
    expect(await runInProcess(['check', '-addr', `unix://${path}`, ...PATIENT])).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
  });

  it('retries with backoff when a connection fails before the HTTP/2 handshake, within -connect-timeout', async () => {
    // A front door that drops the first connection, then hands the next to an HTTP/2 server.
    const answer = http2.createServer();
    answer.on('stream', (stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 2, 0x08, 0x01]));
    });
    let connections = 0;
    const door: NetServer = createNetServer((socket) => {
      if (++connections === 1) socket.destroy();
      else answer.emit('connection', socket);
    });
    await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => door.close(), () => answer.close());
    const { port } = door.address() as { port: number };
    const result = await runInProcess(['check', '-addr', `127.0.0.1:${port}`, ...PATIENT]);
    expect(result).toMatchObject({ code: 0, stderr: 'status: SERVING\n' });
    expect(connections).toBe(2);
  });

  it('says which target it cannot dial (exit 2)', async () => {
    const result = await runInProcess(['check', '-addr', 'localhost:notaport']);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: failed to connect service at "localhost:notaport": invalid target address/) });
  });
});
