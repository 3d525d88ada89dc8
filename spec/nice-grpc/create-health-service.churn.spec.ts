import { once } from 'node:events';
import http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealthService } from '../../src/index.js';
import { until, within } from '../support/bounded.js';
import { settledHeapBytes, mib } from '../support/heap.js';
import { startHealthServer, type HealthServerFixture } from '../support/health-server.js';
import { HEALTH_SERVER_KINDS } from '../support/health-server-kinds.js';
import { watchOn } from '../support/raw-grpc.js';

let fixture: HealthServerFixture<unknown>;
afterEach(async () => {
  await fixture?.close();
});

// A third of the streams watch "db", a third "", a third a name nobody ever sets.
const nameFor = (i: number, round: string) => (i % 3 === 0 ? 'db' : i % 3 === 1 ? '' : `unknown-${round}-${i}`);

/**
 * Opens `count` raw Watch calls over 100 HTTP/2 connections and waits for every first message,
 * then ends them: on even connections each call is cancelled (RST_STREAM CANCEL, what a
 * gRPC client sends) and the connection closed gracefully; odd connections are destroyed
 * with their calls open. Raw HTTP/2 keeps the client's own cost out of the way, and 50 calls
 * per connection stays below the reset-flood guard of Node's HTTP/2 server.
 */
async function churn(count: number, round: string): Promise<void> {
  const sessions = Array.from({ length: 100 }, () => {
    const session = http2.connect(`http://${fixture.address}`);
    session.on('error', () => {});
    return session;
  });
  const calls = Array.from({ length: count }, (_, i) => {
    const stream = watchOn(sessions[i % sessions.length]!, nameFor(i, round));
    return { stream, first: once(stream, 'data') };
  });
  await within(60_000, `${count} first messages`, Promise.all(calls.map((call) => call.first)));
  const unknown = Math.floor(count / 3); // the i with i % 3 === 2
  expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2 + unknown, watchers: count, bindings: 0 });
  for (const [i, { stream }] of calls.entries()) {
    if (i % sessions.length % 2 === 0) stream.close(http2.constants.NGHTTP2_CANCEL);
  }
  for (const [i, session] of sessions.entries()) {
    if (i % 2 === 0) session.close();
    else session.destroy();
  }
  await until(30_000, 'the server to release every subscription', () => fixture.registry.watcherCount === 0);
}

// The 10,000 streams for the nice-grpc service; the grpc-js adapter gets 5,000 per
// round to keep `npm test` short (the threshold still catches 200 B per stream).
const CHURN_KINDS = HEALTH_SERVER_KINDS.map((kind, i) => ({ ...kind, streams: i === 0 ? 10_000 : 5_000 }));

describe.each(CHURN_KINDS)('Watch of $name under churn', (kind) => {
  it(`leaves no subscriber, no subject and no memory behind after ${kind.streams} streams cancelled or dropped`, { timeout: 180_000 }, async () => {
    fixture = await kind.start();
    fixture.registry.set('db', 'SERVING');
    const start = await settledHeapBytes();
    // A first round of the same size brings pools, tables and compiled code into the baseline.
    await churn(kind.streams, 'first');
    expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
    const before = await settledHeapBytes();
    await churn(kind.streams, 'second');
    expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
    const after = await settledHeapBytes();
    console.log(
      `churn (${kind.name}): heap ${mib(start)} at start, ${mib(before)} after ${kind.streams} streams, ` +
        `${mib(after)} after ${kind.streams} more (${((after - before) / 1024).toFixed(0)} KiB; half cancelled, half on dropped connections)`,
    );
    // A leak of one small object per stream would be about 1 MiB or more; a leaked call, tens of MiB.
    expect(after - before).toBeLessThan(1024 * 1024);
    // The server still serves.
    expect(await fixture.client.check({ service: 'db' })).toEqual({ status: 'SERVING' });
  });
});

describe('createHealthService Watch under churn', () => {
  it('leaves no state after 100,000 distinct unknown names watched one after another', { timeout: 120_000 }, async () => {
    fixture = await startHealthServer();
    const { watch } = createHealthService(fixture.registry);
    // The Watch method itself, as nice-grpc calls it, without the transport: open, read the first
    // status, cancel. Over the wire, a third of the churn above is unknown names, and `npm run soak`
    // watches 100,000 of them.
    async function watchOnce(service: string) {
      const controller = new AbortController();
      const stream = watch({ service }, { signal: controller.signal } as never)[Symbol.asyncIterator]();
      const first = await stream.next();
      if (first.value?.status !== 'SERVICE_UNKNOWN') throw new Error(`${service}: ${JSON.stringify(first)}`);
      controller.abort();
      if (!(await stream.next()).done) throw new Error(`${service}: the stream did not end on abort`);
    }
    // A first round brings compiled code into the baseline.
    for (let i = 0; i < 10_000; i++) await watchOnce(`warm-${i}`);
    const before = await settledHeapBytes();
    for (let i = 0; i < 100_000; i++) await watchOnce(`random-${i}`);
    expect(fixture.registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
    const after = await settledHeapBytes();
    console.log(`100,000 unknown names: heap ${mib(before)} before, ${mib(after)} after`);
    // A subject kept per name would be tens of MiB. Alone this moves by ~0.1 MiB; after the
    // churn specs in the same worker, up to ~0.7 MiB of their leftovers settle in meanwhile.
    expect(after - before).toBeLessThan(2 * 1024 * 1024);
  });
});
