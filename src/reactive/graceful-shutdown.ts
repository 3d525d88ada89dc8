import type { HealthRegistry } from '../registry/health-registry.js';
import {
  gracefulShutdownSettings,
  shutdownOf,
  type DrainableServer,
  type DrainStep,
  type GracefulShutdown,
  type GracefulShutdownOptions,
} from './graceful-shutdown-options.js';
import { onStopSignals } from './stop-signals.js';

/**
 * Drains a nice-grpc server (or a plain `@grpc/grpc-js` one) on a signal (SIGTERM by default)
 * or when `drain()` is called:
 *
 * 1. `registry.shutdown()`: Check answers NOT_SERVING and every watcher is told at once;
 * 2. waits `drainDelayMs`, so that probes and load balancers stop sending traffic;
 * 3. `registry.endWatches()`: Watch streams end, so that they do not hold the shutdown up;
 * 4. `await server.shutdown()` (grpc-js: `tryShutdown`) for at most `timeoutMs`, then
 *    `server.forceShutdown()`;
 * 5. `registry.unbindAll()`: bound sources (probes) stop, so that nothing is left running.
 *
 * A second signal during a drain forces the server down at once. It never calls `process.exit`
 * unless you set `exitCode`. While installed, its listeners replace Node's default action for
 * those signals (exit); they are removed when the drain ends or on `dispose()`.
 *
 * @example
 * ```ts
 * const server = createServer();
 * server.add(HealthDefinition, createHealthService(registry));
 * await server.listen('0.0.0.0:50051');
 * const drain = gracefulShutdown(server, registry, { drainDelayMs: 5_000, timeoutMs: 10_000 });
 * // kill -TERM <pid>: NOT_SERVING for 5 s, then Watch streams end and the server stops
 * ```
 */
export function gracefulShutdown(
  server: DrainableServer,
  registry: HealthRegistry,
  options: GracefulShutdownOptions = {},
): GracefulShutdown {
  const shutdownGracefully = shutdownOf(server);
  const drainable = registry as Partial<Record<'shutdown' | 'endWatches' | 'unbindAll', unknown>> | null;
  if (typeof drainable?.shutdown !== 'function' || typeof drainable.endWatches !== 'function' || typeof drainable.unbindAll !== 'function') {
    throw new TypeError('gracefulShutdown(): registry must be a HealthRegistry');
  }
  const settings = gracefulShutdownSettings(options);
  let drained: Promise<void> | undefined;
  let force!: () => void;
  const forced = new Promise<'forced'>((resolve) => (force = () => resolve('forced')));

  const step = (name: DrainStep) => {
    try {
      settings.onStep?.(name);
    } catch (error) {
      console.error(`gracefulShutdown(): onStep('${name}') threw; the drain goes on:`, error);
    }
  };

  // Resolves after `ms`, or sooner when forced or when `other` settles; leaves no timer behind.
  async function race<T>(ms: number, other?: Promise<T>): Promise<T | 'elapsed' | 'forced'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const elapsed = new Promise<'elapsed'>((resolve) => (timer = setTimeout(() => resolve('elapsed'), ms)));
    try {
      return await Promise.race(other ? [elapsed, forced, other] : [elapsed, forced]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function run(): Promise<void> {
    try {
      registry.shutdown();
      step('not-serving');
      await race(settings.drainDelayMs);
      registry.endWatches();
      step('watches-ended');
      const stopped = shutdownGracefully().then(() => 'stopped' as const);
      let outcome: 'stopped' | 'elapsed' | 'forced';
      try {
        outcome = await race(settings.timeoutMs, stopped);
      } catch (error) {
        server.forceShutdown();
        step('forced');
        throw error;
      }
      if (outcome === 'stopped') {
        step('stopped');
      } else {
        stopped.catch(() => {}); // NOTE: its outcome no longer matters once forced
        server.forceShutdown();
        step('forced');
      }
    } finally {
      registry.unbindAll(); // NOTE: nothing left running: bound probes stop with the server
      dispose();
    }
  }

  function drain(): Promise<void> {
    drained ??= run();
    return drained;
  }

  // The first signal drains (or, when drain() was called already, forces); later ones force.
  function onSignal(): void {
    if (drained !== undefined) return force();
    drain().then(
      () => {
        if (settings.exitCode !== undefined) process.exit(settings.exitCode);
      },
      (error: unknown) => {
        console.error('gracefulShutdown(): the server did not shut down cleanly:', error);
        if (settings.exitCode !== undefined) process.exit(settings.exitCode || 1);
      },
    );
  }

  const dispose = onStopSignals(settings.signals, onSignal, force);
  return { drain, dispose };
}
