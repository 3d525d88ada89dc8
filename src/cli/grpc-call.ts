import { EventEmitter } from 'node:events';
import { constants, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { readCallStatus, statusFromHttp, statusFromReset } from './call-status.js';
import type { GrpcChannel } from './connect.js';
import { Status, type CallStatus } from './grpc-status.js';
import { MessageDeframer, type Frame } from './message-deframer.js';
import type { RequestMetadata } from './rpc-headers.js';
import { MAX_TIMER_MS } from '../timer-limit.js';

/** grpc's default limit on a received message (grpc-go's and grpc-js's): 4 MiB. */
const MAX_RECEIVE_BYTES = 4 * 1024 * 1024;

/** What a call needs besides its channel, path and request. */
export interface CallOptions<Response> {
  metadata: RequestMetadata;
  decode: (bytes: Uint8Array) => Response;
  /** A deadline: sent as grpc-timeout, and the call ends DEADLINE_EXCEEDED here when it passes. */
  timeoutMs?: number;
}

/**
 * A gRPC call in flight: `'data'` for each response message (decoded), then `'status'` exactly
 * once, after every message, however the call ends (the server's status, a reset, a deadline,
 * {@link cancel}, a malformed response).
 */
export interface GrpcCall<Response> {
  on(event: 'data', listener: (message: Response) => void): this;
  on(event: 'status', listener: (status: CallStatus) => void): this;
  /** Cancels the call (RST_STREAM CANCEL): its status is CANCELLED, and no message follows. */
  cancel(): void;
}

// grpc-timeout: at most 8 digits and a unit; the finest unit that fits, rounded up.
function grpcTimeout(ms: number): string {
  for (const [unit, perMs] of [['u', 1000], ['m', 1], ['S', 1e-3], ['M', 1 / 60e3], ['H', 1 / 3600e3]] as const) {
    const value = Math.ceil(ms * perMs);
    if (value < 1e8) return `${Math.max(value, 1)}${unit}`;
  }
  return '99999999H';
}

// Decompresses a message sent with grpc-encoding gzip or deflate. node:zlib is loaded only then.
async function inflate(frame: Frame, encoding: string | undefined): Promise<Buffer | CallStatus> {
  if (!frame.compressed) return frame.bytes;
  if (encoding === undefined || encoding === 'identity') {
    return { code: Status.INTERNAL, details: `Compressed flag set on a message with grpc-encoding ${encoding ?? '(none)'}` };
  }
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    return { code: Status.UNIMPLEMENTED, details: `Received message compressed with unsupported encoding "${encoding}"` };
  }
  const zlib = await import('node:zlib');
  const options = { maxOutputLength: MAX_RECEIVE_BYTES };
  try {
    return encoding === 'gzip' ? zlib.gunzipSync(frame.bytes, options) : zlib.inflateSync(frame.bytes, options);
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return tooLarge
      ? { code: Status.RESOURCE_EXHAUSTED, details: `Received message larger than max (more than ${MAX_RECEIVE_BYTES} bytes decompressed)` }
      : { code: Status.INTERNAL, details: `Failed to decompress a message: ${(error as Error).message}` };
  }
}

class Call<Response> extends EventEmitter implements GrpcCall<Response> {
  readonly #decode: (bytes: Uint8Array) => Response;
  #stream: ClientHttp2Stream | undefined;
  #timer: NodeJS.Timeout | undefined;
  #headers: IncomingHttpHeaders | undefined;
  #trailers: IncomingHttpHeaders | undefined;
  #error: Error | undefined;
  readonly #deframer = new MessageDeframer(MAX_RECEIVE_BYTES);
  // Messages and the status are delivered in order through this chain (a compressed message
  // is inflated asynchronously); `#ended` is set the moment the outcome is known.
  #queue: Promise<void> = Promise.resolve();
  #ended = false;

