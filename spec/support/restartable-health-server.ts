import { createServer, type Server } from 'nice-grpc';
import { HealthDefinition, HealthRegistry, createHealthService } from '../../src/index.js';

/**
 * A nice-grpc Health server that a spec can stop (forcefully, as a crash would) and start again
 * on the same port, with a fresh registry each time, as a restarted process would have.
 */
export class RestartableHealthServer {
  registry = new HealthRegistry();
  port = 0;
  #server: Server | undefined;

  /** `127.0.0.1:<port>`, fixed after the first start. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts it (on the same port as before, if it ran before); `setup` sets the new registry's statuses. */
  async start(setup: (registry: HealthRegistry) => void = () => {}): Promise<void> {
    this.registry = new HealthRegistry();
    setup(this.registry);
    const server = createServer();
    server.add(HealthDefinition, createHealthService(this.registry));
    this.port = await server.listen(`127.0.0.1:${this.port}`);
    this.#server = server;
  }

  /** Cuts every connection and stops listening. */
  stop(): void {
    this.#server?.forceShutdown();
    this.#server = undefined;
  }
}
