// nice-grpc-server-health: HealthState is an EventEmitter; in-process code listens to 'change'.
import { HealthState } from 'nice-grpc-server-health';

const STATUS = { SERVING: 'healthy', NOT_SERVING: 'unhealthy' };

export function create() {
  const state = HealthState();
  state.setMaxListeners(0);
  return {
    subscribe(callback) {
      const listener = ({ status }) => callback(status);
      state.on('change', listener);
      return () => state.off('change', listener);
    },
    set: (status) => state.setStatus(STATUS[status], ''),
  };
}
