import { once } from 'node:events';
import http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettableStatus } from '../../src/index.js';
import { until, within } from '../support/bounded.js';
import { WatchFrameReader } from '../support/grpc-frames.js';
import { expectNoRepeats } from '../support/health-model.js';
import { settledHeapBytes, mib } from '../support/heap.js';
import type { HealthServerFixture } from '../support/health-server.js';
import { HEALTH_SERVER_KINDS } from '../support/health-server-kinds.js';
import { openRawWatch, watchOn } from '../support/raw-grpc.js';

let fixture: HealthServerFixture<unknown>;
afterEach(async () => {
  await fixture?.close();
});

const turn = () => new Promise((resolve) => setImmediate(resolve));
const flip = (i: number): SettableStatus => (i % 2 === 0 ? 'SERVING' : 'NOT_SERVING');

describe.each(HEALTH_SERVER_KINDS)('Watch of $name under flapping', (kind) => {
  it('leaves each of 1,000 Watch streams on the final status after 100,000 flips', { timeout: 120_000 }, async () => {
    fixture = await kind.start();
    // Raw HTTP/2 clients on 10 connections: a gRPC client's own work for 1,000 streams would
    // share the event loop with the server and measure little but itself.
    const sessions = Array.from({ length: 10 }, () => {
      const session = http2.connect(`http://${fixture.address}`);
      session.on('error', () => {});
      return session;
    });
    const watchers = Array.from({ length: 1_000 }, (_, i) => {
      const stream = watchOn(sessions[i % 10]!, 'flappy');
      return new WatchFrameReader().attach(stream);
    });
    await until(60_000, '1,000 first messages', () => watchers.every((w) => w.statuses.length > 0));

    // Batches of flips with a turn of the event loop between them: the server writes (and
    // meets backpressure) while the status keeps changing under it.
    const flips = 100_000;
    for (let i = 0; i < flips; i++) {
      fixture.registry.set('flappy', flip(i));
      if (i % 2_000 === 1_999) await turn();
    }
    const final = flip(flips - 1);
    expect(final).toBe('NOT_SERVING'); // unlike the first message, so a stuck stream fails
    await until(60_000, 'every stream to reach the final status', () => watchers.every((w) => w.statuses.at(-1) === final));

    // Nothing stale arrives after it: a round trip, a few turns, and it still holds.
    expect(await fixture.client.check({ service: 'flappy' })).toEqual({ status: final });
    for (let i = 0; i < 10; i++) await turn();
    let received = 0;
    for (const [i, w] of watchers.entries()) {
      expect(w.statuses[0]).toBe('SERVICE_UNKNOWN');
      expect(w.statuses.at(-1)).toBe(final);
      expectNoRepeats(w.statuses, `watcher ${i}`);
      received += w.statuses.length;
    }
    // Latest-value: far fewer messages than flips reached each client.
    console.log(`flapping (${kind.name}): 1,000 streams x ${flips} flips, ${received} messages delivered in all`);
    expect(fixture.registry.watcherCount).toBe(1_000);
    for (const session of sessions) session.destroy();
    await until(20_000, 'every subscription to be released', () => fixture.registry.watcherCount === 0);
  });

  it('holds a client that never reads at O(1) through 1,000,000 flips; reading again, it ends on the newest status', { timeout: 120_000 }, async () => {
    fixture = await kind.start();
    const { registry } = fixture;
    registry.set('db', 'SERVING');
    const { session, stream } = openRawWatch(fixture.address, 'db');
    const reader = new WatchFrameReader();
    const [first] = (await within(5_000, 'the first message', once(stream, 'data'))) as [Buffer];
    reader.push(first);
    expect(reader.statuses).toEqual(['SERVING']);
    stream.pause(); // from here on the client reads nothing: HTTP/2 flow control stops the server

    // It flips between NOT_SERVING and unknown (cleared), so that the newest status, SERVING,
    // is one that no message in flight carries: when it arrives, the stream has drained.
    let flips = 0;
    const flipOnce = () => {
      if (++flips % 2 === 0) registry.clear('db');
      else registry.set('db', 'NOT_SERVING');
    };
    // Fill the connection's windows and the server's write buffer, one message per turn,
    // until the client grants no more window: the server can write nothing more.
    await until(20_000, 'the client window to fill', () => {
      flipOnce();
      return (stream.state.localWindowSize ?? Infinity) < 1024;
    });
    for (let extra = 0; extra < 1_000; extra++) {
      flipOnce();
      await turn();
    }
    const filled = flips;
    const before = await settledHeapBytes();

    for (let n = 0; n < 1_000_000; n++) {
      flipOnce();
      if (n % 10_000 === 9_999) await turn();
    }
    const after = await settledHeapBytes();
    console.log(
      `slow consumer (${kind.name}): ${filled} flips to fill the pipe, then 1000000 flips; heap ${mib(before)} before, ` +
        `${mib(after)} after (${((after - before) / 1024).toFixed(0)} KiB)`,
    );
    // A leak of one small object per flip would be tens of MiB here; noise is well under 1 MiB.
    expect(after - before).toBeLessThan(2 * 1024 * 1024);
    expect(registry.watcherCount).toBe(1);
    registry.set('db', 'SERVING');

    // The client reads again: what was in flight, then the newest status, and nothing after it.
    reader.attach(stream);
    stream.resume();
    await until(20_000, 'the newest status SERVING', () => reader.statuses.length > 1 && reader.statuses.at(-1) === 'SERVING');
    const read = reader.statuses.length;
    expect(await fixture.client.check({ service: 'db' })).toEqual({ status: 'SERVING' });
    for (let n = 0; n < 10; n++) await turn();
    expect(reader.statuses.length).toBe(read);
    expect(reader.statuses.indexOf('SERVING', 1)).toBe(read - 1);
    expectNoRepeats(reader.statuses, 'the slow client');
    console.log(`slow consumer (${kind.name}): read ${read} messages after ${flips + 1} changes`);
    // What it reads is bounded by the windows and buffers, not by the number of flips.
    expect(read).toBeLessThan(filled + 10);
    session.destroy();
    await until(5_000, 'the server to release the watcher', () => registry.watcherCount === 0);
  });
});
