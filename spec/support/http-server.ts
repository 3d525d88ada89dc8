import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Observable } from 'rxjs';
import { HealthRegistry, type HealthRegistryOptions } from '../../src/index.js';
import { createHealthHttpHandler, type HealthHttpOptions } from '../../src/http/index.js';

/** A real node:http server on 127.0.0.1 serving the HTTP bridge. */
export interface HttpBridgeFixture {
  registry: HealthRegistry;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The responses the handler was given, newest last (to look at their buffers). */
  responses: ServerResponse[];
  /** Subscriptions to `registry.changes()` that are still open. */
  changeSubscribers(): number;
  close(): Promise<void>;
}

/**
 * Starts the bridge on `127.0.0.1:0`. `wrap` lets a spec put the handler inside its own
 * request listener (an Express-style app with `next`).
 */
export async function startHttpBridge(
  options: {
    registry?: HealthRegistryOptions;
    http?: HealthHttpOptions;
    /** Options of a second handler on the same registry, reached through the first's next(). */
    second?: HealthHttpOptions;
    wrap?: (handler: (req: IncomingMessage, res: ServerResponse, next?: () => void) => void) => (req: IncomingMessage, res: ServerResponse) => void;
  } = {},
): Promise<HttpBridgeFixture> {
  const registry = new HealthRegistry(options.registry);
  const changeSubscribers = countChangeSubscribers(registry);
  const first = createHealthHttpHandler(registry, options.http);
  const second = options.second && createHealthHttpHandler(registry, options.second);
  const handler: (req: IncomingMessage, res: ServerResponse, next?: () => void) => void = second ? (req, res, next) => first(req, res, () => second(req, res, next)) : first;
  // NOTE: what the handlers hold for their life (the status page's timeline) is not a stream's.
  const heldByHandlers = changeSubscribers();
  const responses: ServerResponse[] = [];
  const listener = options.wrap ? options.wrap(handler) : handler;
  const server = createServer((req, res) => {
    responses.push(res);
    listener(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    registry,
    server,
    origin: `http://127.0.0.1:${port}`,
    responses,
    changeSubscribers: () => changeSubscribers() - heldByHandlers,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Counts the subscriptions to `registry.changes()` that are still open: changes() is a plain
 * Subject with no counter of its own, so this wraps it. Returns the counter.
 */
export function countChangeSubscribers(registry: HealthRegistry): () => number {
  let count = 0;
  const changes = registry.changes.bind(registry);
  registry.changes = () =>
    new Observable((subscriber) => {
      count++;
      const subscription = changes().subscribe(subscriber);
      return () => {
        count--;
        subscription.unsubscribe();
      };
    });
  return () => count;
}
