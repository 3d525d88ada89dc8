import { once } from 'node:events';
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addHealthService } from '../../src/grpc-js/index.js';
import { WatchCallSubscriber } from '../../src/grpc-js/watch-call-subscriber.js';
import { HealthDefinition, HealthRegistry, type ServingStatus } from '../../src/index.js';
import { until, within } from '../support/bounded.js';
import { GrpcFrameReader } from '../support/grpc-frame-reader.js';
import { startGrpcJsHealthServer } from '../support/grpc-js-health-server.js';
import type { HealthServerFixture } from '../support/health-server.js';
import { openRawCall, openRawWatch, watchOn } from '../support/raw-grpc.js';
import { WatchRecorder } from '../support/watch-recorder.js';

// The cases shared with the nice-grpc service run over both in spec/nice-grpc/ and spec/wire/;
// these are the adapter's own: grpc-js write() backpressure, cleanup while blocked, bad bytes.

let fixture: HealthServerFixture<grpc.Server>;
const sessions: http2.ClientHttp2Session[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  await fixture?.close();
});

// A stream window of 0 bytes: the server can send headers but no message until the client
// raises the window (`open`), so its writes pile up in grpc-js exactly as behind a client
// that stopped reading. grpc-js's call is an objectMode Writable: write() returns false from
// the 16th buffered message on (its highWaterMark), and then the adapter waits for 'drain'.
const CLOSED_WINDOW = { settings: { initialWindowSize: 0 } };
const BUFFERED = 16;

function statusesOf(reader: GrpcFrameReader): ServingStatus[] {
  return reader.messages.map((bytes) => HealthDefinition.watch.responseDeserialize(bytes).status);
}

function expectNoRepeats(statuses: ServingStatus[]): void {
  statuses.forEach((status, i) => i > 0 && expect(status, `message ${i} of ${statuses}`).not.toBe(statuses[i - 1]));
}

/** A Watch over a raw HTTP/2 session whose window is closed; `open()` lets messages through. */
async function blockedWatch(service: string) {
  const { session, stream } = openRawWatch(fixture.address, service, CLOSED_WINDOW);
  sessions.push(session);
  const reader = new GrpcFrameReader(stream);
  reader.read();
  const watchers = fixture.registry.watcherCount;
  await until(5_000, 'the watch to subscribe', () => fixture.registry.watcherCount === watchers + 1);
  return { reader, open: () => session.settings({ initialWindowSize: 65_535 }) };
}

/** Sets `service` SERVING, NOT_SERVING, SERVING, ... `times` times. */
function flip(service: string, times: number): void {
  for (let i = 0; i < times; i++) fixture.registry.set(service, i % 2 === 0 ? 'SERVING' : 'NOT_SERVING');
}

