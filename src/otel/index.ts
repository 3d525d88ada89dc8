// OpenTelemetry metrics for a registry and its probes (needs the optional peer @opentelemetry/api).
export { instrumentHealth } from './instrument-health.js';
export type { HealthMetrics, HealthMetricsOptions, WatcherCountSource } from './instrument-health.js';
export { HEALTH_METRICS } from './metric-names.js';
