import * as grpc from '@grpc/grpc-js';
import { createChannel, createClient, createServer, type Channel } from 'nice-grpc';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthDefinition, HealthRegistry, allServing, type ServingStatus } from '../../src/index.js';
import { RemoteHealthError, watchHealth, type WatchHealthOptions, type WatchHealthTarget } from '../../src/remote/index.js';
import { until } from '../support/bounded.js';
import { ConnectionCounter } from '../support/connection-counter.js';
import { HEALTH_SERVER_KINDS } from '../support/health-server-kinds.js';
import { RestartableHealthServer } from '../support/restartable-health-server.js';
import { StatusRecorder } from '../support/status-recorder.js';

// Real servers on 127.0.0.1, real channels. Short waits so that a restart is seen quickly: ours
// (initialBackoffMs) and the channel's own reconnect backoff, which also applies.
const FAST: WatchHealthOptions = { initialBackoffMs: 20, maxBackoffMs: 100 };
const FAST_CHANNEL = { 'grpc.initial_reconnect_backoff_ms': 20, 'grpc.max_reconnect_backoff_ms': 100 };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function record<T>(source: import('rxjs').Observable<T>): StatusRecorder<T> {
  const recorder = new StatusRecorder(source);
  cleanups.push(() => recorder.subscription.unsubscribe());
  return recorder;
}

/** Every kind of target a user may already have, over one address. */
const TARGETS: ReadonlyArray<[string, (address: string) => WatchHealthTarget]> = [
  ['a nice-grpc channel', (address) => track(createChannel(address))],
  ['a @grpc/grpc-js Channel', (address) => track(new grpc.Channel(address, grpc.credentials.createInsecure(), {}))],
  ['a @grpc/grpc-js Client', (address) => track(new grpc.Client(address, grpc.credentials.createInsecure()))],
  ['a nice-grpc Health client', (address) => createClient(HealthDefinition, track(createChannel(address)))],
  ['an address', (address) => address],
];

function track<T extends { close(): void }>(closable: T): T {
  cleanups.push(() => closable.close());
  return closable;
}

