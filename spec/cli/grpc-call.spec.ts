import http2 from 'node:http2';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type GrpcChannel } from '../../src/cli/connect.js';
import { callCheck, callList, openWatch } from '../../src/cli/health-calls.js';
import { Status, type CallStatus } from '../../src/cli/grpc-status.js';
import { HealthDefinition } from '../../src/index.js';
import { within } from '../support/bounded.js';

// The CLI's own gRPC client (node:http2, no gRPC library) against a server that answers each
// call the way a spec tells it to: the wire cases a gRPC client must get right.
type Answer = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void;

const SERVING = Buffer.from(HealthDefinition.check.responseSerialize({ status: 'SERVING' }));
const frame = (message: Uint8Array, compressed = false) => {
  const out = Buffer.alloc(5 + message.length);
  out[0] = compressed ? 1 : 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
};
const ok = { ':status': 200, 'content-type': 'application/grpc' };

describe('the CLI gRPC client (node:http2)', () => {
  let server: http2.Http2Server;
  let channel: GrpcChannel;
  let answer: Answer = () => {};
  const seen: http2.IncomingHttpHeaders[] = [];
  const resets: number[] = [];
  const never = new AbortController().signal;

  beforeAll(async () => {
    server = http2.createServer();
    server.on('stream', (stream, headers) => {
      seen.push(headers);
      stream.on('error', () => {});
      stream.on('close', () => resets.push(stream.rstCode));
      // The request body is read whole before answering, as a server does.
      stream.resume();
      stream.on('end', () => answer(stream, headers));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const options = { addr: `127.0.0.1:${port}`, target: `127.0.0.1:${port}`, connectTimeoutMs: 5_000, rpcTimeoutMs: 5_000, userAgent: 'probe/1', rpcHeaders: [], verbose: false };
    channel = await connect(options, never);
  });
  afterAll(() => {
    channel?.close();
    server?.close();
  });

  const check = (metadata = {}, timeoutMs = 5_000) =>
    within(5_000, 'the Check to end', callCheck(channel, 'db', metadata, timeoutMs, never)).then(
      (response) => ({ response }),
      (error: CallStatus) => ({ code: error.code, details: error.details }),
    );

  it('sends a gRPC request: path, content-type, te, user-agent, grpc-timeout, metadata (-bin as unpadded base64)', async () => {
    answer = (stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(SERVING));
    };
    seen.length = 0;
    expect(await check({ 'x-a': ['1', '2'], 'x-b-bin': [Buffer.from('hi').toString('base64').replace(/=+$/, '')] }, 2_500)).toEqual({ response: { status: 'SERVING' } });
    expect(seen[0]).toMatchObject({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      ':scheme': 'http',
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': expect.stringMatching(/^probe\/1 /),
      'grpc-timeout': '2500000u',
      'x-a': '1, 2',
      'x-b-bin': 'aGk',
    });
  });

  it('reads a Trailers-Only response (the status in the headers), and percent-decodes grpc-message', async () => {
    answer = (stream) => stream.respond({ ...ok, 'grpc-status': '5', 'grpc-message': 'unknown service %22d%C3%A9j%C3%A0%22 100%' }, { endStream: true });
    expect(await check()).toEqual({ code: Status.NOT_FOUND, details: 'unknown service "déjà" 100%' });
  });

  it('inflates a gzip-compressed message, and refuses a compressed flag with no encoding (INTERNAL)', async () => {
    const gzipped = (encoding?: string): Answer => (stream) => {
      stream.respond({ ...ok, ...(encoding ? { 'grpc-encoding': encoding } : {}) }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(gzipSync(SERVING), true));
    };
    answer = gzipped('gzip');
    expect(await check()).toEqual({ response: { status: 'SERVING' } });
    answer = gzipped(undefined);
    expect(await check()).toMatchObject({ code: Status.INTERNAL });
    answer = gzipped('snappy');
    expect(await check()).toMatchObject({ code: Status.UNIMPLEMENTED });
  });

  it('synthesizes a status from the HTTP status when there is no grpc-status, and refuses a non-gRPC content-type', async () => {
    answer = (stream) => stream.respond({ ':status': 503, 'content-type': 'text/plain' }, { endStream: true });
    expect(await check()).toEqual({ code: Status.UNAVAILABLE, details: 'Received HTTP status code 503' });
    answer = (stream) => stream.respond({ ':status': 404 }, { endStream: true });
    expect(await check()).toMatchObject({ code: Status.UNIMPLEMENTED });
    answer = (stream) => {
      stream.respond({ ':status': 200, 'content-type': 'text/html' });
      stream.end('<html>');
    };
    expect(await check()).toMatchObject({ code: Status.UNKNOWN, details: expect.stringContaining('text/html') });
  });

  it('maps a reset stream to its status (REFUSED_STREAM: UNAVAILABLE)', async () => {
    answer = (stream) => stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    expect(await check()).toMatchObject({ code: Status.UNAVAILABLE });
  });

  it('fails a unary call with no message or two messages (UNIMPLEMENTED, as grpc-js), and a cut message (INTERNAL)', async () => {
    const respond = (body: Buffer): Answer => (stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(body);
    };
    answer = respond(Buffer.alloc(0));
    expect(await check()).toEqual({ code: Status.UNIMPLEMENTED, details: 'No message received' });
    answer = respond(Buffer.concat([frame(SERVING), frame(SERVING)]));
    expect(await check()).toEqual({ code: Status.UNIMPLEMENTED, details: 'Too many responses received' });
    answer = respond(frame(SERVING).subarray(0, 6));
    expect(await check()).toMatchObject({ code: Status.INTERNAL });
  });

  it('refuses a message over 4 MiB (RESOURCE_EXHAUSTED) without waiting for it, and malformed protobuf (INTERNAL)', async () => {
    answer = (stream) => {
      stream.respond(ok);
      const header = Buffer.alloc(5);
      header.writeUInt32BE(5 * 1024 * 1024, 1);
      stream.write(header);
    };
    expect(await check()).toMatchObject({ code: Status.RESOURCE_EXHAUSTED });
    answer = (stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(Uint8Array.from([0x08])));
    };
    expect(await check()).toMatchObject({ code: Status.INTERNAL });
  });

  it('ends DEADLINE_EXCEEDED at the deadline and resets the stream, so the server sees the cancellation', async () => {
    answer = (stream) => stream.respond(ok); // and never more
    resets.length = 0;
    expect(await check({}, 100)).toEqual({ code: Status.DEADLINE_EXCEEDED, details: 'Deadline exceeded' });
    await within(2_000, 'the server to see the reset', new Promise<void>((resolve) => {
      const poll = () => (resets.includes(http2.constants.NGHTTP2_CANCEL) ? resolve() : setTimeout(poll, 10));
      poll();
    }));
  });

  it('streams Watch messages in order, then the status; List decodes a map', async () => {
    const statuses = ['SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
    answer = (stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      // All three in one chunk, the last one gzipped: order must still hold.
      stream.end(Buffer.concat([
        frame(HealthDefinition.watch.responseSerialize({ status: statuses[0] })),
        frame(HealthDefinition.watch.responseSerialize({ status: statuses[1] })),
        frame(gzipSync(HealthDefinition.watch.responseSerialize({ status: statuses[2] })), true),
      ]));
    };
    const events: unknown[] = [];
    await within(5_000, 'the watch to end', new Promise<void>((resolve) => {
      // NOTE: the last message is compressed while grpc-encoding is absent: it fails INTERNAL
      // after the two before it were delivered.
      const call = openWatch(channel, 'db', {});
      call.on('data', ({ status }) => events.push(status));
      call.on('status', (status) => (events.push(status.code), resolve()));
    }));
    expect(events).toEqual(['SERVING', 'NOT_SERVING', Status.INTERNAL]);

    answer = (stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      const statuses = Object.assign(Object.create(null), { '': { status: 'SERVING' }, db: { status: 'NOT_SERVING' } });
      stream.end(frame(HealthDefinition.list.responseSerialize({ statuses })));
    };
    const listed = await callList(channel, {}, 5_000, never);
    expect({ ...listed.statuses }).toEqual({ '': { status: 'SERVING' }, db: { status: 'NOT_SERVING' } });
  });
});
