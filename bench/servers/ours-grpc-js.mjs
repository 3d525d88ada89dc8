// Ours through the plain @grpc/grpc-js adapter (the `livery-grpc-health/grpc-js` subpath).
import grpc from '@grpc/grpc-js';
import { HealthRegistry } from 'livery-grpc-health';
import { addHealthService } from 'livery-grpc-health/grpc-js';

export async function start() {
  const registry = new HealthRegistry();
  const server = new grpc.Server();
  addHealthService(server, registry);
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
  return {
    port,
    set: (service, status) => registry.set(service, status),
    openStreams: () => registry.watcherCount,
  };
}
