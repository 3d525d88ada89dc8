import type { ClientHttp2Stream } from 'node:http2';
import { HealthDefinition, type ServingStatus } from '../../src/index.js';

/**
 * Splits the bytes of a raw gRPC response stream into messages (5-byte header: flag and
 * big-endian length) and decodes each as a HealthCheckResponse.
 */
export class WatchFrameReader {
  readonly statuses: ServingStatus[] = [];
  #pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= 5) {
      const length = this.#pending.readUInt32BE(1);
      if (this.#pending.length < 5 + length) break;
      const message = this.#pending.subarray(5, 5 + length);
      this.statuses.push(HealthDefinition.watch.responseDeserialize(message).status);
      this.#pending = this.#pending.subarray(5 + length);
    }
  }

  /** Reads `stream` from now on. */
  attach(stream: ClientHttp2Stream): this {
    stream.on('data', (chunk: Buffer) => this.push(chunk));
    return this;
  }
}

/** The grpc-status trailer of a raw call (or the header of a trailers-only answer), bounded by the caller. */
export function grpcStatusOf(stream: ClientHttp2Stream): Promise<{ code: number; message: string }> {
  return new Promise((resolve, reject) => {
    const take = (headers: Record<string, unknown>) => {
      if (headers['grpc-status'] === undefined) return;
      resolve({
        code: Number(headers['grpc-status']),
        message: decodeURIComponent(String(headers['grpc-message'] ?? '')),
      });
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('close', () => reject(new Error('the stream closed without a grpc-status')));
    stream.resume();
  });
}
