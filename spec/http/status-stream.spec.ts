import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until, within } from '../support/bounded.js';
import { startHttpBridge, type HttpBridgeFixture } from '../support/http-server.js';
import { SseReader } from '../support/sse-reader.js';

let fixture: HttpBridgeFixture | undefined;
const readers: SseReader[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close();
  await fixture?.close();
  fixture = undefined;
});

async function open(path: string): Promise<SseReader> {
  const reader = await SseReader.open(`${fixture!.origin}${path}`);
  readers.push(reader);
  return reader;
}

const named = (name: string) => (events: { event: string }[]) => events.some((e) => e.event === name);

async function nothingLeft(): Promise<void> {
  await until(5_000, 'every subscription of the stream to be released', () => fixture!.changeSubscribers() === 0 && fixture!.registry.watcherCount === 0);
}

describe('GET {base}/watch', () => {
  it('sends a snapshot of every service, then each change; a disconnect releases everything', async () => {
    fixture = await startHttpBridge({ http: { retryMs: 1_500 } });
    fixture.registry.set('db', 'NOT_SERVING');
    fixture.registry.set('cache', 'SERVING');
    const reader = await open('/healthz/watch');
    expect(reader.response.status).toBe(200);
    expect(reader.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(reader.response.headers.get('cache-control')).toBe('no-store');
    await reader.waitFor('the ready event', named('ready'));
    const data = (event: string) => reader.events.filter((e) => e.event === event).map((e) => JSON.parse(e.data) as Record<string, unknown>);
    expect(reader.events.map((e) => e.event)).toEqual(['retry', 'shutdown', 'status', 'status', 'status', 'timeline', 'ready']);
    expect(reader.events[0]).toEqual({ event: 'retry', data: '1500' });
    expect(data('shutdown')).toEqual([{ shutdown: false }]); // never shut down: no time to tell
    expect(reader.statuses).toEqual([
      { service: '', status: 'SERVING' },
      { service: 'cache', status: 'SERVING' },
      { service: 'db', status: 'NOT_SERVING' },
    ]);
    // Each with since when: what the registry says, including "" since the registry started.
    expect(reader.sinces).toEqual(['', 'cache', 'db'].map((service) => fixture!.registry.changedAt(service)));
    expect(data('timeline')).toEqual([
      {
        entries: [
          { at: fixture.registry.changedAt('db'), service: 'db', status: 'NOT_SERVING' },
          { at: fixture.registry.changedAt('cache'), service: 'cache', status: 'SERVING' },
        ],
      },
    ]);
    expect(data('ready')).toEqual([{ services: 3, now: expect.any(Number) }]);
    expect(fixture.changeSubscribers()).toBe(1);

    fixture.registry.set('db', 'SERVING');
    fixture.registry.set('queue', 'NOT_SERVING');
    fixture.registry.clear('cache');
    fixture.registry.set('', 'NOT_SERVING');
    await reader.waitFor('four changes', (events) => events.length === 11);
    expect(reader.statuses.slice(3)).toEqual([
      { service: 'db', status: 'SERVING' },
      { service: 'queue', status: 'NOT_SERVING' },
      { service: 'cache', status: 'SERVICE_UNKNOWN' },
      { service: '', status: 'NOT_SERVING' },
    ]);
    expect(reader.sinces.slice(3, 5)).toEqual([fixture.registry.changedAt('db'), fixture.registry.changedAt('queue')]);

    reader.close();
    await nothingLeft();
    expect(fixture.registry.stats()).toEqual({ services: 3, subjects: 3, watchers: 0, bindings: 0 });
  });

  it('tells every connected client, and shutdown() turns every service NOT_SERVING', async () => {
    fixture = await startHttpBridge();
    fixture.registry.set('db', 'SERVING');
    const clients = await Promise.all([1, 2, 3].map(() => open('/healthz/watch')));
    await Promise.all(clients.map((c) => c.waitFor('ready', named('ready'))));
    fixture.registry.shutdown();
    for (const client of clients) {
      await client.waitFor('NOT_SERVING for both', () => client.statuses.filter((s) => s.status === 'NOT_SERVING').length === 2);
    }
    expect(fixture.changeSubscribers()).toBe(3);
  });

  it('sends a shutdown event on each shutdown and resume, after the statuses it changed', async () => {
    fixture = await startHttpBridge();
    const reader = await open('/healthz/watch');
    await reader.waitFor('ready', named('ready'));
    fixture.registry.shutdown();
    fixture.registry.resume();
    await reader.waitFor('two shutdown events', (events) => events.filter((e) => e.event === 'shutdown').length === 3);
    const after = reader.events.slice(reader.events.findIndex((e) => e.event === 'ready') + 1);
    expect(after.map((e) => [e.event, JSON.parse(e.data).shutdown ?? JSON.parse(e.data).status])).toEqual([
      ['status', 'NOT_SERVING'],
      ['shutdown', true],
      ['status', 'SERVING'],
      ['shutdown', false],
    ]);
  });

  it('sends heartbeat comments while nothing changes', async () => {
    fixture = await startHttpBridge({ http: { heartbeatIntervalMs: 30 } });
    const reader = await open('/healthz/watch');
    await reader.waitFor('two heartbeats', (events) => events.filter((e) => e.event === 'comment').length >= 2);
    expect(reader.events.find((e) => e.event === 'comment')).toEqual({ event: 'comment', data: 'heartbeat' });
  });

  it('still takes the deprecated names heartbeatInterval and retry (until the next minor version)', async () => {
    fixture = await startHttpBridge({ http: { heartbeatInterval: 30, retry: 700 } });
    const reader = await open('/healthz/watch');
    await reader.waitFor('two heartbeats', (events) => events.filter((e) => e.event === 'comment').length >= 2);
    expect(reader.events[0]).toEqual({ event: 'retry', data: '700' });
  });

  it('ends with an end event when registry.endWatches() is called, so the server can close', async () => {
    fixture = await startHttpBridge();
    const all = await open('/healthz/watch');
    const one = await open('/healthz/watch/db');
    await Promise.all([all.waitFor('ready', named('ready')), one.waitFor('ready', named('ready'))]);
    fixture.registry.shutdown();
    fixture.registry.endWatches();
    await Promise.all([all.waitForEnd(), one.waitForEnd()]);
    expect(all.events.at(-1)).toEqual({ event: 'end', data: '{}' });
    expect(one.events.at(-1)).toEqual({ event: 'end', data: '{}' });
    expect(all.statuses.at(-1)).toEqual({ service: '', status: 'NOT_SERVING' });
    await nothingLeft();

    // While shut down, a stream opened later gets its snapshot and ends at once.
    const late = await open('/healthz/watch');
    await late.waitForEnd();
    expect(late.events.map((e) => e.event)).toEqual(['retry', 'shutdown', 'status', 'timeline', 'ready', 'end']);
    expect(JSON.parse(late.events[1]!.data)).toEqual({ shutdown: true, at: expect.any(Number) }); // from the timeline
    await nothingLeft();
    // Nothing holds the server open: close() resolves without closeAllConnections().
    await within(5_000, 'server.close()', new Promise((resolve) => fixture!.server.close(resolve)));
  });

  it('leaves nothing behind after many clients come and go', async () => {
    fixture = await startHttpBridge();
    fixture.registry.set('db', 'SERVING');
    for (let round = 0; round < 5; round++) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, i) => open(i % 2 ? '/healthz/watch' : `/healthz/watch/svc-${round}-${i}`)));
      await Promise.all(batch.map((c) => c.waitFor('ready', named('ready'))));
      expect(fixture.registry.watcherCount).toBe(10);
      for (const client of batch) client.close();
      await nothingLeft();
    }
    expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
  });

  it('answers HEAD with the stream headers only, subscribing to nothing', async () => {
    fixture = await startHttpBridge();
    const response = await within(5_000, 'HEAD', fetch(`${fixture.origin}/healthz/watch`, { method: 'HEAD' }));
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'text/event-stream; charset=utf-8', '']);
    expect(fixture.changeSubscribers()).toBe(0);
  });
});

