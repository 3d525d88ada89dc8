import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createHttp2Server, type Http2Server, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import { HealthRegistry } from '../../src/index.js';
import { createHealthHttpHandler, type HealthHttpHandler, type HealthHttpOptions } from '../../src/http/index.js';
import type { HealthRequest, HealthResponse } from '../../src/http/open-streams.js';
import { countChangeSubscribers } from './http-server.js';

/** The servers the bridge must behave the same on. */
export const BRIDGE_SERVER_KINDS = ['node:http', 'node:http2', 'express'] as const;
export type BridgeServerKind = (typeof BRIDGE_SERVER_KINDS)[number];

/** A request held before the handler, as an auth step or middleware would hold it. */
export interface HeldRequest {
  /** Whether the server side already knows the client is gone. */
  clientGone(): boolean;
  /** Lets the request go on to the handler. */
  pass(): void;
}

/** The bridge on a real server of one kind, on 127.0.0.1:0 (HTTP/2 in cleartext, h2c). */
export interface BridgeServer {
  kind: BridgeServerKind;
  registry: HealthRegistry;
  handler: HealthHttpHandler;
  port: number;
  /** Subscriptions to `registry.changes()` still open. */
  changeSubscribers(): number;
  /** Every connection the server accepted, oldest first. */
  serverSockets: Socket[];
  /** Requests that reached the server so far. */
  requests(): number;
  /** Requests held before the handler (only with `gated`), oldest first. */
  held: HeldRequest[];
  close(): Promise<void>;
}

/**
 * Starts the bridge on `kind`. With `gated`, every request waits (in `held`) until the spec
 * passes it on, the way a request waits for an async auth step before the handler.
 */
export async function startBridgeServer(
  kind: BridgeServerKind,
  options: { gated?: boolean; http?: HealthHttpOptions } = {},
): Promise<BridgeServer> {
  const registry = new HealthRegistry();
  const changeSubscribers = countChangeSubscribers(registry);
  const handler = createHealthHttpHandler(registry, options.http);
  // NOTE: what the handler holds for its life (the status page's timeline) is not a stream's.
  const heldByHandler = changeSubscribers();
  const held: HeldRequest[] = [];
  let requests = 0;
  const hold = (req: HealthRequest, res: HealthResponse, pass: () => void) => {
    requests++;
    if (!options.gated) return pass();
    const clientGone = () => ('stream' in res ? res.stream.destroyed : req.socket.destroyed);
    held.push({ clientGone, pass });
  };

  let server: Server | Http2Server;
  const sessions = new Set<ServerHttp2Session>();
  if (kind === 'node:http2') {
    server = createHttp2Server((req, res) => hold(req, res, () => handler(req, res)));
    server.on('session', (session) => {
      sessions.add(session);
      session.once('close', () => sessions.delete(session));
    });
  } else if (kind === 'express') {
    const app = express();
    app.use((req, res, next) => hold(req, res, () => next()));
    app.use(handler);
    server = createServer(app);
  } else {
    server = createServer((req, res) => hold(req, res, () => handler(req, res)));
  }
  const serverSockets: Socket[] = [];
  server.on('connection', (socket: Socket) => serverSockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    kind,
    registry,
    handler,
    port: (server.address() as AddressInfo).port,
    changeSubscribers: () => changeSubscribers() - heldByHandler,
    serverSockets,
    requests: () => requests,
    held,
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections();
      for (const session of sessions) session.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
