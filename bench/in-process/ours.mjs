// Ours: HealthRegistry.set, with subscribers on HealthRegistry.watch (RxJS Observables).
import { HealthRegistry } from 'livery-grpc-health';

export function create() {
  const registry = new HealthRegistry();
  return {
    subscribe(callback) {
      const subscription = registry.watch('').subscribe(callback);
      return () => subscription.unsubscribe();
    },
    set: (status) => registry.set('', status),
  };
}
