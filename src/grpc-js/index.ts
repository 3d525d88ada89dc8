// The Health service for plain @grpc/grpc-js servers (no nice-grpc needed).
export { addHealthService } from './add-health-service.js';
export type { HealthServiceOptions } from '../health-service-rules.js';
