import protobuf from 'protobufjs/light.js';
import {
  SERVING_STATUSES,
  type ServingStatus,
  servingStatusFromNumber,
  servingStatusToNumber,
} from '../serving-status.js';
import { healthDescriptor } from './health-descriptor.js';
import type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListRequest,
  HealthListResponse,
} from './health-messages.js';

/**
 * Encoders and decoders for the four `grpc.health.v1` messages, built by protobufjs from the
 * descriptor generated out of the vendored proto (no .proto is read at run time).
 */
export interface HealthCodec {
  encodeCheckRequest(request: Partial<HealthCheckRequest>): Uint8Array;
  decodeCheckRequest(bytes: Uint8Array): HealthCheckRequest;
  encodeCheckResponse(response: Partial<HealthCheckResponse>): Uint8Array;
  decodeCheckResponse(bytes: Uint8Array): HealthCheckResponse;
  encodeListRequest(request: Partial<HealthListRequest>): Uint8Array;
  decodeListRequest(bytes: Uint8Array): HealthListRequest;
  encodeListResponse(response: Partial<HealthListResponse>): Uint8Array;
  decodeListResponse(bytes: Uint8Array): HealthListResponse;
}

/** Builds the codec. Called once per service definition; it holds no mutable state. */
export function createHealthCodec(): HealthCodec {
  const root = protobuf.Root.fromJSON(healthDescriptor);
  const requestType = root.lookupType('grpc.health.v1.HealthCheckRequest');
  const responseType = root.lookupType('grpc.health.v1.HealthCheckResponse');
  const listRequestType = root.lookupType('grpc.health.v1.HealthListRequest');
  const listResponseType = root.lookupType('grpc.health.v1.HealthListResponse');

  // NOTE: Check and Watch answer with one of four messages; encoding each once keeps
  // serialization off the hot path entirely.
  const encodedResponses = SERVING_STATUSES.map((status) =>
    responseType.encode({ status: servingStatusToNumber(status) }).finish(),
  );
  const emptyListRequest = listRequestType.encode({}).finish();

  function encodeStatus(status: ServingStatus | undefined): Uint8Array {
    const index = status === undefined ? 0 : servingStatusToNumber(status);
    if (index < 0) throw new TypeError(`HealthCheckResponse: unknown status ${String(status)}`);
    return encodedResponses[index]!;
  }

  return {
    encodeCheckRequest: (request) => requestType.encode({ service: request.service ?? '' }).finish(),
    decodeCheckRequest(bytes) {
      const message = requestType.decode(bytes) as unknown as { service: string };
      return { service: message.service };
    },
    encodeCheckResponse: (response) => encodeStatus(response.status),
    decodeCheckResponse(bytes) {
      const message = responseType.decode(bytes) as unknown as { status: number };
      return { status: servingStatusFromNumber(message.status) };
    },
    encodeListRequest: () => emptyListRequest,
    decodeListRequest(bytes) {
      listRequestType.decode(bytes);
      return {};
    },
    encodeListResponse(response) {
      const statuses: Record<string, { status: number }> = Object.create(null);
      for (const [service, entry] of Object.entries(response.statuses ?? {})) {
        statuses[service] = { status: servingStatusToNumber(entry?.status ?? 'UNKNOWN') };
      }
      return listResponseType.encode({ statuses }).finish();
    },
    decodeListResponse(bytes) {
      const message = listResponseType.decode(bytes) as unknown as {
        statuses: Record<string, { status: number }>;
      };
      const statuses: Record<string, HealthCheckResponse> = Object.create(null);
      for (const [service, entry] of Object.entries(message.statuses)) {
        statuses[service] = { status: servingStatusFromNumber(entry.status) };
      }
      return { statuses };
    },
  };
}
