import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthRegistry, gracefulShutdown, probe, type DrainStep, type GracefulShutdownOptions } from '../../src/index.js';

// A server whose shutdown the spec settles by hand.
function manualServer() {
  let settle!: { resolve(): void; reject(error: Error): void };
  const server = {
    shutdown: vi.fn(() => new Promise<void>((resolve, reject) => (settle = { resolve, reject }))),
    forceShutdown: vi.fn(),
  };
  return { server, settle: () => settle };
}

function start(options: GracefulShutdownOptions = {}) {
  const registry = new HealthRegistry();
  const { server, settle } = manualServer();
  const steps: DrainStep[] = [];
  const handle = gracefulShutdown(server, registry, {
    signals: [],
    drainDelayMs: 1_000,
    timeoutMs: 500,
    onStep: (step) => steps.push(step),
    ...options,
  });
  return { registry, server, settle, steps, handle };
}

const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('gracefulShutdown() (sequence, with fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('shuts the registry down at once, ends watches after the drain delay, stops the server, then ends bindings', async () => {
    const { registry, server, settle, steps, handle } = start();
    let probeSignal: AbortSignal | undefined;
    registry.bind('db', probe((signal) => ((probeSignal = signal), new Promise(() => {})), { timeoutMs: 60_000 }));
    await tick(0);
    const seen: string[] = [];
    registry.watch('').subscribe({ next: (status) => seen.push(status), complete: () => seen.push('ended') });
    const drained = handle.drain();
    expect(registry.isShutdown).toBe(true);
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
    expect(steps).toEqual(['not-serving']);
    await tick(999);
    expect(server.shutdown).not.toHaveBeenCalled();
    await tick(1);
    expect(seen).toEqual(['SERVING', 'NOT_SERVING', 'ended']);
    expect(steps).toEqual(['not-serving', 'watches-ended']);
    expect(server.shutdown).toHaveBeenCalledTimes(1);
    settle().resolve();
    await drained;
    expect(steps).toEqual(['not-serving', 'watches-ended', 'stopped']);
    expect(server.forceShutdown).not.toHaveBeenCalled();
    expect(registry.stats()).toMatchObject({ watchers: 0, bindings: 0 });
    expect(probeSignal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forces the server down when shutdown() misses the deadline', async () => {
    const { server, steps, handle } = start();
    let done = false;
    const drained = handle.drain().then(() => (done = true));
    await tick(1_000 + 499);
    expect(server.forceShutdown).not.toHaveBeenCalled();
    await tick(1);
    await drained;
    expect(done).toBe(true);
    expect(server.forceShutdown).toHaveBeenCalledTimes(1);
    expect(steps).toEqual(['not-serving', 'watches-ended', 'forced']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drains once: drain() again returns the same promise', async () => {
    const { server, settle, handle } = start({ drainDelayMs: 0 });
    const first = handle.drain();
    expect(handle.drain()).toBe(first);
    await tick(0);
    settle().resolve();
    await first;
    expect(handle.drain()).toBe(first);
    expect(server.shutdown).toHaveBeenCalledTimes(1);
  });

  it('forces the server and rejects when shutdown() fails', async () => {
    const { server, settle, steps, handle } = start({ drainDelayMs: 0 });
    const drained = handle.drain();
    const failed = expect(drained).rejects.toThrow('tryShutdown failed');
    await tick(0);
    settle().reject(new Error('tryShutdown failed'));
    await failed;
    expect(server.forceShutdown).toHaveBeenCalledTimes(1);
    expect(steps).toEqual(['not-serving', 'watches-ended', 'forced']);
  });

  it('logs an onStep that throws and goes on', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { settle, handle } = start({
      drainDelayMs: 0,
      onStep: () => {
        throw new Error('logger down');
      },
    });
    const drained = handle.drain();
    await tick(0);
    settle().resolve();
    await drained;
    expect(log).toHaveBeenCalledTimes(3);
    expect(log).toHaveBeenCalledWith("gracefulShutdown(): onStep('not-serving') threw; the drain goes on:", new Error('logger down'));
  });

  describe('signals', () => {
    beforeEach(() => {
      // process.emit() calls every listener: make sure only ours are there.
      expect(process.listenerCount('SIGTERM'), 'another SIGTERM listener is installed in this worker').toBe(0);
    });
    afterEach(() => {
      expect(process.listenerCount('SIGTERM')).toBe(0);
    });

    it('drains on SIGTERM, forces at once on a second one, then removes its listeners', async () => {
      const { registry, server, steps } = start({ signals: ['SIGTERM'], drainDelayMs: 10_000 });
      expect(process.listenerCount('SIGTERM')).toBe(1);
      process.emit('SIGTERM');
      expect(registry.isShutdown).toBe(true);
      await tick(100);
      expect(server.shutdown).not.toHaveBeenCalled();
      process.emit('SIGTERM');
      await tick(0);
      expect(server.forceShutdown).toHaveBeenCalledTimes(1);
      expect(steps).toEqual(['not-serving', 'watches-ended', 'forced']);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('calls process.exit(exitCode) after a drain a signal started, and only then', async () => {
      const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
      const { settle } = start({ signals: ['SIGTERM'], drainDelayMs: 0, exitCode: 0 });
      process.emit('SIGTERM');
      await tick(0);
      expect(exit).not.toHaveBeenCalled();
      settle().resolve();
      await tick(0);
      expect(exit).toHaveBeenCalledWith(0);
      const byCall = start({ drainDelayMs: 0, exitCode: 0 });
      const drained = byCall.handle.drain();
      await tick(0);
      byCall.settle().resolve();
      await drained;
      expect(exit).toHaveBeenCalledTimes(1);
    });

    it('dispose() removes the listeners and leaves the default action alone', () => {
      const { registry, handle } = start({ signals: ['SIGTERM', 'SIGINT'] });
      const sigint = process.listenerCount('SIGINT');
      handle.dispose();
      expect(process.listenerCount('SIGINT')).toBe(sigint - 1);
      expect(registry.isShutdown).toBe(false);
    });
  });

  it.each<[string, GracefulShutdownOptions, RegExp]>([
    ['drainDelayMs -1', { drainDelayMs: -1 }, /drainDelayMs must be a number from 0 to 2147483647 \(ms\), got -1/],
    ['drainDelayMs past a timer', { drainDelayMs: 3e9 }, /drainDelayMs must be a number from 0 to 2147483647/],
    ['timeoutMs Infinity', { timeoutMs: Infinity }, /timeoutMs/],
    ['signals', { signals: 'SIGTERM' as never }, /signals must be an array of signal names/],
    ['exitCode', { exitCode: 1.5 }, /exitCode must be an integer, got 1.5/],
  ])('rejects %s', (_, options, message) => {
    expect(() => gracefulShutdown(manualServer().server, new HealthRegistry(), options)).toThrow(message);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('rejects a server without shutdown() or tryShutdown(), and forceShutdown()', () => {
    expect(() => gracefulShutdown({} as never, new HealthRegistry())).toThrow(/server must be a nice-grpc or @grpc\/grpc-js Server/);
    expect(() => gracefulShutdown({ forceShutdown() {} } as never, new HealthRegistry())).toThrow(TypeError);
  });
});
