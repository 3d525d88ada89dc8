import { afterEach, describe, expect, it } from 'vitest';
import { HealthDefinition, createHealthService } from '../../src/index.js';
import { Status, createChannel, createClient, createServer, type Channel, type Server } from 'nice-grpc';
import { within } from '../support/bounded.js';
import { startHttpBridge, type HttpBridgeFixture } from '../support/http-server.js';
import { SseReader } from '../support/sse-reader.js';

// Each handler has its own budget of event streams (maxWatchers): other handlers, gRPC Watch
// and in-process subscriptions neither count against it nor can be locked out by it.

let fixture: HttpBridgeFixture | undefined;
let grpc: { server: Server; channel: Channel } | undefined;
const readers: SseReader[] = [];
const aborts: AbortController[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close();
  for (const controller of aborts.splice(0)) controller.abort();
  grpc?.channel.close();
  grpc?.server.forceShutdown();
  grpc = undefined;
  await fixture?.close();
  fixture = undefined;
});

const named = (name: string) => (events: { event: string }[]) => events.some((e) => e.event === name);

async function stream(path: string): Promise<SseReader> {
  const reader = await SseReader.open(`${fixture!.origin}${path}`);
  readers.push(reader);
  await reader.waitFor('ready', named('ready'));
  return reader;
}

async function refusal(path: string) {
  const response = await within(5_000, `the refusal of ${path}`, fetch(`${fixture!.origin}${path}`));
  return [response.status, response.headers.get('retry-after'), await response.json()];
}

/** A nice-grpc server with the Health service on the same registry, and a client. */
async function startGrpc(maxWatchers?: number) {
  const server = createServer();
  server.add(HealthDefinition, createHealthService(fixture!.registry, maxWatchers === undefined ? {} : { maxWatchers }));
  const channel = createChannel(`127.0.0.1:${await server.listen('127.0.0.1:0')}`);
  grpc = { server, channel };
  return createClient(HealthDefinition, channel);
}

/** Opens a gRPC Watch and waits for its first message. */
async function grpcWatch(client: Awaited<ReturnType<typeof startGrpc>>, service: string): Promise<string> {
  const controller = new AbortController();
  aborts.push(controller);
  const iterator = client.watch({ service }, { signal: controller.signal })[Symbol.asyncIterator]();
  try {
    const first = await within(5_000, `the first message of Watch(${service})`, iterator.next());
    return first.done ? 'ended' : String(first.value.status);
  } catch (error) {
    return String((error as { code?: unknown }).code === Status.RESOURCE_EXHAUSTED ? 'RESOURCE_EXHAUSTED' : error);
  }
}

describe('createHealthHttpHandler maxWatchers', () => {
  it('answers 503 with Retry-After past the limit, and frees a place when a stream ends', async () => {
    fixture = await startHttpBridge({ http: { maxWatchers: 2 } });
    const first = await stream('/healthz/watch');
    await stream('/healthz/watch/db');
    expect(await refusal('/healthz/watch')).toEqual([503, '5', { error: 'too many watchers (maxWatchers is 2)' }]);
    expect((await within(5_000, 'a check', fetch(`${fixture.origin}/healthz`))).status).toBe(200); // checks are not limited
    first.close();
    await within(5_000, 'a place to free', (async () => {
      for (;;) {
        const response = await fetch(`${fixture!.origin}/healthz/watch/db`, { method: 'GET' });
        if (response.status === 200) return void response.body?.cancel();
        await response.text();
      }
    })());
  });

  it('counts only its own streams: in-process watchers and gRPC Watch calls do not use it up', async () => {
    fixture = await startHttpBridge({ http: { maxWatchers: 2 } });
    const inProcess = Array.from({ length: 5 }, () => fixture!.registry.watch('db').subscribe());
    const client = await startGrpc();
    for (let i = 0; i < 3; i++) expect(await grpcWatch(client, 'db')).toBe('SERVICE_UNKNOWN');
    expect(fixture.registry.watcherCount).toBe(8);
    await stream('/healthz/watch');
    await stream('/healthz/watch/db');
    expect(await refusal('/healthz/watch/db')).toEqual([503, '5', { error: 'too many watchers (maxWatchers is 2)' }]);
    // The HTTP budget is full; gRPC Watch and in-process watchers go on.
    expect(await grpcWatch(client, '')).toBe('SERVING');
    inProcess.push(fixture.registry.watch('').subscribe());
    for (const subscription of inProcess) subscription.unsubscribe();
  });

  it('is one budget per handler: two handlers on one registry do not share it', async () => {
    fixture = await startHttpBridge({ http: { maxWatchers: 1 }, second: { basePath: '/internal', maxWatchers: 1 } });
    await stream('/healthz/watch');
    expect((await refusal('/healthz/watch'))[0]).toBe(503);
    await stream('/internal/watch');
    expect((await refusal('/internal/watch'))[0]).toBe(503);
  });

  it('and gRPC Watch with a budget of its own never lock each other out, whichever is full', async () => {
    fixture = await startHttpBridge({ http: { maxWatchers: 3 } });
    const client = await startGrpc(2);
    // The HTTP budget full: gRPC Watch goes on, up to its own limit.
    for (let i = 0; i < 3; i++) await stream(i % 2 ? '/healthz/watch' : '/healthz/watch/db');
    expect(await refusal('/healthz/watch')).toEqual([503, '5', { error: 'too many watchers (maxWatchers is 3)' }]);
    expect(await grpcWatch(client, '')).toBe('SERVING');
    expect(await grpcWatch(client, 'db')).toBe('SERVICE_UNKNOWN');
    // Now both are full; each refuses only its own.
    expect(await grpcWatch(client, '')).toBe('RESOURCE_EXHAUSTED');
    expect((await refusal('/healthz/watch/db'))[0]).toBe(503);
    // Free one HTTP place: HTTP takes a stream again while gRPC stays full.
    readers[0]!.close();
    await within(5_000, 'a place to free', (async () => {
      for (;;) {
        const response = await fetch(`${fixture!.origin}/healthz/watch/db`);
        if (response.status === 200) return void response.body?.cancel();
        await response.text();
      }
    })());
    expect(await grpcWatch(client, '')).toBe('RESOURCE_EXHAUSTED');
  });
});
