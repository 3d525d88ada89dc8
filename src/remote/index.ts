// Remote health: follow another server's Health/Watch as an Observable (needs only @grpc/grpc-js).
export { watchHealth } from './watch-health.js';
export type { WatchHealthOptions } from './watch-health-options.js';
export type { WatchHealthTarget } from './remote-target.js';
export type { HealthWatchClient } from './client-watch-call.js';
export type { ServerStreamCaller } from './grpc-js-watch-call.js';
export { RemoteHealthError } from './remote-health-error.js';