  constructor(channel: GrpcChannel, path: string, request: Uint8Array, options: CallOptions<Response>) {
    super();
    this.#decode = options.decode;
    const headers: OutgoingHttpHeaders = {
      ...options.metadata,
      ':method': 'POST',
      ':scheme': channel.scheme,
      ':path': path,
      ':authority': channel.authority,
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': channel.userAgent,
      'grpc-accept-encoding': 'identity,deflate,gzip',
    };
    if (options.timeoutMs !== undefined) {
      headers['grpc-timeout'] = grpcTimeout(options.timeoutMs);
      this.#timer = setTimeout(
        () => this.#end({ code: Status.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }, true),
        Math.min(options.timeoutMs, MAX_TIMER_MS),
      );
    }
    let stream: ClientHttp2Stream;
    try {
      stream = channel.session.request(headers);
    } catch (error) {
      // A session already gone (the server closed the connection): no call was made.
      queueMicrotask(() => this.#end({ code: Status.UNAVAILABLE, details: (error as Error).message }, false));
      return;
    }
    this.#stream = stream;
    const frame = Buffer.alloc(5 + request.length);
    frame.writeUInt32BE(request.length, 1);
    frame.set(request, 5);
    stream.end(frame);
    stream.on('response', (responseHeaders) => this.#onResponse(responseHeaders));
    stream.on('trailers', (trailers) => (this.#trailers = trailers));
    stream.on('data', (chunk: Buffer) => this.#onData(chunk));
    stream.on('error', (error) => (this.#error = error));
    stream.on('close', () => this.#onClose(stream));
  }

  cancel(): void {
    this.#end({ code: Status.CANCELLED, details: 'Cancelled on client' }, true);
  }

  #onResponse(headers: IncomingHttpHeaders): void {
    this.#headers = headers;
    if (headers['grpc-status'] !== undefined) return; // Trailers-Only: read at close
    const httpStatus = Number(headers[':status']);
    const contentType = headers['content-type'] ?? '';
    if (httpStatus !== 200) this.#end(statusFromHttp(httpStatus), true);
    else if (!/^application\/grpc(?:[+;]|$)/.test(contentType)) {
      this.#end({ ...statusFromHttp(httpStatus), details: `Invalid content-type ${JSON.stringify(contentType)} in a gRPC response` }, true);
    }
  }

  #onData(chunk: Buffer): void {
    if (this.#ended) return;
    let frames: Frame[];
    try {
      frames = this.#deframer.push(chunk);
    } catch (error) {
      this.#end(error as CallStatus, true);
      return;
    }
    const encoding = this.#headers?.['grpc-encoding'];
    for (const frame of frames) {
      this.#queue = this.#queue.then(async () => {
        if (this.#ended) return;
        const bytes = await inflate(frame, typeof encoding === 'string' ? encoding : undefined);
        if (this.#ended) return;
        if (!Buffer.isBuffer(bytes)) return this.#end(bytes, true);
        let message: Response;
        try {
          message = this.#decode(bytes);
        } catch (error) {
          return this.#end({ code: Status.INTERNAL, details: `Response message parsing error: ${(error as Error).message}` }, true);
        }
        this.emit('data', message);
      });
    }
  }

  #onClose(stream: ClientHttp2Stream): void {
    // After the messages already received: the status ends the call only once they are out.
    this.#queue = this.#queue.then(() => {
      if (this.#ended) return;
      const status = readCallStatus(this.#headers, this.#trailers);
      if (status !== undefined) {
        const truncated = status.code === Status.OK && this.#deframer.partial;
        return this.#end(truncated ? { code: Status.INTERNAL, details: 'The response ended inside a message' } : status, false);
      }
      if (stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR) return this.#end(statusFromReset(stream.rstCode), false);
      const why = this.#error?.message ?? 'the server closed the stream without a status';
      this.#end({ code: Status.UNAVAILABLE, details: `Connection dropped: ${why}` }, false);
    });
  }

  /** Ends the call with `status` once; `reset` also resets the stream (a local outcome). */
  #end(status: CallStatus, reset: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    if (reset && this.#stream && !this.#stream.closed) this.#stream.close(constants.NGHTTP2_CANCEL);
    this.emit('status', { code: status.code, details: status.details });
  }
}

/** Starts a call of `path` with one request message (unary or server-streaming). */
export function startCall<Response>(
  channel: GrpcChannel,
  path: string,
  request: Uint8Array,
  options: CallOptions<Response>,
): GrpcCall<Response> {
  return new Call(channel, path, request, options);
}
