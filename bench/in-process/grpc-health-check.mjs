// grpc-health-check: setStatus calls each watcher its Watch calls registered with addWatcher
// (not documented API, but the only in-process subscription it has).
import { HealthImplementation } from 'grpc-health-check';

export function create() {
  const health = new HealthImplementation({ '': 'SERVING' });
  return {
    subscribe(callback) {
      health.addWatcher('', callback);
      return () => health.removeWatcher('', callback);
    },
    set: (status) => health.setStatus('', status),
  };
}
