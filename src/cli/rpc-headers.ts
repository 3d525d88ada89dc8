import { UsageError } from './exit-codes.js';

/** One `-rpc-header` value, split. */
export interface RpcHeader {
  key: string;
  value: string;
}

/** Request metadata as HTTP/2 header fields: each key with its values, in order. */
export type RequestMetadata = Record<string, string[]>;

// gRPC's rules for custom metadata (PROTOCOL-HTTP2: Custom-Metadata): lower-case keys of these
// characters; ASCII values, except for -bin keys, whose values are bytes (sent as base64).
const KEY = /^[0-9a-z_.-]+$/;
const ASCII_VALUE = /^[\x20-\x7e]*$/;
// Set by the client itself (gRPC's reserved headers), or not allowed in HTTP/2 at all.
const RESERVED = new Set(['content-type', 'te', 'user-agent', 'grpc-timeout', 'grpc-encoding', 'grpc-accept-encoding', 'grpc-message-type', 'grpc-status', 'grpc-message', 'grpc-status-details-bin']);
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

/** Why `key: value` cannot be sent, or undefined when it can. */
function problem(key: string, value: string): string | undefined {
  if (!KEY.test(key)) return `metadata key ${JSON.stringify(key)} contains characters gRPC does not allow (0-9 a-z _ . -)`;
  if (RESERVED.has(key)) return `${JSON.stringify(key)} is set by the client itself${key === 'user-agent' ? ' (use -user-agent)' : ''}`;
  if (CONNECTION_SPECIFIC.has(key)) return `${JSON.stringify(key)} is a connection-specific header, which HTTP/2 does not allow`;
  if (!key.endsWith('-bin') && !ASCII_VALUE.test(value)) {
    return `metadata value ${JSON.stringify(value)} of ${JSON.stringify(key)} is not printable ASCII (use a key ending in -bin for bytes)`;
  }
  return undefined;
}

/**
 * Splits `key: value` at the first colon, lower-cases the key and drops the spaces before the
 * value, as grpc_health_probe does. A key ending in `-bin` sends the value's bytes as binary
 * metadata (grpc-go does the same with a string value).
 *
 * @throws UsageError for a value without a colon, or a header gRPC does not allow.
 */
export function parseRpcHeader(text: string): RpcHeader {
  const colon = text.indexOf(':');
  const invalid = (why: string) =>
    new UsageError(`invalid value ${JSON.stringify(text)} for flag -rpc-header: ${why}`);
  if (colon === -1) throw invalid(`invalid RPC header, expected 'key: value', got ${JSON.stringify(text)}`);
  const key = text.slice(0, colon).toLowerCase();
  const value = text.slice(colon + 1).trimStart();
  const why = problem(key, value);
  if (why !== undefined) throw invalid(why);
  return { key, value };
}

/** The headers as request metadata: -bin values base64-encoded, unpadded (as gRPC says to send them). */
export function toMetadata(headers: readonly RpcHeader[]): RequestMetadata {
  const metadata: RequestMetadata = Object.create(null);
  for (const { key, value } of headers) {
    const wire = key.endsWith('-bin') ? Buffer.from(value).toString('base64').replace(/=+$/, '') : value;
    (metadata[key] ??= []).push(wire);
  }
  return metadata;
}
