import {
  SERVING_STATUSES,
  type ServingStatus,
  servingStatusFromNumber,
  servingStatusToNumber,
} from '../serving-status.js';
import { HEALTH_SCHEMA } from './health-schema.js';
import type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListRequest,
  HealthListResponse,
} from './health-messages.js';
import { LENGTH_DELIMITED, ProtobufReader, VARINT } from './protobuf-reader.js';
import { concat, delimitedField, stringField, varintField } from './protobuf-writer.js';

/**
 * Encoders and decoders for the four `grpc.health.v1` messages. Written by hand over the field
 * numbers generated from the vendored proto (`health-schema.ts`): three tiny messages do not
 * need a protobuf runtime, and not loading one keeps imports and the probe CLI fast.
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

const SERVICE = HEALTH_SCHEMA.fields.HealthCheckRequest.service;
const STATUS = HEALTH_SCHEMA.fields.HealthCheckResponse.status;
const STATUSES = HEALTH_SCHEMA.fields.HealthListResponse.statuses;
// A map entry is a message of its own: the key is field 1, the value field 2 (protobuf's rule).
const MAP_KEY = 1;
const MAP_VALUE = 2;

/** `HealthCheckRequest`: the last `service` wins; unknown fields are skipped. */
function readCheckRequest(reader: ProtobufReader): HealthCheckRequest {
  let service = '';
  while (reader.more) {
    const [field, wireType] = reader.tag();
    if (field === SERVICE && wireType === LENGTH_DELIMITED) service = reader.string();
    else reader.skip(field, wireType);
  }
  return { service };
}

/** `HealthCheckResponse`; a status number this version does not know reads as UNKNOWN. */
function readCheckResponse(reader: ProtobufReader): HealthCheckResponse {
  let status = 0;
  while (reader.more) {
    const [field, wireType] = reader.tag();
    if (field === STATUS && wireType === VARINT) status = reader.varint32();
    else reader.skip(field, wireType);
  }
  return { status: servingStatusFromNumber(status) };
}

/** One `map<string, HealthCheckResponse>` entry; missing parts take their defaults. */
function readStatusEntry(reader: ProtobufReader): [string, HealthCheckResponse] {
  let key = '';
  let value: HealthCheckResponse = { status: 'UNKNOWN' };
  while (reader.more) {
    const [field, wireType] = reader.tag();
    if (field === MAP_KEY && wireType === LENGTH_DELIMITED) key = reader.string();
    else if (field === MAP_VALUE && wireType === LENGTH_DELIMITED) value = readCheckResponse(reader.delimited());
    else reader.skip(field, wireType);
  }
  return [key, value];
}

/** Builds the codec. It holds no mutable state; each call returns its own pre-encoded bytes. */
export function createHealthCodec(): HealthCodec {
  // NOTE: Check and Watch answer with one of four messages; encoding each once keeps
  // serialization off the hot path entirely.
  const encodedResponses = SERVING_STATUSES.map((status) => varintField(STATUS, servingStatusToNumber(status)));
  const emptyListRequest = new Uint8Array(0);

  function encodeStatus(status: ServingStatus | undefined): Uint8Array {
    const index = status === undefined ? 0 : servingStatusToNumber(status);
    if (index < 0) throw new TypeError(`HealthCheckResponse: unknown status ${String(status)}`);
    return encodedResponses[index]!;
  }

  return {
    encodeCheckRequest: (request) => stringField(SERVICE, request.service ?? ''),
    decodeCheckRequest: (bytes) => readCheckRequest(new ProtobufReader(bytes)),
    encodeCheckResponse: (response) => encodeStatus(response.status),
    decodeCheckResponse: (bytes) => readCheckResponse(new ProtobufReader(bytes)),
    encodeListRequest: () => emptyListRequest,
    decodeListRequest(bytes) {
      const reader = new ProtobufReader(bytes);
      while (reader.more) reader.skip(...reader.tag());
      return {};
    },
    encodeListResponse(response) {
      const entries: Uint8Array[] = [];
      for (const [service, entry] of Object.entries(response.statuses ?? {})) {
        const value = encodeStatus(entry?.status ?? 'UNKNOWN');
        entries.push(delimitedField(STATUSES, concat([stringField(MAP_KEY, service), delimitedField(MAP_VALUE, value)])));
      }
      return concat(entries);
    },
    decodeListResponse(bytes) {
      const reader = new ProtobufReader(bytes);
      const statuses: Record<string, HealthCheckResponse> = Object.create(null);
      while (reader.more) {
        const [field, wireType] = reader.tag();
        if (field === STATUSES && wireType === LENGTH_DELIMITED) {
          const [service, value] = readStatusEntry(reader.delimited());
          statuses[service] = value;
        } else {
          reader.skip(field, wireType);
        }
      }
      return { statuses };
    },
  };
}