describe('behind a compression middleware', () => {
  it('calls res.flush() after each write, so that events are not held back', async () => {
    let flushes = 0;
    fixture = await startHttpBridge({
      wrap: (handler) => (req, res) => {
        Object.assign(res, { flush: () => flushes++ }); // what Express's compression() adds
        handler(req, res);
      },
    });
    const reader = await open('/healthz/watch');
    await reader.waitFor('ready', named('ready'));
    const before = flushes;
    fixture.registry.set('db', 'SERVING');
    await reader.waitFor('the change', () => reader.statuses.length === 2);
    expect(before).toBe(5); // retry, shutdown, the status of "", timeline, ready
    expect(flushes).toBe(6); // the change's status event

  });
});

describe('GET {base}/watch/NAME', () => {
  it('follows one service: SERVICE_UNKNOWN while unknown, then each change', async () => {
    fixture = await startHttpBridge();
    const reader = await open('/healthz/watch/my%20db');
    await reader.waitFor('ready', named('ready'));
    fixture.registry.set('other', 'NOT_SERVING');
    fixture.registry.set('my db', 'SERVING');
    fixture.registry.set('my db', 'NOT_SERVING');
    await reader.waitFor('two changes', () => reader.statuses.length === 3);
    expect(reader.statuses).toEqual([
      { service: 'my db', status: 'SERVICE_UNKNOWN' },
      { service: 'my db', status: 'SERVING' },
      { service: 'my db', status: 'NOT_SERVING' },
    ]);
    expect(fixture.changeSubscribers()).toBe(0);
    reader.close();
    await nothingLeft();
  });

  it('streams a service named "watch" at /watch/watch and "" at /watch/', async () => {
    fixture = await startHttpBridge();
    fixture.registry.set('watch', 'NOT_SERVING');
    const watch = await open('/healthz/watch/watch');
    const server = await open('/healthz/watch/');
    await Promise.all([watch.waitFor('ready', named('ready')), server.waitFor('ready', named('ready'))]);
    expect(watch.statuses).toEqual([{ service: 'watch', status: 'NOT_SERVING' }]);
    expect(server.statuses).toEqual([{ service: '', status: 'SERVING' }]);
  });
});

