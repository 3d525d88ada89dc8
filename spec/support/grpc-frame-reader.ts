import type { ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { within } from './bounded.js';

/**
 * Reads the gRPC messages of a raw HTTP/2 response stream (see raw-grpc.ts), splitting the
 * 5-byte-framed messages out of DATA chunks, and the final status from headers or trailers.
 * Reading starts only when a spec asks for it, so the stream can be left unread on purpose.
 */
export class GrpcFrameReader {
  readonly messages: Buffer[] = [];
  /** `grpc-status`, once the server has sent it (trailers, or a trailers-only response). */
  status: number | undefined;
  details: string | undefined;
  private pending = Buffer.alloc(0);
  private wakers: Array<() => void> = [];

  constructor(readonly stream: ClientHttp2Stream) {
    const onHeaders = (headers: IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined) {
        this.status = Number(headers['grpc-status']);
        this.details = decodeURIComponent(String(headers['grpc-message'] ?? ''));
        this.wake();
      }
    };
    stream.on('response', onHeaders);
    stream.on('trailers', onHeaders);
    stream.on('close', () => this.wake());
    stream.pause();
  }

  /** Starts (or restarts) reading DATA. */
  read(): void {
    if (this.stream.listenerCount('data') === 0) {
      this.stream.on('data', (chunk: Buffer) => {
        this.pending = Buffer.concat([this.pending, chunk]);
        while (this.pending.length >= 5 && this.pending.length >= 5 + this.pending.readUInt32BE(1)) {
          const length = this.pending.readUInt32BE(1);
          this.messages.push(this.pending.subarray(5, 5 + length));
          this.pending = this.pending.subarray(5 + length);
        }
        this.wake();
      });
    }
    this.stream.resume();
  }

  /** Stops reading: HTTP/2 flow control then pushes back on the server. */
  pause(): void {
    this.stream.pause();
  }

  /** Waits (bounded) until `condition` holds, re-checked on every message and at the end. */
  async until(ms: number, what: string, condition: () => boolean): Promise<void> {
    await within(ms, what, new Promise<void>((resolve) => {
      const check = () => (condition() ? resolve() : this.wakers.push(check));
      check();
    }));
  }

  private wake(): void {
    for (const wake of this.wakers.splice(0)) wake();
  }
}
