import { once } from 'node:events';
import { connect as connectHttp2, type ClientHttp2Session } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until, within } from '../support/bounded.js';
import { BRIDGE_SERVER_KINDS, startBridgeServer, type BridgeServer, type BridgeServerKind } from '../support/bridge-servers.js';

// An event stream lives exactly as long as its connection can still receive: whichever way the
// connection goes, nothing of the stream stays subscribed a second later.

let bridge: BridgeServer | undefined;
const clients: Array<{ destroy(): void }> = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await bridge?.close();
  bridge = undefined;
});

/** One connection to the bridge that can send many event-stream requests at once. */
interface Connection {
  /** Sends `count` GET requests for `path` at once (HTTP/1.1 pipelining, or HTTP/2 streams). */
  request(path: string, count: number): void;
  /** Everything the server sent, as text (HTTP/1.1 only). */
  received(): string;
  destroy(): void;
}

async function openConnection(kind: BridgeServerKind, port: number): Promise<Connection> {
  if (kind === 'node:http2') {
    const session: ClientHttp2Session = connectHttp2(`http://127.0.0.1:${port}`);
    session.on('error', () => {});
    await within(5_000, 'the HTTP/2 session', once(session, 'connect'));
    clients.push(session);
    return {
      request(path, count) {
        for (let i = 0; i < count; i++) session.request({ ':path': path }).on('error', () => {}).resume();
      },
      received: () => '',
      destroy: () => session.destroy(),
    };
  }
  const socket: Socket = connect(port, '127.0.0.1');
  await within(5_000, 'the connection', once(socket, 'connect'));
  clients.push(socket);
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => {});
  return {
    request(path, count) {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`.repeat(count));
    },
    received: () => text,
    destroy: () => socket.destroy(),
  };
}

function subscriptions(server: BridgeServer): number {
  return server.changeSubscribers() + server.registry.watcherCount;
}

describe.each(BRIDGE_SERVER_KINDS)('event streams on %s', (kind) => {
  it('many streams on one connection, then the connection destroyed: nothing stays subscribed', async () => {
    bridge = await startBridgeServer(kind, { http: { maxWatchers: 50 } });
    bridge.registry.set('db', 'SERVING');
    const connection = await openConnection(kind, bridge.port);
    connection.request('/healthz/watch', 30);
    connection.request('/healthz/watch/db', 20);
    // HTTP/2 streams all start; pipelined HTTP/1.1 requests wait behind the first (see the
    // keep-alive specs below).
    const subscribed = kind === 'node:http2' ? 30 * 2 + 20 : 2;
    await until(5_000, 'every request to reach the handler', () => bridge!.requests() === 50 && subscriptions(bridge!) >= subscribed);
    expect(bridge.handler.watcherCount).toBe(kind === 'node:http2' ? 50 : 1); // the streams that started
    connection.destroy();
    await until(1_000, 'every subscription to be released', () => subscriptions(bridge!) === 0);
    expect(bridge.handler.watcherCount).toBe(0);
    expect(bridge.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
    // The handler's budget of 50 streams is free again.
    const next = await openConnection(kind, bridge.port);
    next.request('/healthz/watch/db', 1);
    await until(5_000, 'a new stream to start', () => subscriptions(bridge!) === 1);
  });

  it('a stream reached after an async step, when the client has already gone, subscribes to nothing', async () => {
    bridge = await startBridgeServer(kind, { gated: true });
    const connection = await openConnection(kind, bridge.port);
    connection.request('/healthz/watch', 3);
    await until(5_000, 'the requests to reach the server', () => bridge!.held.length === 3);
    connection.destroy();
    await until(5_000, 'the server to see the client go', () => bridge!.held.every((request) => request.clientGone()));
    for (const request of bridge.held) request.pass();
    await until(1_000, 'nothing to be subscribed', () => subscriptions(bridge!) === 0);
    // And the handler still serves the next client.
    const next = await openConnection(kind, bridge.port);
    next.request('/healthz/watch', 1);
    await until(5_000, 'the fourth request', () => bridge!.held.length === 4);
    bridge.held[3]!.pass();
    expect(subscriptions(bridge)).toBe(2);
    next.destroy();
    await until(1_000, 'the last stream to be released', () => subscriptions(bridge!) === 0);
  });
});

describe.each(BRIDGE_SERVER_KINDS.filter((kind) => kind !== 'node:http2'))('a keep-alive HTTP/1.1 connection on %s', (kind) => {
  it('starts a pipelined stream when the one before it ends', async () => {
    bridge = await startBridgeServer(kind);
    const connection = await openConnection(kind, bridge.port);
    connection.request('/healthz/watch/db', 2);
    await until(5_000, 'the first stream to start', () => connection.received().includes('event: ready') && bridge!.requests() === 2);
    expect([subscriptions(bridge), bridge.handler.watcherCount]).toEqual([1, 1]);
    bridge.registry.endWatches();
    await until(5_000, 'the second stream to start', () => connection.received().split('event: ready').length === 3);
    expect([subscriptions(bridge), bridge.handler.watcherCount]).toEqual([1, 1]);
    bridge.registry.set('db', 'SERVING');
    await until(5_000, 'the change on the second stream', () => connection.received().includes('"status":"SERVING"'));
    connection.destroy();
    await until(1_000, 'the second stream to be released', () => subscriptions(bridge!) === 0);
  });

  it('carries no listener of a stream that ended, and serves the next request', async () => {
    bridge = await startBridgeServer(kind);
    const connection = await openConnection(kind, bridge.port);
    await until(5_000, 'the server to accept it', () => bridge!.serverSockets.length === 1);
    const serverSocket = bridge.serverSockets[0]!;
    const listeners = serverSocket.listenerCount('close');
    connection.request('/healthz/watch', 1);
    await until(5_000, 'the stream to start', () => connection.received().includes('event: ready'));
    expect(serverSocket.listenerCount('close')).toBeGreaterThan(listeners);
    bridge.registry.endWatches();
    await until(5_000, 'the end of the stream', () => connection.received().includes('0\r\n\r\n'));
    expect(serverSocket.listenerCount('close')).toBe(listeners);
    connection.request('/healthz', 1);
    await until(5_000, 'the next answer on the same connection', () => connection.received().includes('{"service":"","status":"SERVING"}'));
    expect(bridge.serverSockets).toHaveLength(1);
    expect(subscriptions(bridge)).toBe(0);
  });
});