describe('watchHealth()', () => {
  describe.each(HEALTH_SERVER_KINDS)('against $name', (kind) => {
    it.each(TARGETS)('follows the remote status through %s, and unsubscribing cancels the call', async (_, makeTarget) => {
      const health = await kind.start();
      cleanups.push(() => health.close());
      health.registry.set('orders', 'SERVING');
      const remote = record(watchHealth(makeTarget(health.address), 'orders'));
      await remote.reaches('SERVING');
      health.registry.set('orders', 'NOT_SERVING');
      await remote.reaches('NOT_SERVING');
      health.registry.clear('orders');
      await remote.reaches('SERVICE_UNKNOWN');
      health.registry.set('orders', 'SERVING');
      await remote.reaches('SERVING');
      expect(remote.values).toEqual(['SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN', 'SERVING']);
      expect(health.registry.watcherCount).toBe(1);
      remote.subscription.unsubscribe();
      await until(5_000, 'the server to see the call cancelled', () => health.registry.watcherCount === 0);
    });
  });

  it('adds no connection to the channel the user passes', async () => {
    const server = new RestartableHealthServer();
    await server.start((registry) => registry.set('orders', 'SERVING'));
    cleanups.push(() => server.stop());
    const counter = await ConnectionCounter.start(server.port);
    cleanups.push(() => counter.close());
    const channel = track(createChannel(counter.address));
    const client = createClient(HealthDefinition, channel);
    expect(await client.check({ service: 'orders' })).toEqual({ status: 'SERVING' });
    const first = record(watchHealth(channel, 'orders'));
    const second = record(watchHealth(new grpc.Client('', grpc.credentials.createInsecure(), { channelOverride: channel }), ''));
    await first.reaches('SERVING');
    await second.reaches('SERVING');
    expect(counter.connections).toBe(1);
    first.subscription.unsubscribe();
    second.subscription.unsubscribe();
    expect(await client.check({ service: '' })).toEqual({ status: 'SERVING' }); // the channel is still open
  });

  it('opens a channel of its own for an address, and closes it when the subscription ends', async () => {
    const server = new RestartableHealthServer();
    await server.start();
    cleanups.push(() => server.stop());
    const counter = await ConnectionCounter.start(server.port);
    cleanups.push(() => counter.close());
    const remote = record(watchHealth(counter.address, ''));
    await remote.reaches('SERVING');
    expect(counter.open).toBe(1);
    remote.subscription.unsubscribe();
    await until(5_000, 'the connection to close', () => counter.open === 0);
    expect(counter.connections).toBe(1);
  });

  it('reports NOT_SERVING while the server is down, and the real status once it is back on the same port', async () => {
    const server = new RestartableHealthServer();
    await server.start((registry) => registry.set('orders', 'SERVING'));
    cleanups.push(() => server.stop());
    const channel = track(createChannel(server.address, undefined, FAST_CHANNEL));
    const failures: RemoteHealthError[] = [];
    const remote = record(watchHealth(channel, 'orders', { ...FAST, onFailure: (failure) => failures.push(failure) }));
    await remote.reaches('SERVING');
    server.stop();
    await remote.reaches('NOT_SERVING');
    await until(5_000, 'a few failed attempts', () => failures.length >= 3);
    expect(failures.every((failure) => failure.code === grpc.status.UNAVAILABLE || failure.code === grpc.status.CANCELLED)).toBe(true);
    await server.start((registry) => registry.set('orders', 'NOT_SERVING'));
    await until(10_000, 'a Watch on the restarted server', () => server.registry.watcherCount === 1);
    server.registry.set('orders', 'SERVING');
    await remote.reaches('SERVING');
    expect(remote.values).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    // The restarted server answered NOT_SERVING first: reported once, as the down status was the same.
  });

  it('brings 200 subscriptions on one channel through 3 restarts, each on the final status, and leaves no call (npm run soak: 1,000 through 20)', async () => {
    const server = new RestartableHealthServer();
    await server.start((registry) => registry.set('orders', 'SERVING'));
    cleanups.push(() => server.stop());
    const channel = track(createChannel(server.address, undefined, FAST_CHANNEL));
    const last: Array<ServingStatus | undefined> = new Array(200).fill(undefined);
    const subscriptions = last.map((_, i) => watchHealth(channel, 'orders', FAST).subscribe((status) => (last[i] = status)));
    cleanups.push(() => subscriptions.forEach((subscription) => subscription.unsubscribe()));
    const all = (status: ServingStatus) => () => last.every((seen) => seen === status);
    await until(10_000, 'every subscription SERVING', all('SERVING'));
    for (let round = 0; round < 3; round++) {
      server.stop();
      await until(10_000, `round ${round}: every subscription NOT_SERVING`, all('NOT_SERVING'));
      await server.start((registry) => registry.set('orders', 'SERVING'));
      await until(10_000, `round ${round}: every subscription SERVING again`, all('SERVING'));
    }
    server.registry.set('orders', 'NOT_SERVING');
    await until(10_000, 'every subscription on the final status', all('NOT_SERVING'));
    expect(server.registry.watcherCount).toBe(200);
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    await until(5_000, 'every Watch cancelled', () => server.registry.watcherCount === 0);
  });

  it("keeps the last status through a restart with whileDown 'LAST'", async () => {
    const server = new RestartableHealthServer();
    await server.start((registry) => registry.set('orders', 'SERVING'));
    cleanups.push(() => server.stop());
    const remote = record(watchHealth(server.address, 'orders', { ...FAST, whileDown: 'LAST', channelOptions: FAST_CHANNEL }));
    await remote.reaches('SERVING');
    server.stop();
    await server.start((registry) => registry.set('orders', 'NOT_SERVING'));
    await remote.reaches('NOT_SERVING');
    expect(remote.values).toEqual(['SERVING', 'NOT_SERVING']);
  });

  describe('a server without the Health service (UNIMPLEMENTED)', () => {
    async function startBareServer(): Promise<string> {
      const server = createServer();
      const port = await server.listen('127.0.0.1:0');
      cleanups.push(() => server.forceShutdown());
      return `127.0.0.1:${port}`;
    }

    it.each<[string, WatchHealthOptions, ServingStatus]>([
      ['counts as SERVING, as gRFC A17 has it', {}, 'SERVING'],
      ['counts as whenUnimplemented says', { whenUnimplemented: 'NOT_SERVING' }, 'NOT_SERVING'],
    ])('%s; the watch completes and does not call again', async (_, options, expected) => {
      const address = await startBareServer();
      const counter = await ConnectionCounter.start(Number(address.split(':')[1]));
      cleanups.push(() => counter.close());
      const failures: RemoteHealthError[] = [];
      const remote = record(watchHealth(counter.address, '', { ...options, onFailure: (failure) => failures.push(failure) }));
      await remote.until('completion', ({ completed }) => completed);
      expect(remote.values).toEqual([expected]);
      expect(failures.map(({ code }) => code)).toEqual([grpc.status.UNIMPLEMENTED]);
      expect(counter.connections).toBe(1);
    });

    it("errors with a RemoteHealthError when whenUnimplemented is 'ERROR'", async () => {
      const address = await startBareServer();
      const remote = record(watchHealth(address, 'orders', { whenUnimplemented: 'ERROR' }));
      await remote.until('an error', ({ error }) => error !== undefined);
      expect(remote.error).toBeInstanceOf(RemoteHealthError);
      expect(remote.error).toMatchObject({ code: grpc.status.UNIMPLEMENTED, service: 'orders' });
      expect(remote.values).toEqual([]);
    });
  });

  it('errors at once on a channel that is already closed (no call can ever be made)', async () => {
    const channel: Channel = createChannel('127.0.0.1:1');
    channel.close();
    const remote = record(watchHealth(channel, ''));
    expect(remote.error).toBeInstanceOf(Error);
    expect(remote.values).toEqual([]);
  });

  it('binds: a local service follows the remote one, and the gateway readiness follows both', async () => {
    const backend = new RestartableHealthServer();
    await backend.start((registry) => registry.set('orders', 'NOT_SERVING'));
    cleanups.push(() => backend.stop());
    const channel = track(createChannel(backend.address));
    const gateway = new HealthRegistry({ serverStatus: 'NOT_SERVING' });
    gateway.set('cache', 'SERVING');
    gateway.bind('backend', watchHealth(channel, 'orders'));
    gateway.bind('', allServing(gateway, ['backend', 'cache']));
    cleanups.push(() => gateway.unbindAll());
    const ready = record(gateway.watch(''));
    await until(5_000, 'the backend status to arrive', () => gateway.status('backend') === 'NOT_SERVING');
    expect(gateway.status('')).toBe('NOT_SERVING');
    backend.registry.set('orders', 'SERVING');
    await ready.reaches('SERVING');
    backend.registry.set('orders', 'NOT_SERVING');
    await ready.reaches('NOT_SERVING');
    expect(gateway.unbind('backend')).toBe(true);
    await until(5_000, 'the Watch to be cancelled by unbind', () => backend.registry.watcherCount === 0);
  });

  describe('checks its arguments at the call', () => {
    it.each<[string, () => unknown, ErrorConstructor, RegExp]>([
      ['a number as target', () => watchHealth(42 as never, ''), TypeError, /target must be an address, a @grpc\/grpc-js Channel or Client/],
      ['a nice-grpc client of another service', () => watchHealth({ sayHello() {} } as never, ''), TypeError, /pass the channel it was created with/],
      ['an empty address', () => watchHealth(' ', ''), TypeError, /target must not be an empty address/],
      ['a service that is not a string', () => watchHealth('127.0.0.1:1', 7 as never), TypeError, /service must be a string, got number/],
      ['whileDown', () => watchHealth('127.0.0.1:1', '', { whileDown: 'DOWN' as never }), TypeError, /whileDown must be a serving status or 'LAST', got DOWN/],
      ['whenUnimplemented', () => watchHealth('127.0.0.1:1', '', { whenUnimplemented: 'LAST' as never }), TypeError, /whenUnimplemented must be a serving status or 'ERROR'/],
      ['initialBackoffMs 0', () => watchHealth('127.0.0.1:1', '', { initialBackoffMs: 0 }), RangeError, /initialBackoffMs must be a finite number from 1 to 2147483647, got 0/],
      ['initialBackoffMs past a timer', () => watchHealth('127.0.0.1:1', '', { initialBackoffMs: 2 ** 31 }), RangeError, /initialBackoffMs/],
      ['maxBackoffMs below initialBackoffMs', () => watchHealth('127.0.0.1:1', '', { initialBackoffMs: 500, maxBackoffMs: 100 }), RangeError, /maxBackoffMs must be a finite number from 500/],
      ['backoffMultiplier NaN', () => watchHealth('127.0.0.1:1', '', { backoffMultiplier: NaN }), RangeError, /backoffMultiplier .* got NaN/],
      ['backoffJitter 1', () => watchHealth('127.0.0.1:1', '', { backoffJitter: 1 }), RangeError, /backoffJitter must be a finite number from 0 to 0.99, got 1/],
      ['onFailure', () => watchHealth('127.0.0.1:1', '', { onFailure: 'log' as never }), TypeError, /onFailure must be a function/],
      ['metadata', () => watchHealth('127.0.0.1:1', '', { metadata: { authorization: 'x' } as never }), TypeError, /metadata must be a @grpc\/grpc-js Metadata/],
      ['credentials', () => watchHealth('127.0.0.1:1', '', { credentials: {} as never }), TypeError, /credentials must be a @grpc\/grpc-js ChannelCredentials/],
      ['credentials with a channel', () => watchHealth(track(createChannel('127.0.0.1:1')), '', { credentials: grpc.credentials.createInsecure() }), TypeError, /apply only when target is an address/],
      ['metadata with a nice-grpc client', () => watchHealth(createClient(HealthDefinition, track(createChannel('127.0.0.1:1'))), '', { metadata: new grpc.Metadata() }), TypeError, /metadata does not apply to a nice-grpc client/],
    ])('rejects %s', (_, call, type, message) => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  });

  it('sends the metadata it is given with every call', async () => {
    const seen: string[] = [];
    const server = new grpc.Server();
    const { addHealthService } = await import('../../src/grpc-js/index.js');
    const registry = new HealthRegistry();
    addHealthService(server, registry);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    cleanups.push(() => server.forceShutdown());
    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Bearer t0ken');
    const interceptor: grpc.Interceptor = (options, next) =>
      new grpc.InterceptingCall(next(options), {
        start: (sent, listener, start) => (seen.push(String(sent.get('authorization')[0])), start(sent, listener)),
      });
    const client = track(new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { interceptors: [interceptor] }));
    const remote = record(watchHealth(client, '', { metadata }));
    await remote.reaches('SERVING');
    expect(seen).toEqual(['Bearer t0ken']);
  });
});
