// For users: the registry, the nice-grpc service and its definition.
export { HealthRegistry, SERVER_SERVICE } from './registry/health-registry.js';
export type {
  BindOptions,
  HealthChange,
  HealthRegistryOptions,
  HealthRegistryStats,
} from './registry/health-registry.js';
export type { BindableStatus } from './registry/status-bindings.js';
export { createHealthService } from './service/create-health-service.js';
export type { HealthServiceOptions } from './service/create-health-service.js';
export { HealthDefinition } from './proto/health-definition.js';
export type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListRequest,
  HealthListResponse,
} from './proto/health-messages.js';
export {
  SERVING_STATUSES,
  isServingStatus,
  isSettableStatus,
  servingStatusFromNumber,
  servingStatusToNumber,
} from './serving-status.js';
export type { ServingStatus, SettableStatus } from './serving-status.js';

// For library authors: the stream bridge the Watch method is built on.
export { latestValues } from './service/latest-values.js';
export type { LatestValueIterator } from './service/latest-value-subscriber.js';
