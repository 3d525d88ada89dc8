// A fresh ESM project using the packed package (copied into a temp dir by
// spec/package/packed-package.spec.ts): a nice-grpc server and a plain grpc-js server, a Check
// each and a remote watch of each, the HTTP bridge, a GET, and the installed `livery-health` command, a check.
import { execFile } from 'node:child_process';
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { createChannel, createClient, createServer } from 'nice-grpc';
import { HealthDefinition, HealthRegistry, createHealthService } from 'livery-grpc-health';
import { addHealthService } from 'livery-grpc-health/grpc-js';
import { createHealthHttpHandler } from 'livery-grpc-health/http';
import { instrumentHealth } from 'livery-grpc-health/otel';
import { watchHealth } from 'livery-grpc-health/remote';
import { firstValueFrom } from 'rxjs';

const registry = new HealthRegistry();
registry.set('db', 'NOT_SERVING');

const niceServer = createServer();
niceServer.add(HealthDefinition, createHealthService(registry));
const nicePort = await niceServer.listen('127.0.0.1:0');

const grpcServer = new grpc.Server();
addHealthService(grpcServer, registry);
const grpcPort = await new Promise((resolve, reject) =>
  grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
    error ? reject(error) : resolve(port),
  ),
);

const results = {};
for (const [name, port] of [['nice-grpc', nicePort], ['grpc-js', grpcPort]]) {
  const channel = createChannel(`127.0.0.1:${port}`);
  const client = createClient(HealthDefinition, channel);
  results[name] = [await client.check({ service: '' }), await client.check({ service: 'db' })];
  results[`remote ${name}`] = await firstValueFrom(watchHealth(channel, 'db'));
  channel.close();
}
const httpServer = http.createServer(createHealthHttpHandler(registry));
await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
const response = await fetch(`http://127.0.0.1:${httpServer.address().port}/healthz/db`);
results.http = [response.status, await response.json()];
httpServer.close();

// The bin probes the grpc-js server: exit code 0 for SERVING, 4 for NOT_SERVING.
const probe = (service) =>
  new Promise((resolve) =>
    execFile('node_modules/.bin/livery-health', ['check', '-addr', `127.0.0.1:${grpcPort}`, '-service', service],
      { timeout: 30_000 }, (error) => resolve(error ? (error.code ?? String(error)) : 0)),
  );
results.cli = [await probe(''), await probe('db')];

// With no SDK set up, the API's global no-op provider takes the instruments.
const healthMetrics = instrumentHealth(registry);
results.otel = typeof healthMetrics.probeListener('db');
healthMetrics.stop();

results.resolved = ['livery-grpc-health', 'livery-grpc-health/grpc-js', 'livery-grpc-health/http', 'livery-grpc-health/otel', 'livery-grpc-health/remote'].map((name) =>
  import.meta.resolve(name),
);
console.log(JSON.stringify(results));
grpcServer.forceShutdown();
await niceServer.shutdown();
