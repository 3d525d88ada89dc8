// The HTTP bridge: health probes, an event stream and a status page over node:http.
export { createHealthHttpHandler } from './create-health-http-handler.js';
export type { HealthHttpHandler } from './create-health-http-handler.js';
export type { HealthHttpOptions } from './http-options.js';
export type { HealthCheckBody, HealthStatusBody } from './check-response.js';
export type { HealthRequest, HealthResponse } from './open-streams.js';
export type { HealthGroupCheck, HealthGroupName, HealthGroupOptions, HealthGroupResult } from './health-group.js';
