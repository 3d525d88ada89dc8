// The official grpc-node package, set up as its README shows.
import grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';

export async function start() {
  const health = new HealthImplementation({ '': 'SERVING' });
  const server = new grpc.Server();
  health.addToServer(server);
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
  return {
    port,
    set: (service, status) => health.setStatus(service, status),
    // Its watcher sets are not public API, but they are the only count of open streams it has.
    openStreams: () => health.watchers.get('')?.size ?? 0,
  };
}
