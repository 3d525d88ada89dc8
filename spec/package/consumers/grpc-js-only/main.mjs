// A fresh ESM project with @grpc/grpc-js and rxjs but WITHOUT nice-grpc (copied into a temp dir
// by spec/package/packed-package.spec.ts): the registry and the grpc-js adapter from
// `livery-grpc-health/grpc-js` alone, a Check over plain grpc-js, and the installed probe.
import { execFile } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { HealthRegistry, addHealthService } from 'livery-grpc-health/grpc-js';

const registry = new HealthRegistry();
registry.set('db', 'NOT_SERVING');
const server = new grpc.Server();
addHealthService(server, registry);
const port = await new Promise((resolve, reject) =>
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
);

// HealthCheckRequest{service} by hand (field 1, length-delimited): no protobuf library here.
const request = (service) => Buffer.concat([Buffer.from([0x0a, Buffer.byteLength(service)]), Buffer.from(service)]);
const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
const check = (service) =>
  new Promise((resolve, reject) =>
    client.makeUnaryRequest('/grpc.health.v1.Health/Check', request, (bytes) => bytes, service, (error, bytes) =>
      error ? reject(error) : resolve([...bytes]),
    ),
  );
const results = { check: [await check(''), await check('db')] };
client.close();

const probe = (service) =>
  new Promise((resolve) =>
    execFile('node_modules/.bin/livery-health', ['check', '-addr', `127.0.0.1:${port}`, '-service', service],
      { timeout: 30_000 }, (error) => resolve(error ? (error.code ?? String(error)) : 0)),
  );
results.cli = [await probe(''), await probe('db')];
results.niceGrpc = await import('nice-grpc').then(() => 'installed', (error) => error.code);
console.log(JSON.stringify(results));
server.forceShutdown();
