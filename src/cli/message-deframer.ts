import { Status, RpcError } from './grpc-status.js';

/** One gRPC message as framed on the wire: its compressed flag and its bytes. */
export interface Frame {
  compressed: boolean;
  bytes: Buffer;
}

/**
 * Splits a response body into gRPC messages (a flag byte, a 4-byte big-endian length, the
 * message) however the body is cut into chunks.
 */
export class MessageDeframer {
  #pending: Buffer = Buffer.alloc(0);

  /** @param maxMessageBytes a longer message is refused, as grpc's max receive size does */
  constructor(readonly maxMessageBytes: number) {}

  /** Whether part of a message is still waiting for the rest. */
  get partial(): boolean {
    return this.#pending.length > 0;
  }

  /**
   * The messages that `chunk` completes.
   *
   * @throws RpcError INTERNAL for a flag that is neither 0 nor 1, RESOURCE_EXHAUSTED for a
   * message longer than the limit.
   */
  push(chunk: Buffer): Frame[] {
    let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: Frame[] = [];
    while (data.length >= 5) {
      const flag = data[0]!;
      if (flag > 1) throw new RpcError(Status.INTERNAL, `Invalid message flag ${flag}`);
      const length = data.readUInt32BE(1);
      if (length > this.maxMessageBytes) {
        throw new RpcError(Status.RESOURCE_EXHAUSTED, `Received message larger than max (${length} vs. ${this.maxMessageBytes})`);
      }
      if (data.length < 5 + length) break;
      frames.push({ compressed: flag === 1, bytes: data.subarray(5, 5 + length) });
      data = data.subarray(5 + length);
    }
    this.#pending = data;
    return frames;
  }
}
