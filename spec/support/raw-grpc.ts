import http2 from 'node:http2';
import { HealthDefinition } from '../../src/index.js';

/** Frames one gRPC message: a 5-byte header (uncompressed flag, big-endian length), then the bytes. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** Starts a gRPC call with one request message on an open `node:http2` session. */
export function requestOn(session: http2.ClientHttp2Session, path: string, body: Uint8Array): http2.ClientHttp2Stream {
  const stream = session.request({
    ':method': 'POST',
    ':path': path,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  stream.on('error', () => {});
  stream.end(grpcFrame(body));
  return stream;
}

/** A raw Watch call for `service` on an open session: many calls can share one connection. */
export function watchOn(session: http2.ClientHttp2Session, service: string): http2.ClientHttp2Stream {
  return requestOn(session, HealthDefinition.watch.path, HealthDefinition.watch.requestSerialize({ service }));
}

/**
 * A gRPC call made over a bare `node:http2` session, so a spec can do what real clients do but
 * gRPC libraries hide: stop reading, or drop the whole connection.
 */
export function openRawCall(address: string, path: string, body: Uint8Array, options: http2.ClientSessionOptions = {}) {
  const session = http2.connect(`http://${address}`, options);
  session.on('error', () => {});
  return { session, stream: requestOn(session, path, body) };
}

/** A raw Watch call for `service`, on a connection of its own. */
export function openRawWatch(address: string, service: string, options: http2.ClientSessionOptions = {}) {
  return openRawCall(address, HealthDefinition.watch.path, HealthDefinition.watch.requestSerialize({ service }), options);
}
