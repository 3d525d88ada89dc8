import { HealthDefinition } from '../proto/health-definition.js';
import { SERVING_STATUSES, type ServingStatus } from '../serving-status.js';

/** One encoded `HealthCheckResponse` per status: Check and Watch write these as they are. */
export type EncodedResponses = Readonly<Record<ServingStatus, Buffer>>;

// NOTE: asBuffer lives in proto/, where the remote watch and the CLI reach it too.
export { asBuffer } from '../proto/as-buffer.js';

/** Encodes each status once, for one added service. */
export function encodeResponses(): EncodedResponses {
  const responses = {} as Record<ServingStatus, Buffer>;
  for (const status of SERVING_STATUSES) {
    // NOTE: a copy of its own, so that no other holder of protobufjs's pooled bytes can change it.
    responses[status] = Buffer.from(HealthDefinition.check.responseSerialize({ status }));
  }
  return Object.freeze(responses);
}
