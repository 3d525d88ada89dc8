// The Health service for plain @grpc/grpc-js servers, with the registry and the statuses (the
// same classes and functions as the main entry's), so that a grpc-js user need not install
// nice-grpc, which the main entry loads.
export { addHealthService } from './add-health-service.js';
export type { HealthServiceOptions } from '../health-service-rules.js';
export { HealthRegistry, SERVER_SERVICE } from '../registry/health-registry.js';
export type {
  BindOptions,
  HealthChange,
  HealthRegistryOptions,
  HealthRegistryStats,
} from '../registry/health-registry.js';
export type { BindableStatus } from '../registry/status-bindings.js';
export { HealthTimeline } from '../registry/health-timeline.js';
export type { HealthTimelineEntry, HealthTimelineOptions } from '../registry/health-timeline.js';
export { SERVING_STATUSES, isServingStatus, isSettableStatus } from '../serving-status.js';
export type { ServingStatus, SettableStatus } from '../serving-status.js';
// The status numbers of the wire format, for code that encodes or decodes messages itself.
export { servingStatusFromNumber, servingStatusToNumber } from '../serving-status.js';
