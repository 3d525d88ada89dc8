// For users: the registry, the nice-grpc service and its definition.
export { HealthRegistry, SERVER_SERVICE } from './registry/health-registry.js';
export type {
  BindOptions,
  HealthChange,
  HealthRegistryOptions,
  HealthRegistryStats,
} from './registry/health-registry.js';
export type { BindableStatus } from './registry/status-bindings.js';
export type { InitialStatuses } from './registry/initial-statuses.js';
export { HealthTimeline } from './registry/health-timeline.js';
export type { HealthTimelineEntry, HealthTimelineOptions } from './registry/health-timeline.js';
export { createHealthService } from './nice-grpc/create-health-service.js';
export type { HealthServiceOptions } from './nice-grpc/create-health-service.js';
export { HealthDefinition } from './proto/health-definition.js';
export type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListRequest,
  HealthListResponse,
} from './proto/health-messages.js';
export { SERVING_STATUSES, isServingStatus, isSettableStatus } from './serving-status.js';
// Deprecated here (the wire numbers live in livery-grpc-health/grpc-js); gone in the next minor.
export {
  deprecatedServingStatusFromNumber as servingStatusFromNumber,
  deprecatedServingStatusToNumber as servingStatusToNumber,
} from './proto/wire-numbers.js';
export type { ServingStatus, SettableStatus } from './serving-status.js';

// Reactive health: statuses that follow probes and other services, and a graceful drain.
export { probe } from './reactive/probe.js';
export type { ProbeCheck, ProbeCheckResult, ProbeOptions } from './reactive/probe-options.js';
export { allServing } from './reactive/all-serving.js';
export { gracefulShutdown } from './reactive/graceful-shutdown.js';
export type {
  DrainableServer,
  DrainStep,
  GracefulShutdown,
  GracefulShutdownOptions,
} from './reactive/graceful-shutdown-options.js';

// For library authors: the stream bridge the Watch method is built on.
export { latestValues } from './nice-grpc/latest-values.js';
export type { LatestValueIterator } from './nice-grpc/latest-value-watcher.js';
