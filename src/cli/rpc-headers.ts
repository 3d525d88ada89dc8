import { Metadata } from '@grpc/grpc-js';
import { UsageError } from './exit-codes.js';

/** One `-rpc-header` value, split. */
export interface RpcHeader {
  key: string;
  value: string;
}

/**
 * Splits `key: value` at the first colon, lower-cases the key and drops the spaces before the
 * value, as grpc_health_probe does. A key ending in `-bin` sends the value's bytes as binary
 * metadata (grpc-go does the same with a string value).
 *
 * @throws UsageError for a value without a colon or a key gRPC does not allow.
 */
export function parseRpcHeader(text: string): RpcHeader {
  const colon = text.indexOf(':');
  const invalid = (why: string) =>
    new UsageError(`invalid value ${JSON.stringify(text)} for flag -rpc-header: ${why}`);
  if (colon === -1) throw invalid(`invalid RPC header, expected 'key: value', got ${JSON.stringify(text)}`);
  const key = text.slice(0, colon).toLowerCase();
  const value = text.slice(colon + 1).trimStart();
  try {
    toMetadata([{ key, value }]);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  return { key, value };
}

/** The headers as grpc-js request metadata. */
export function toMetadata(headers: readonly RpcHeader[]): Metadata {
  const metadata = new Metadata();
  for (const { key, value } of headers) {
    metadata.add(key, key.endsWith('-bin') ? Buffer.from(value) : value);
  }
  return metadata;
}
