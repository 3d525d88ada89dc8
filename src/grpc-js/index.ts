// The Health service for plain @grpc/grpc-js servers (no nice-grpc needed).
export { addHealthService } from './add-health-service.js';
export type { HealthServiceOptions } from '../health-service-rules.js';
// The status numbers of the wire format, for code that encodes or decodes messages itself.
export { servingStatusFromNumber, servingStatusToNumber } from '../serving-status.js';
