import { createHealthCodec } from './health-codec.js';
import { HEALTH_SCHEMA } from './health-schema.js';
import type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListRequest,
  HealthListResponse,
} from './health-messages.js';

const codec = createHealthCodec();

/**
 * The nice-grpc service definition of `grpc.health.v1.Health`, for `server.add` and
 * `createClient`.
 *
 * @example
 * ```ts
 * const server = createServer();
 * server.add(HealthDefinition, createHealthService(registry));
 *
 * const client = createClient(HealthDefinition, createChannel('127.0.0.1:50051'));
 * const { status } = await client.check({ service: '' }); // 'SERVING'
 * ```
 */
// NOTE: the serializers' return types are written out: inferred, they would be printed in the
// declarations as `Uint8Array<ArrayBufferLike>`, which TypeScript before 5.7 cannot read.
export const HealthDefinition = {
  /** `rpc Check(HealthCheckRequest) returns (HealthCheckResponse)` */
  check: {
    path: HEALTH_SCHEMA.methods.Check.path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Partial<HealthCheckRequest>): Uint8Array => codec.encodeCheckRequest(value),
    requestDeserialize: (bytes: Uint8Array) => codec.decodeCheckRequest(bytes),
    responseSerialize: (value: Partial<HealthCheckResponse>): Uint8Array => codec.encodeCheckResponse(value),
    responseDeserialize: (bytes: Uint8Array) => codec.decodeCheckResponse(bytes),
    options: { idempotencyLevel: 'NO_SIDE_EFFECTS' },
  },
  /** `rpc List(HealthListRequest) returns (HealthListResponse)` */
  list: {
    path: HEALTH_SCHEMA.methods.List.path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Partial<HealthListRequest>): Uint8Array => codec.encodeListRequest(value),
    requestDeserialize: (bytes: Uint8Array) => codec.decodeListRequest(bytes),
    responseSerialize: (value: Partial<HealthListResponse>): Uint8Array => codec.encodeListResponse(value),
    responseDeserialize: (bytes: Uint8Array) => codec.decodeListResponse(bytes),
    options: { idempotencyLevel: 'NO_SIDE_EFFECTS' },
  },
  /** `rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse)` */
  watch: {
    path: HEALTH_SCHEMA.methods.Watch.path,
    requestStream: false,
    responseStream: true,
    requestSerialize: (value: Partial<HealthCheckRequest>): Uint8Array => codec.encodeCheckRequest(value),
    requestDeserialize: (bytes: Uint8Array) => codec.decodeCheckRequest(bytes),
    responseSerialize: (value: Partial<HealthCheckResponse>): Uint8Array => codec.encodeCheckResponse(value),
    responseDeserialize: (bytes: Uint8Array) => codec.decodeCheckResponse(bytes),
    options: {},
  },
} as const;

/** The type of {@link HealthDefinition}. */
export type HealthDefinition = typeof HealthDefinition;
