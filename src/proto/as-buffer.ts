/**
 * A view of `bytes` as a Buffer (what grpc-js reads and writes), without copying; Buffers pass
 * as they are. Our codec makes Uint8Arrays; the grpc-js server adapter, the remote watch and
 * the CLI's calls all hand them to grpc-js through this.
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
