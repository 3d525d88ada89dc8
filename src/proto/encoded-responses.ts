import { SERVING_STATUSES, type ServingStatus } from '../serving-status.js';
import { HealthDefinition } from './health-definition.js';
import type { HealthCheckResponse } from './health-messages.js';

/**
 * One frozen `HealthCheckResponse` per status: what nice-grpc's Check, Watch and List answer
 * with, so that answering allocates nothing (the codec serializes each from its cache).
 */
export const RESPONSE_MESSAGES: Readonly<Record<ServingStatus, HealthCheckResponse>> = Object.freeze(
  Object.fromEntries(SERVING_STATUSES.map((status) => [status, Object.freeze({ status })])) as Record<
    ServingStatus,
    HealthCheckResponse
  >,
);

/** One encoded `HealthCheckResponse` per status: grpc-js's Check and Watch write these as they are. */
export type EncodedResponses = Readonly<Record<ServingStatus, Buffer>>;

/** Encodes each status once, for one added service. */
export function encodeResponses(): EncodedResponses {
  const responses = {} as Record<ServingStatus, Buffer>;
  for (const status of SERVING_STATUSES) {
    // NOTE: a copy of its own, so that no other holder of protobufjs's pooled bytes can change it.
    responses[status] = Buffer.from(HealthDefinition.check.responseSerialize({ status }));
  }
  return Object.freeze(responses);
}
