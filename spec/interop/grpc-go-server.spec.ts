import * as grpc from '@grpc/grpc-js';
import { createChannel } from 'nice-grpc';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../../src/index.js';
import { watchHealth, type RemoteHealthError, type WatchHealthOptions } from '../../src/remote/index.js';
import { until } from '../support/bounded.js';
import { GO_INTEROP_BINARIES, buildGoInterop } from '../support/go-interop-build.js';
import { InteropDriver } from '../support/interop-driver.js';
import { StatusRecorder } from '../support/status-recorder.js';

// watchHealth() against grpc-go's own health server (google.golang.org/grpc/health, from Debian's
// golang-google-grpc-dev): spec/interop/go/health-server, driven over stdin/stdout.
beforeAll(buildGoInterop, 180_000);

const FAST: WatchHealthOptions = { initialBackoffMs: 20, maxBackoffMs: 100 };
const FAST_CHANNEL = { 'grpc.initial_reconnect_backoff_ms': 20, 'grpc.max_reconnect_backoff_ms': 100 };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** grpc-go's health server on 127.0.0.1:`port` (0: any); `flags` such as `-no-health`. */
async function startGoServer(port = 0, ...flags: string[]): Promise<{ server: InteropDriver; address: string; port: number }> {
  const server = await InteropDriver.start('grpc-go health-server', GO_INTEROP_BINARIES.server, [...flags, `127.0.0.1:${port}`]);
  cleanups.push(() => server.kill());
  const bound = server.events.find((event) => event.ready)!.port!;
  return { server, address: `127.0.0.1:${bound}`, port: bound };
}

function record<T>(source: import('rxjs').Observable<T>): StatusRecorder<T> {
  const recorder = new StatusRecorder(source);
  cleanups.push(() => recorder.subscription.unsubscribe());
  return recorder;
}

function channelTo(address: string) {
  const channel = createChannel(address, undefined, FAST_CHANNEL);
  cleanups.push(() => channel.close());
  return channel;
}

describe('watchHealth() against grpc-go health.Server', () => {
  it('follows SetServingStatus, an unknown service, Shutdown() and Resume()', async () => {
    const { server, address } = await startGoServer();
    expect(server.version).toMatch(/^1\./);
    await server.request({ op: 'set', service: 'orders', status: 'SERVING' });
    const channel = channelTo(address);
    const orders = record(watchHealth(channel, 'orders'));
    const ghost = record(watchHealth(channel, 'ghost'));
    await orders.reaches('SERVING');
    await ghost.reaches('SERVICE_UNKNOWN');
    await server.request({ op: 'set', service: 'orders', status: 'NOT_SERVING' });
    await orders.reaches('NOT_SERVING');
    await server.request({ op: 'set', service: 'ghost', status: 'SERVING' });
    await ghost.reaches('SERVING');
    await server.request({ op: 'set', service: 'orders', status: 'SERVING' });
    await orders.reaches('SERVING');
    await server.request({ op: 'shutdown' }); // grpc-go: every service NOT_SERVING
    await orders.reaches('NOT_SERVING');
    await ghost.reaches('NOT_SERVING');
    await server.request({ op: 'resume' }); // grpc-go: every service SERVING
    await orders.reaches('SERVING');
    await ghost.reaches('SERVING');
    expect(orders.values).toEqual(['SERVING', 'NOT_SERVING', 'SERVING', 'NOT_SERVING', 'SERVING']);
    expect(ghost.values).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVING']);
  });

  it('reports NOT_SERVING while the server is gone, and the real status once it is back on the same port', async () => {
    const first = await startGoServer();
    await first.server.request({ op: 'set', service: 'orders', status: 'SERVING' });
    const failures: RemoteHealthError[] = [];
    const orders = record(watchHealth(channelTo(first.address), 'orders', { ...FAST, onFailure: (failure) => failures.push(failure) }));
    await orders.reaches('SERVING');
    await first.server.kill(); // SIGKILL: the connection is cut, as in a crash
    await orders.reaches('NOT_SERVING');
    await until(5_000, 'a few failed attempts while it is gone', () => failures.length >= 3);
    const second = await startGoServer(first.port);
    await second.server.request({ op: 'set', service: 'orders', status: 'SERVING' });
    await orders.reaches('SERVING');
    // The new server may answer SERVICE_UNKNOWN before the spec's set reaches it.
    expect(orders.values.filter((status) => status !== 'SERVICE_UNKNOWN')).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    expect(failures.every(({ code }) => code === grpc.status.UNAVAILABLE)).toBe(true);
  });

  it('takes a grpc-go server without the Health service (UNIMPLEMENTED) as SERVING, as A17 does, and stops', async () => {
    const { address } = await startGoServer(0, '-no-health');
    const failures: RemoteHealthError[] = [];
    const remote = record(watchHealth(address, 'orders', { onFailure: (failure) => failures.push(failure) }));
    await remote.until('completion', ({ completed }) => completed);
    expect(remote.values).toEqual(['SERVING']);
    expect(failures.map(({ code }) => code)).toEqual([grpc.status.UNIMPLEMENTED]);
  });

  it('binds: a local service follows the grpc-go one', async () => {
    const { server, address } = await startGoServer();
    const registry = new HealthRegistry();
    registry.bind('backend', watchHealth(channelTo(address), ''));
    cleanups.push(() => registry.unbindAll());
    await until(5_000, 'the backend to be SERVING', () => registry.status('backend') === 'SERVING');
    await server.request({ op: 'shutdown' });
    await until(5_000, 'the backend to be NOT_SERVING', () => registry.status('backend') === 'NOT_SERVING');
  });
});
