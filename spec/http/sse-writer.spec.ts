import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until, within } from '../support/bounded.js';
import { mib, settledHeapBytes } from '../support/heap.js';
import { startHttpBridge, type HttpBridgeFixture } from '../support/http-server.js';

// A stream's memory follows the services that exist now: one all-services event stream open
// while many distinct services are set and cleared keeps nothing per name once they are gone,
// whether its client reads or has stopped reading.

let fixture: HttpBridgeFixture | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.destroy();
  socket = undefined;
  await fixture?.close();
  fixture = undefined;
});

const NAMES = 20_000;

/** A raw client of `GET /healthz/watch` that keeps only the tail of what it reads. */
async function openStream(read: boolean): Promise<{ tail(): string }> {
  socket = connect(Number(new URL(fixture!.origin).port), '127.0.0.1');
  await within(5_000, 'the connection', once(socket, 'connect'));
  let tail = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (tail = (tail + chunk).slice(-4_096)));
  socket.write('GET /healthz/watch HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(5_000, 'the snapshot', () => tail.includes('event: ready'));
  if (!read) socket.pause();
  return { tail: () => tail };
}

/** Sets and clears `NAMES` services never seen before, yielding now and then. */
async function churn(round: string): Promise<void> {
  for (let i = 0; i < NAMES; i++) {
    fixture!.registry.set(`${round}-${i}`, 'SERVING');
    fixture!.registry.clear(`${round}-${i}`);
    if (i % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('SseWriter', () => {
  it(`forgets cleared services while its client reads (${NAMES} names set and cleared)`, async () => {
    fixture = await startHttpBridge();
    const stream = await openStream(true);
    let round = 0;
    const settle = async () => {
      fixture!.registry.set(`marker-${++round}`, 'SERVING');
      await until(20_000, 'the client to catch up', () => stream.tail().includes(`"marker-${round}"`));
      fixture!.registry.clear(`marker-${round}`);
    };
    await churn('warm-up');
    await settle();
    const before = await settledHeapBytes();
    await churn('measured');
    await settle();
    const after = await settledHeapBytes();
    // The old writer kept 72-162 bytes per name ever seen: 1.4-3.2 MB here.
    expect(after - before, `heap ${mib(before)} -> ${mib(after)}`).toBeLessThan(300 * 1024);
  });

  it(`forgets cleared services while its client has stopped reading (${NAMES} names set and cleared)`, async () => {
    fixture = await startHttpBridge();
    await openStream(false);
    const res = fixture.responses.at(-1)!;
    // Fill the socket and the kernel's buffers until the response stays pushed back, so that
    // every later status waits in the writer.
    let filler = 0;
    let stuck = 0;
    const deadline = Date.now() + 20_000;
    while (stuck < 3) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the response to stay pushed back');
      for (let i = 0; i < 500; i++) fixture.registry.set(`filler-${'x'.repeat(200)}`, filler++ % 2 ? 'SERVING' : 'NOT_SERVING');
      await new Promise((resolve) => setTimeout(resolve, 5));
      stuck = res.writableNeedDrain ? stuck + 1 : 0;
    }
    await churn('warm-up');
    const before = await settledHeapBytes();
    await churn('measured');
    const after = await settledHeapBytes();
    expect(res.writableNeedDrain).toBe(true);
    expect(after - before, `heap ${mib(before)} -> ${mib(after)}`).toBeLessThan(300 * 1024);
  });

  it('tells a client that catches up of what is gone, and nothing of what came and went', async () => {
    fixture = await startHttpBridge();
    const { registry } = fixture;
    registry.set('known', 'SERVING');
    socket = connect(Number(new URL(fixture.origin).port), '127.0.0.1');
    await within(5_000, 'the connection', once(socket, 'connect'));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.write('GET /healthz/watch HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(5_000, 'the snapshot', () => text.includes('event: ready'));
    // While it reads: a service that comes back after a clear is news again.
    registry.set('back', 'SERVING');
    registry.clear('back');
    registry.set('back', 'SERVING');
    await until(5_000, 'three events of "back"', () => text.split('"back"').length === 4);
    socket.pause();
    const res = fixture.responses.at(-1)!;
    let flips = 0;
    await until(20_000, 'the response to push back', () => {
      for (let i = 0; i < 500; i++) registry.set(`filler-${'x'.repeat(200)}`, flips++ % 2 ? 'SERVING' : 'NOT_SERVING');
      return res.writableNeedDrain;
    });
    registry.clear('known');
    registry.set('ghost', 'NOT_SERVING');
    registry.clear('ghost');
    registry.set('new', 'NOT_SERVING');
    registry.set('marker', 'SERVING');
    socket.resume();
    await until(20_000, 'the marker', () => text.includes('"marker"'));
    const events = [...text.matchAll(/data: (\{"service".*\})\n/g)].map((m) => JSON.parse(m[1]!) as { service: string; status: string });
    const of = (service: string) => events.filter((e) => e.service === service).map((e) => e.status);
    expect(of('back')).toEqual(['SERVING', 'SERVICE_UNKNOWN', 'SERVING']);
    expect(of('known')).toEqual(['SERVING', 'SERVICE_UNKNOWN']);
    expect(of('ghost')).toEqual([]);
    expect(of('new')).toEqual(['NOT_SERVING']);
  });
});
