import type { ServingStatus } from '../serving-status.js';

/** `grpc.health.v1.HealthCheckRequest`: which service Check and Watch ask about. */
export interface HealthCheckRequest {
  /** The service name; `""` is the server as a whole. */
  service: string;
}

/** `grpc.health.v1.HealthCheckResponse`: one service's status. */
export interface HealthCheckResponse {
  status: ServingStatus;
}

/** `grpc.health.v1.HealthListRequest`: List takes no arguments. */
export interface HealthListRequest {}

/** `grpc.health.v1.HealthListResponse`: every registered service and its status. */
export interface HealthListResponse {
  /** Keyed by service name; the object has no prototype, so any name is a safe key. */
  statuses: Record<string, HealthCheckResponse>;
}
