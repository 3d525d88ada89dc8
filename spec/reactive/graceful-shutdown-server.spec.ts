import { ClientError, Status, createChannel, createClient, createServer } from 'nice-grpc';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HealthDefinition,
  HealthRegistry,
  createHealthService,
  gracefulShutdown,
  probe,
  type DrainStep,
} from '../../src/index.js';
import { until, within } from '../support/bounded.js';
import { startGrpcJsHealthServer } from '../support/grpc-js-health-server.js';
import { HangingDefinition, hangingService } from '../support/hanging-service.js';
import { WatchRecorder } from '../support/watch-recorder.js';

const codeOf = (error: unknown) => (error instanceof ClientError ? Status[error.code] : String(error));

// A real nice-grpc server with Health and a service whose calls hang, and a client of each.
async function startServer() {
  const registry = new HealthRegistry();
  const hanging = hangingService();
  const server = createServer();
  server.add(HealthDefinition, createHealthService(registry));
  server.add(HangingDefinition, hanging.implementation);
  const address = `127.0.0.1:${await server.listen('127.0.0.1:0')}`;
  const channel = createChannel(address);
  const closers = [() => channel.close(), () => server.forceShutdown()];
  cleanups.push(() => closers.forEach((close) => close()));
  return {
    registry,
    server,
    address,
    hanging: hanging.state,
    health: createClient(HealthDefinition, channel),
    hangingClient: createClient(HangingDefinition, channel),
    watch: (service: string) =>
      new WatchRecorder((signal) => createClient(HealthDefinition, channel).watch({ service }, { signal })),
  };
}

