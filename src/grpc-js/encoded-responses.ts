import { HealthDefinition } from '../proto/health-definition.js';
import { SERVING_STATUSES, type ServingStatus } from '../serving-status.js';

/** One encoded `HealthCheckResponse` per status: Check and Watch write these as they are. */
export type EncodedResponses = Readonly<Record<ServingStatus, Buffer>>;

/** A view of `bytes` as a Buffer (what grpc-js writes), without copying; Buffers pass as they are. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Encodes each status once, for one added service. */
export function encodeResponses(): EncodedResponses {
  const responses = {} as Record<ServingStatus, Buffer>;
  for (const status of SERVING_STATUSES) {
    // NOTE: a copy of its own, so that no other holder of protobufjs's pooled bytes can change it.
    responses[status] = Buffer.from(HealthDefinition.check.responseSerialize({ status }));
  }
  return Object.freeze(responses);
}