describe('addHealthService', () => {
  describe('Watch with a client that stops reading', () => {
    it('keeps only the newest status while write() pushes back, and never repeats one', async () => {
      fixture = await startGrpcJsHealthServer();
      const { reader, open } = await blockedWatch('db'); // SERVICE_UNKNOWN is written
      flip('db', 10_000);
      fixture.registry.clear('db'); // the newest status: SERVICE_UNKNOWN again
      open();
      await reader.until(5_000, 'the newest status', () => reader.messages.length === BUFFERED + 1);
      const statuses = statusesOf(reader);
      // The first status and 15 changes were buffered; of the 9,985 changes after, only the newest.
      expect(statuses.slice(0, 3)).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'NOT_SERVING']);
      expect(statuses.at(-1)).toBe('SERVICE_UNKNOWN');
      expectNoRepeats(statuses);
      // Nothing stale is queued behind the newest status: the next message is the next change.
      fixture.registry.set('db', 'NOT_SERVING');
      await reader.until(5_000, 'the next change', () => reader.messages.length === BUFFERED + 2);
      expect(statusesOf(reader).at(-1)).toBe('NOT_SERVING');
      expect(fixture.registry.watcherCount).toBe(1);
    });

    it('does not send a status that came back to the one last sent (A -> B -> A)', async () => {
      fixture = await startGrpcJsHealthServer();
      const { reader, open } = await blockedWatch('db');
      flip('db', BUFFERED - 1); // SERVICE_UNKNOWN + 15 changes: the last one written is SERVING
      fixture.registry.set('db', 'NOT_SERVING');
      fixture.registry.set('db', 'SERVING'); // back to what the client has: not news
      open();
      await reader.until(5_000, 'the buffered statuses', () => reader.messages.length === BUFFERED);
      expect(statusesOf(reader).at(-1)).toBe('SERVING');
      fixture.registry.set('db', 'NOT_SERVING');
      await reader.until(5_000, 'the next change', () => reader.messages.length > BUFFERED);
      expect(statusesOf(reader).slice(BUFFERED)).toEqual(['NOT_SERVING']);
    });

    it('ends with OK after the newest status when endWatches() comes while blocked', async () => {
      fixture = await startGrpcJsHealthServer();
      const { reader, open } = await blockedWatch('');
      flip('', 1_000); // ends on NOT_SERVING
      fixture.registry.set('', 'SERVING');
      fixture.registry.endWatches();
      expect(fixture.registry.watcherCount).toBe(0);
      open();
      await reader.until(5_000, 'the status trailer', () => reader.status !== undefined);
      expect(reader.status).toBe(grpc.status.OK);
      expect(statusesOf(reader).at(-1)).toBe('SERVING');
      expectNoRepeats(statusesOf(reader));
    });

    it('releases blocked watches when they are cancelled or their connection is destroyed', async () => {
      fixture = await startGrpcJsHealthServer();
      const session = http2.connect(`http://${fixture.address}`, CLOSED_WINDOW);
      sessions.push(session);
      session.on('error', () => {});
      const streams = Array.from({ length: 200 }, (_, i) => {
        const stream = watchOn(session, i % 2 ? `unknown-${i}` : '');
        return stream;
      });
      await until(10_000, '200 watches to subscribe', () => fixture.registry.watcherCount === 200);
      flip('', 2 * BUFFERED); // every "" watch now waits for 'drain'
      expect(fixture.registry.stats().subjects).toBe(101);
      // Half are cancelled one by one (RST_STREAM CANCEL) ...
      for (const stream of streams.slice(0, 100)) stream.close(http2.constants.NGHTTP2_CANCEL);
      await until(5_000, 'the cancelled watches to leave', () => fixture.registry.watcherCount === 100);
      // ... the rest go with their connection.
      session.destroy();
      await until(5_000, 'the dropped watches to leave', () => fixture.registry.watcherCount === 0);
      expect(fixture.registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
      // None is left among the subject's observers either: a change reaches no released watcher.
      const next = vi.spyOn(WatchCallSubscriber.prototype, 'next');
      fixture.registry.set('', 'SERVING');
      expect(next).not.toHaveBeenCalled();
      next.mockRestore();
      expect(await fixture.client.check({ service: '' })).toEqual({ status: 'SERVING' });
    });
  });

  it('releases a Watch when its deadline passes', async () => {
    fixture = await startGrpcJsHealthServer();
    const client = new grpc.Client(fixture.address, grpc.credentials.createInsecure());
    const identity = (bytes: Buffer) => bytes;
    const stream = client.makeServerStreamRequest(HealthDefinition.watch.path, identity, identity, Buffer.alloc(0), new grpc.Metadata(), {
      deadline: Date.now() + 300,
    });
    const statuses: ServingStatus[] = [];
    stream.on('data', (bytes: Buffer) => statuses.push(HealthDefinition.watch.responseDeserialize(bytes).status));
    const [error] = (await within(5_000, 'the deadline', once(stream, 'error'))) as [grpc.ServiceError];
    expect(error.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(statuses).toEqual(['SERVING']);
    await until(5_000, 'the watch to be released', () => fixture.registry.watcherCount === 0);
    client.close();
  });

  describe('graceful shutdown', () => {
    it('ends Watch calls that arrive after endWatches() while shut down, after their one status', async () => {
      fixture = await startGrpcJsHealthServer();
      fixture.registry.shutdown();
      fixture.registry.endWatches();
      const late = new WatchRecorder((signal) => fixture.client.watch({ service: '' }, { signal }));
      await within(5_000, 'the late watch to end', late.done);
      expect(late.error).toBeUndefined();
      expect(late.statuses).toEqual(['NOT_SERVING']);
      expect(fixture.registry.watcherCount).toBe(0);
    });

    it('lets server.tryShutdown() finish with 1,000 open Watch streams: shutdown(), endWatches()', async () => {
      fixture = await startGrpcJsHealthServer();
      const watchers = Array.from({ length: 1_000 }, (_, i) =>
        new WatchRecorder((signal) => fixture.client.watch({ service: i % 2 ? '' : `unknown-${i}` }, { signal })),
      );
      await within(15_000, '1,000 first statuses', Promise.all(watchers.map((w) => w.waitForCount(1, 15_000))));
      fixture.registry.shutdown();
      fixture.registry.endWatches();
      await within(5_000, 'tryShutdown()', new Promise<void>((resolve, reject) =>
        fixture.server.tryShutdown((error) => (error ? reject(error) : resolve())),
      ));
      await within(5_000, 'every stream to end', Promise.all(watchers.map((w) => w.done)));
      expect(watchers.filter((w) => w.error !== undefined)).toEqual([]);
      expect(watchers.filter((_, i) => i % 2).every((w) => w.last === 'NOT_SERVING')).toBe(true);
      expect(fixture.registry.stats()).toMatchObject({ watchers: 0, subjects: 1 });
    });
  });

  describe('malformed requests', () => {
    for (const method of ['check', 'watch'] as const) {
      it(`answers INTERNAL to ${method} bytes that are not a HealthCheckRequest, and keeps serving`, async () => {
        fixture = await startGrpcJsHealthServer();
        // Field 1 claims 5 bytes of string; 1 follows.
        const { session, stream } = openRawCall(fixture.address, HealthDefinition[method].path, Uint8Array.from([0x0a, 0x05, 0x61]));
        sessions.push(session);
        const reader = new GrpcFrameReader(stream);
        reader.read();
        await reader.until(5_000, 'the status', () => reader.status !== undefined);
        expect(reader.status).toBe(grpc.status.INTERNAL);
        expect(reader.messages).toEqual([]);
        expect(fixture.registry.watcherCount).toBe(0);
        expect(await fixture.client.check({ service: '' })).toEqual({ status: 'SERVING' });
      });
    }
  });

  describe('arguments', () => {
    it('throws a TypeError for something that is not a server or not a registry', () => {
      const registry = new HealthRegistry();
      expect(() => addHealthService(null as never, registry)).toThrow(
        new TypeError('addHealthService(): server must be a @grpc/grpc-js Server'),
      );
      expect(() => addHealthService(new grpc.Server(), {} as never)).toThrow(
        new TypeError('addHealthService(): registry must be a HealthRegistry'),
      );
    });

    it('adds the three methods at their protocol paths, so adding twice fails like grpc-js does', () => {
      const server = new grpc.Server();
      addHealthService(server, new HealthRegistry());
      expect(() => addHealthService(server, new HealthRegistry())).toThrow(/already|Method handler/);
    });
  });
});