// Calls Check over and over (each bounded) until one fails; records what it got.
function keepChecking(client: ReturnType<typeof createClient<HealthDefinition>>) {
  const results: string[] = [];
  const done = (async () => {
    for (;;) {
      try {
        const { status } = await client.check({ service: '' }, { signal: AbortSignal.timeout(2_000) });
        results.push(status);
      } catch (error) {
        results.push(codeOf(error));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return { results, done };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('gracefulShutdown() with a real nice-grpc server', () => {
  it('answers NOT_SERVING during the drain delay, ends the watches, then refuses calls', async () => {
    const { registry, server, address, health, watch } = await startServer();
    const probeSignals: AbortSignal[] = [];
    registry.bind('db', probe((signal) => void probeSignals.push(signal), { intervalMs: 20 }));
    const watchers = [watch(''), watch('db')];
    await Promise.all(watchers.map((watcher) => watcher.waitForLast('SERVING')));
    const checks = keepChecking(health);
    await until(5_000, 'a first Check', () => checks.results.length > 0);

    const steps: Array<[DrainStep, number]> = [];
    const started = performance.now();
    const handle = gracefulShutdown(server, registry, {
      signals: [],
      drainDelayMs: 1_000,
      timeoutMs: 5_000,
      onStep: (step) => steps.push([step, performance.now() - started]),
    });
    const drained = handle.drain();
    // Every watcher hears NOT_SERVING while the drain delay still runs.
    await Promise.all(watchers.map((watcher) => watcher.waitForLast('NOT_SERVING')));
    expect(steps.map(([step]) => step)).toEqual(['not-serving']);

    await within(5_000, 'the drain', drained);
    expect(steps.map(([step]) => step)).toEqual(['not-serving', 'watches-ended', 'stopped']);
    expect(steps[1]![1]).toBeGreaterThanOrEqual(995);
    await within(5_000, 'the watch streams to end', Promise.all(watchers.map((watcher) => watcher.done)));
    for (const watcher of watchers) {
      expect(watcher.statuses).toEqual(['SERVING', 'NOT_SERVING']);
      expect(watcher.error).toBeUndefined(); // ended with status OK
    }
    expect(registry.stats()).toMatchObject({ watchers: 0, bindings: 0 });
    expect(probeSignals.length).toBeGreaterThan(0); // it ran, and its binding ended with the drain

    await within(5_000, 'Check to fail', checks.done);
    const sequence = checks.results.join(' ');
    expect(sequence).toMatch(/^(SERVING )*(NOT_SERVING )+UNAVAILABLE$/);
    expect(checks.results.filter((result) => result === 'NOT_SERVING').length).toBeGreaterThanOrEqual(5);

    const fresh = createChannel(address);
    try {
      const error = await createClient(HealthDefinition, fresh)
        .check({ service: '' }, { signal: AbortSignal.timeout(2_000) })
        .catch((caught: unknown) => caught);
      expect(codeOf(error)).toBe('UNAVAILABLE'); // connection refused
    } finally {
      fresh.close();
    }
  });

  it('forces the server down once timeoutMs has passed with a call still running', async () => {
    const { registry, server, hanging, hangingClient, watch } = await startServer();
    const watcher = watch('');
    await watcher.waitForLast('SERVING');
    const call = hangingClient.hang(new Uint8Array([1]), { signal: AbortSignal.timeout(10_000) }).then(
      () => 'finished',
      (error: unknown) => codeOf(error),
    );
    await until(5_000, 'the hanging call to reach the server', () => hanging.inFlight === 1);

    const steps: DrainStep[] = [];
    const started = performance.now();
    await within(
      5_000,
      'the drain',
      gracefulShutdown(server, registry, { signals: [], drainDelayMs: 50, timeoutMs: 300, onStep: (step) => steps.push(step) }).drain(),
    );
    const elapsed = performance.now() - started;
    expect(steps).toEqual(['not-serving', 'watches-ended', 'forced']);
    expect(elapsed).toBeGreaterThanOrEqual(340);
    // grpc-js reports the server's RST_STREAM(CANCEL) as CANCELLED (UNAVAILABLE if the connection went first)
    expect(await within(5_000, 'the hanging call to fail', call)).toMatch(/^(CANCELLED|UNAVAILABLE)$/);
    await until(5_000, 'the server to cancel the call', () => hanging.cancelled === 1);
    await within(5_000, 'the watch stream to end', watcher.done);
    expect(watcher.statuses).toEqual(['SERVING', 'NOT_SERVING']);
  });

  it('drains on SIGTERM and forces on a second SIGTERM, then leaves no listener', async () => {
    expect(process.listenerCount('SIGTERM'), 'another SIGTERM listener is installed in this worker').toBe(0);
    const { registry, server, hanging, hangingClient, watch } = await startServer();
    const watcher = watch('');
    await watcher.waitForLast('SERVING');
    const call = hangingClient.hang(new Uint8Array(), { signal: AbortSignal.timeout(10_000) }).catch(codeOf);
    await until(5_000, 'the hanging call to reach the server', () => hanging.inFlight === 1);

    const steps: DrainStep[] = [];
    const handle = gracefulShutdown(server, registry, {
      drainDelayMs: 10_000,
      timeoutMs: 10_000,
      onStep: (step) => steps.push(step),
    });
    try {
      process.emit('SIGTERM');
      await watcher.waitForLast('NOT_SERVING');
      process.emit('SIGTERM');
      await within(5_000, 'the forced drain', handle.drain());
    } finally {
      handle.dispose();
    }
    expect(steps).toEqual(['not-serving', 'watches-ended', 'forced']);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    expect(await within(5_000, 'the hanging call to fail', call)).toMatch(/^(CANCELLED|UNAVAILABLE)$/);
    await within(5_000, 'the watch stream to end', watcher.done);
  });

  it('drains a plain @grpc/grpc-js server too (tryShutdown)', async () => {
    const fixture = await startGrpcJsHealthServer();
    cleanups.push(() => void fixture.close());
    const watcher = new WatchRecorder((signal) => fixture.client.watch({ service: '' }, { signal }));
    await watcher.waitForLast('SERVING');
    const steps: DrainStep[] = [];
    const drained = gracefulShutdown(fixture.server, fixture.registry, {
      signals: [],
      drainDelayMs: 200,
      timeoutMs: 5_000,
      onStep: (step) => steps.push(step),
    }).drain();
    await watcher.waitForLast('NOT_SERVING');
    expect(await fixture.client.check({ service: '' })).toEqual({ status: 'NOT_SERVING' });
    await within(5_000, 'the drain', drained);
    expect(steps).toEqual(['not-serving', 'watches-ended', 'stopped']);
    await within(5_000, 'the watch stream to end', watcher.done);
    expect(watcher.statuses).toEqual(['SERVING', 'NOT_SERVING']);
    expect(watcher.error).toBeUndefined();
    const error = await fixture.client
      .check({ service: '' }, { signal: AbortSignal.timeout(2_000) })
      .catch((caught: unknown) => caught);
    expect(codeOf(error)).toBe('UNAVAILABLE');
  });
});