describe('a client that does not read', () => {
  it('costs a bounded buffer: statuses are coalesced to the latest, and it ends on the newest', async () => {
    fixture = await startHttpBridge();
    const { registry } = fixture;
    registry.set('db', 'SERVING');
    const socket: Socket = connect(Number(new URL(fixture.origin).port), '127.0.0.1');
    await within(5_000, 'the connection', once(socket, 'connect'));
    socket.write('GET /healthz/watch HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause(); // reads nothing: the kernel buffers fill, then res.write() returns false
    await until(5_000, 'the stream to start', () => fixture!.changeSubscribers() === 1);
    const res = fixture.responses.at(-1)!;

    let flips = 0;
    const flip = () => registry.set('db', flips++ % 2 ? 'SERVING' : 'NOT_SERVING');
    // Flip until the socket pushes back (yielding so the kernel buffers can fill).
    await until(20_000, 'the response to push back', () => {
      for (let i = 0; i < 2_000; i++) flip();
      return res.writableNeedDrain;
    });
    const flipsBeforePushback = flips;
    const buffered = res.writableLength;
    for (let i = 0; i < 200_000; i++) flip();
    for (let i = 0; i < 1_000; i++) registry.set(`svc-${i % 10}`, i % 2 ? 'SERVING' : 'NOT_SERVING');
    registry.set('db', 'NOT_SERVING');
    // While the socket pushes back, 201,000 changes write nothing: they wait in one slot each.
    expect(res.writableLength).toBe(buffered);

    // Now read everything: the client catches up and ends on the newest statuses.
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.resume();
    registry.set('marker', 'SERVING');
    await until(20_000, 'the marker event', () => text.includes('"marker"'));
    const events = [...text.matchAll(/data: (\{"service".*\})\n/g)].map((m) => JSON.parse(m[1]!) as { service: string; status: string });
    const db = events.filter((e) => e.service === 'db').map((e) => e.status);
    expect(db.at(-1)).toBe('NOT_SERVING');
    expect(db.every((status, i) => i === 0 || status !== db[i - 1])).toBe(true);
    expect(db.length).toBeLessThanOrEqual(flipsBeforePushback + 2);
    expect(events.filter((e) => e.service.startsWith('svc-')).length).toBeLessThanOrEqual(20);
    expect(events.filter((e) => e.service === 'svc-9').at(-1)?.status).toBe('SERVING');
    socket.destroy();
    await until(5_000, 'the stream to be released', () => fixture!.changeSubscribers() === 0 && registry.watcherCount === 0);
  });
});
