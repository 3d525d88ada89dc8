/**
 * The names of the instruments {@link instrumentHealth} creates, as OpenTelemetry names them.
 * The Prometheus exporter turns dots into underscores and adds a unit or `_total` suffix
 * (`livery.health.status_changes` is scraped as `livery_health_status_changes_total`).
 */
export const HEALTH_METRICS = Object.freeze({
  /** Gauge, per `service` (`""` is the server): 1 while SERVING, 0 while NOT_SERVING. */
  serving: 'livery.health.serving',
  /** Gauge: 1 while the registry is shut down (draining or stopped), else 0. */
  shutdown: 'livery.health.shutdown',
  /** Counter, per `service` and new `status`: every change watchers were told about. */
  statusChanges: 'livery.health.status_changes',
  /** Up-down counter, per `transport`: open watches (gRPC Watch, event streams, Observables). */
  watchers: 'livery.health.watchers',
  /** Histogram in seconds, per `probe` and `outcome` (`pass` / `fail`): how long checks take. */
  probeDuration: 'livery.health.probe.duration',
  /** Counter, per `probe` and `reason` (`timeout` / `error`): failed checks. */
  probeFailures: 'livery.health.probe.failures',
});
