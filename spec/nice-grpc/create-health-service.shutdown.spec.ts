import http2 from 'node:http2';
import { createServer } from 'nice-grpc';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthDefinition, HealthRegistry, createHealthService } from '../../src/index.js';
import { until, within } from '../support/bounded.js';
import { WatchFrameReader, grpcStatusOf } from '../support/grpc-frames.js';
import { startHealthServer, type HealthServerFixture } from '../support/health-server.js';
import { watchOn } from '../support/raw-grpc.js';
import { createTerminator } from '../support/terminator.js';
import { WatchRecorder } from '../support/watch-recorder.js';

let fixture: HealthServerFixture | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await fixture?.close();
  fixture = undefined;
});

/**
 * `count` raw Watch calls (of "" and "db") over 10 HTTP/2 connections, each first message
 * received. Raw HTTP/2 keeps a gRPC client's own work off the event loop the server shares.
 */
async function openWatchers(address: string, count: number) {
  const sessions = Array.from({ length: 10 }, () => {
    const session = http2.connect(`http://${address}`);
    session.on('error', () => {});
    cleanups.push(() => session.destroy());
    return session;
  });
  const watchers = Array.from({ length: count }, (_, i) => {
    const stream = watchOn(sessions[i % sessions.length]!, i % 2 === 0 ? '' : 'db');
    return { reader: new WatchFrameReader().attach(stream), status: grpcStatusOf(stream) };
  });
  await until(20_000, `${count} first messages`, () => watchers.every((w) => w.reader.statuses.length > 0));
  return watchers;
}

/**
 * Runs a shutdown and returns what it cost, in ms. That is the process's CPU time, not the wall
 * clock: this machine is shared, and on a loaded one the wall clock measures the neighbours.
 * The wall clock is bounded too (5 s), so that a shutdown that waits on something fails.
 */
async function timed(how: string, shutdown: () => Promise<void>): Promise<number> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await within(5_000, `server.shutdown() with 1,000 Watch streams (${how})`, shutdown());
  const { user, system } = process.cpuUsage(cpu);
  const cpuMs = (user + system) / 1_000;
  console.log(`shutdown with 1,000 Watch streams (${how}): ${(performance.now() - wall).toFixed(0)} ms, ${cpuMs.toFixed(0)} ms of CPU`);
  return cpuMs;
}

/** Each watcher was sent NOT_SERVING after its first status, then its stream ended with OK. */
async function expectNotServingThenEnded(watchers: Awaited<ReturnType<typeof openWatchers>>) {
  const statuses = await within(5_000, 'every stream to end', Promise.all(watchers.map((w) => w.status)));
  for (const [i, w] of watchers.entries()) {
    expect(statuses[i]?.code).toBe(0);
    expect(w.reader.statuses).toEqual(['SERVING', 'NOT_SERVING']);
  }
}

describe('createHealthService and server shutdown', () => {
  it('lets server.shutdown() finish in under a second with 1,000 open Watch streams: shutdown(), endWatches()', { timeout: 60_000 }, async () => {
    fixture = await startHealthServer();
    const { registry, server } = fixture;
    registry.set('db', 'SERVING');
    const watchers = await openWatchers(fixture.address, 1_000);

    const took = await timed('endWatches', () => {
      registry.shutdown(); // every watcher is sent NOT_SERVING
      registry.endWatches(); // then its stream ends
      return server.shutdown();
    });
    expect(took).toBeLessThan(1_000);
    await expectNotServingThenEnded(watchers);
    expect(registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
  });

  it('cooperates with the terminator middleware: shutdown(), terminate(), then server.shutdown() in under a second', { timeout: 60_000 }, async () => {
    const registry = new HealthRegistry();
    registry.set('db', 'SERVING');
    const terminator = createTerminator();
    const server = createServer().use(terminator.middleware);
    server.add(HealthDefinition, createHealthService(registry));
    const port = await server.listen('127.0.0.1:0');
    cleanups.push(() => server.forceShutdown());
    const watchers = await openWatchers(`127.0.0.1:${port}`, 1_000);

    const took = await timed('terminator', () => {
      registry.shutdown();
      terminator.terminate(); // aborts every Watch call, as nice-grpc-server-health's Watch asks for
      return server.shutdown();
    });
    expect(took).toBeLessThan(1_000);
    await expectNotServingThenEnded(watchers);
    expect(registry.watcherCount).toBe(0);
  });

  it('after shutdown(), set and clear change nothing that Check, List or Watch show until resume()', async () => {
    fixture = await startHealthServer();
    const { registry, client } = fixture;
    registry.set('db', 'SERVING');
    registry.set('cache', 'NOT_SERVING');
    const db = new WatchRecorder((signal) => client.watch({ service: 'db' }, { signal }));
    const fresh = new WatchRecorder((signal) => client.watch({ service: 'fresh' }, { signal }));
    await db.waitForCount(1);
    await fresh.waitForCount(1);

    registry.shutdown();
    await db.waitForLast('NOT_SERVING');
    registry.set('db', 'SERVING');
    registry.set('fresh', 'SERVING');
    registry.clear('cache');
    registry.set('', 'NOT_SERVING');
    registry.set('', 'SERVING');
    const shutDown = { '': { status: 'NOT_SERVING' }, db: { status: 'NOT_SERVING' }, cache: { status: 'NOT_SERVING' } };
    expect({ ...(await client.list({})).statuses }).toEqual(shutDown);
    for (const [service, answer] of Object.entries(shutDown)) expect(await client.check({ service })).toEqual(answer);
    await expect(client.check({ service: 'fresh' })).rejects.toMatchObject({ code: 5 }); // NOT_FOUND
    // A round trip later, the watchers have been sent nothing new.
    expect(db.statuses).toEqual(['SERVING', 'NOT_SERVING']);
    expect(fresh.statuses).toEqual(['SERVICE_UNKNOWN']);

    registry.resume();
    const resumed = { '': { status: 'SERVING' }, db: { status: 'SERVING' }, fresh: { status: 'SERVING' } };
    expect({ ...(await client.list({})).statuses }).toEqual(resumed);
    for (const [service, answer] of Object.entries(resumed)) expect(await client.check({ service })).toEqual(answer);
    await expect(client.check({ service: 'cache' })).rejects.toMatchObject({ code: 5 });
    await db.waitForLast('SERVING');
    await fresh.waitForLast('SERVING');
    db.cancel();
    fresh.cancel();
    await until(5_000, 'the watchers to leave', () => registry.watcherCount === 0);
  });
});
