// The nice-grpc ecosystem's package, set up as its README shows.
import { createServer } from 'nice-grpc';
import { HealthDefinition, HealthServiceImpl, HealthState } from 'nice-grpc-server-health';

const STATUS = { SERVING: 'healthy', NOT_SERVING: 'unhealthy' };

export async function start() {
  const state = HealthState();
  // Every idle Watch holds one 'change' listener; 10,000 of them are expected here.
  state.setMaxListeners(0);
  const server = createServer();
  server.add(HealthDefinition, HealthServiceImpl(state));
  const port = await server.listen('127.0.0.1:0');
  return {
    port,
    set: (service, status) => state.setStatus(STATUS[status], service),
    // An idle Watch waits for the next 'change' with one listener, removed when it is cancelled.
    openStreams: () => state.listenerCount('change'),
  };
}
