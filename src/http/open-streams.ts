import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { Socket } from 'node:net';

/** A request as node:http or the node:http2 compatibility API gives it to a handler. */
export type HealthRequest = IncomingMessage | Http2ServerRequest;
/** A response as node:http or the node:http2 compatibility API gives it to a handler. */
export type HealthResponse = ServerResponse | Http2ServerResponse;

// The streams of one HTTP/1 connection, and the one 'close' listener that ends them all.
interface SocketStreams {
  readonly streams: Set<() => void>;
  readonly onClose: () => void;
}

/**
 * The event streams one handler has open, each tied to the life of its connection.
 *
 * A response's own `close` event is not enough, because Node does not always emit it:
 * - HTTP/1.1 pipelining: requests queued behind another on the same socket get a response
 *   with no socket yet; when the socket is destroyed, those responses never emit `close`.
 * - A handler reached after an async step (auth, middleware) when the client has already
 *   gone: the response (or, queued, its socket) is destroyed before the stream starts, and
 *   no event follows.
 * And `req`'s `close` is no signal either: it fires once a request body has been read,
 * while the connection lives on. So an HTTP/1 stream also follows its socket's `close`, through
 * one listener per socket however many streams are pipelined on it (removed when its last
 * stream ends, so a keep-alive socket carries nothing of ours afterwards). An HTTP/2 stream
 * has a `close` of its own that always fires.
 */
export class OpenStreams {
  readonly #bySocket = new WeakMap<Socket, SocketStreams>();
  #size = 0;
  #watching = 0;

  /** How many streams are open; the handler's `maxWatchers` budget counts these. */
  get size(): number {
    return this.#size;
  }

  /** How many of them have started, each holding one registry watch. */
  get watching(): number {
    return this.#watching;
  }

  /** Counts a stream that has started watching; returns what uncounts it (once). */
  countWatch(): () => void {
    this.#watching++;
    let counted = true;
    return () => {
      if (counted) this.#watching--;
      counted = false;
    };
  }

  /**
   * Counts a new stream and calls `gone` (once) when its connection can no longer receive.
   * Returns the function that releases the stream when it ends on its own, or `undefined`,
   * with nothing counted, when the connection is already gone.
   */
  open(req: HealthRequest, res: HealthResponse, gone: () => void): (() => void) | undefined {
    const socket = 'stream' in res ? undefined : (req as IncomingMessage).socket;
    if (connectionGone(res, socket)) return undefined;
    let open = true;
    const release = () => {
      if (!open) return;
      open = false;
      this.#size--;
      res.off('close', onGone);
      res.off('error', onGone);
      if (socket) this.#forget(socket, onGone);
    };
    const onGone = () => {
      if (!open) return;
      release();
      gone();
    };
    this.#size++;
    res.on('close', onGone);
    res.on('error', onGone); // a write to a connection that just broke: handled, and released
    if (socket) this.#follow(socket, onGone);
    return release;
  }

  #follow(socket: Socket, gone: () => void): void {
    let entry = this.#bySocket.get(socket);
    if (!entry) {
      const streams = new Set<() => void>();
      // NOTE: copied before calling, since each call removes itself from the set.
      const onClose = () => [...streams].forEach((end) => end());
      entry = { streams, onClose };
      this.#bySocket.set(socket, entry);
      socket.once('close', onClose);
    }
    entry.streams.add(gone);
  }

  #forget(socket: Socket, gone: () => void): void {
    const entry = this.#bySocket.get(socket);
    if (!entry) return;
    entry.streams.delete(gone);
    if (entry.streams.size > 0) return;
    socket.off('close', entry.onClose);
    this.#bySocket.delete(socket);
  }
}

function connectionGone(res: HealthResponse, socket: Socket | undefined): boolean {
  if ('stream' in res) return res.stream.destroyed || res.stream.closed;
  return res.destroyed || socket === undefined || socket === null || socket.destroyed;
}

/**
 * Calls `start` once `res` can write, and returns what cancels that. A response queued
 * behind another on a pipelined HTTP/1.1 connection cannot write until the ones before it
 * have ended, so a stream starts only then: until that, it holds no subscription and writes
 * nothing. NOTE: writing nothing matters, because Node stops reading a socket while queued
 * responses hold output, and a socket that is not read never tells that its client has gone.
 */
export function whenWritable(res: HealthResponse, start: () => void): () => void {
  if ('stream' in res || res.socket) {
    start();
    return () => {};
  }
  res.once('socket', start);
  return () => res.off('socket', start);
}
