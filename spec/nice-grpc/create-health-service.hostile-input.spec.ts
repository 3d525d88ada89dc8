import { ClientError, Status } from 'nice-grpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HealthDefinition, type HealthRegistryOptions, type HealthServiceOptions } from '../../src/index.js';
import { until, within } from '../support/bounded.js';
import { WatchFrameReader, grpcStatusOf } from '../support/grpc-frames.js';
import type { HealthServerFixture } from '../support/health-server.js';
import { HEALTH_SERVER_KINDS, type HealthServerKind } from '../support/health-server-kinds.js';
import { openRawCall } from '../support/raw-grpc.js';
import { WatchRecorder } from '../support/watch-recorder.js';
import { SseReader } from '../support/sse-reader.js';
import { createHealthHttpHandler } from '../../src/http/index.js';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

let fixture: HealthServerFixture<unknown>;
// A well-behaved watcher beside every hostile call: it must go on being served.
let bystander: WatchRecorder;
let kind: HealthServerKind;

async function start(service: HealthServiceOptions = {}, registry: HealthRegistryOptions = {}) {
  fixture = await kind.start({ service, registry });
  fixture.registry.set('db', 'SERVING');
  bystander = new WatchRecorder((signal) => fixture.client.watch({ service: 'db' }, { signal }));
  await bystander.waitForLast('SERVING');
}

beforeEach(() => start());
afterEach(async () => {
  // Everyone else is still served, and the hostile calls left nothing behind.
  const next = bystander.last === 'SERVING' ? 'NOT_SERVING' : 'SERVING';
  fixture.registry.set('db', next);
  await bystander.waitForLast(next);
  expect(await fixture.client.check({ service: 'db' })).toEqual({ status: next });
  await until(5_000, 'only the bystander to be left', () => fixture.registry.watcherCount === 1);
  expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 1, bindings: 0 });
  bystander.cancel();
  await fixture.close();
});

/** A raw call with `body` as its one message: its grpc-status and the statuses it was sent. */
async function rawCall(method: 'check' | 'watch', body: Uint8Array) {
  const { session, stream } = openRawCall(fixture.address, HealthDefinition[method].path, body);
  const reader = new WatchFrameReader().attach(stream);
  try {
    if (method === 'watch') {
      const status = grpcStatusOf(stream);
      await within(5_000, 'a first message or a status', Promise.race([status, until(5_000, 'a message', () => reader.statuses.length > 0)]));
      return { status: reader.statuses.length > 0 ? undefined : await status, statuses: reader.statuses };
    }
    return { status: await within(5_000, 'the grpc-status', grpcStatusOf(stream)), statuses: reader.statuses };
  } finally {
    session.destroy();
  }
}

async function expectCode(call: Promise<unknown>, code: Status, details?: RegExp) {
  const error = await within(10_000, 'the call to fail', call.then(() => undefined, (e: unknown) => e));
  expect(error).toBeInstanceOf(ClientError);
  expect((error as ClientError).code, (error as ClientError).details).toBe(code);
  if (details) expect((error as ClientError).details).toMatch(details);
}

const bytes = (...values: number[]) => Uint8Array.from(values);

describe.each(HEALTH_SERVER_KINDS)('$name with hostile and malformed input', (serverKind) => {
  beforeAll(() => {
    kind = serverKind;
  });

  it.each([
    ['a length past the end', bytes(0x0a, 0x05, 0x61)],
    ['an endless varint', bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)],
    ['an invalid wire type', bytes(0x0f, 0x00)],
    ['a field number 0', bytes(0x02, 0x00)],
    ['random bytes', bytes(0xde, 0xad, 0xbe, 0xef, 0x13, 0x37)],
  ])('answers INTERNAL, as grpc-js and grpc-go do, for malformed protobuf: %s', async (_, body) => {
    for (const method of ['check', 'watch'] as const) {
      const { status, statuses } = await rawCall(method, body);
      expect(statuses).toEqual([]);
      expect(status?.code, `${method}: ${status?.message}`).toBe(Status.INTERNAL);
    }
  });

  it.each([
    ['a lone continuation byte', bytes(0x80)],
    ['a truncated sequence', bytes(0x64, 0xc3)],
    ['an overlong encoding of "/"', bytes(0xc0, 0xaf)],
    ['a UTF-16 surrogate', bytes(0xed, 0xa0, 0x80)],
    ['0xff', bytes(0x64, 0x62, 0xff)],
  ])('answers INTERNAL for a service name that is not valid UTF-8 (%s), as proto3 strings must be', async (_, name) => {
    // protobufjs 8 verifies proto3 strings (utf8_validation VERIFY), like grpc-go: no name is
    // guessed from bad bytes, so two different byte strings cannot alias one service.
    const body = bytes(0x0a, name.length, ...name);
    for (const method of ['check', 'watch'] as const) {
      const { status } = await rawCall(method, body);
      expect(status?.code, `${method}: ${status?.message}`).toBe(Status.INTERNAL);
    }
  });

  it('ignores unknown fields', async () => {
    // service "db", then field 2 (varint 1), field 1000 (bytes "xyz"), field 3 (fixed64).
    const body = bytes(0x0a, 0x02, 0x64, 0x62, 0x10, 0x01, 0xc2, 0x3e, 0x03, 0x78, 0x79, 0x7a, 0x19, 1, 2, 3, 4, 5, 6, 7, 8);
    expect(await rawCall('check', body)).toMatchObject({ status: { code: Status.OK }, statuses: ['SERVING'] });
    expect((await rawCall('watch', body)).statuses).toEqual(['SERVING']);
  });

  it('reads an empty request as the server as a whole ("")', async () => {
    expect(await rawCall('check', bytes())).toMatchObject({ status: { code: Status.OK }, statuses: ['SERVING'] });
    expect((await rawCall('watch', bytes())).statuses).toEqual(['SERVING']);
  });

  it('answers an unknown 1 MiB name as the protocol says (Check NOT_FOUND, Watch SERVICE_UNKNOWN, open), holding no state for it', async () => {
    const huge = 'x'.repeat(1024 * 1024);
    await expectCode(fixture.client.check({ service: huge }), Status.NOT_FOUND, /^unknown service "x{128}"\.\.\. \(1048576 characters\)$/);
    const watcher = new WatchRecorder((signal) => fixture.client.watch({ service: huge }, { signal }));
    await watcher.waitForLast('SERVICE_UNKNOWN');
    // Past the registry's maxServiceNameLength the name can never be registered: no subject for it.
    expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 2, bindings: 0 });
    fixture.registry.set('db', 'NOT_SERVING');
    await bystander.waitForLast('NOT_SERVING');
    expect(watcher.statuses).toEqual(['SERVICE_UNKNOWN']); // still open, never told of others
    watcher.cancel();
    await watcher.done;
  });

  it('ends the Watch of an unregistrable name with OK on endWatches(), like any other', async () => {
    const { session, stream } = openRawCall(fixture.address, HealthDefinition.watch.path, HealthDefinition.watch.requestSerialize({ service: 'z'.repeat(5_000) }));
    try {
      const reader = new WatchFrameReader().attach(stream);
      const status = grpcStatusOf(stream);
      await until(5_000, 'the first message', () => reader.statuses.length > 0);
      fixture.registry.endWatches();
      expect((await within(5_000, 'the stream to end', status)).code).toBe(Status.OK);
      expect(reader.statuses).toEqual(['SERVICE_UNKNOWN']);
      await bystander.done; // ended too; a new one for the checks after each case
      bystander = new WatchRecorder((signal) => fixture.client.watch({ service: 'db' }, { signal }));
      await bystander.waitForLast('SERVING');
    } finally {
      session.destroy();
    }
  });

  it("leaves names over grpc-js's 4 MiB message limit to grpc-js: RESOURCE_EXHAUSTED", async () => {
    // The service never sees the request: grpc-js's default max receive message size refuses it.
    const huge = 'x'.repeat(5 * 1024 * 1024);
    await expectCode(fixture.client.check({ service: huge }), Status.RESOURCE_EXHAUSTED);
    await expectCode(fixture.client.watch({ service: huge })[Symbol.asyncIterator]().next(), Status.RESOURCE_EXHAUSTED);
  });

  it('answers NOT_FOUND for the longest name allowed, in characters that take 9 bytes each in grpc-message', async () => {
    const long = '\u5b57'.repeat(4096); // the default maxServiceNameLength
    await expectCode(fixture.client.check({ service: long }), Status.NOT_FOUND);
  });

  it('reaches a 1 MiB name the registry holds (its maxServiceNameLength raised), and forgets an unknown one with its last watcher', async () => {
    await fixture.close();
    await start({}, { maxServiceNameLength: 2 * 1024 * 1024 });
    const huge = 'y'.repeat(1024 * 1024);
    // The NOT_FOUND details quote the name cut short: the whole name in a trailer broke the
    // connection, and every other call on it.
    await expectCode(fixture.client.check({ service: huge }), Status.NOT_FOUND);
    const watcher = new WatchRecorder((signal) => fixture.client.watch({ service: huge }, { signal }));
    await watcher.waitForLast('SERVICE_UNKNOWN');
    expect(fixture.registry.stats().subjects).toBe(3);
    fixture.registry.set(huge, 'SERVING');
    await watcher.waitForLast('SERVING');
    expect(await fixture.client.check({ service: huge })).toEqual({ status: 'SERVING' });
    expect((await fixture.client.list({})).statuses[huge]).toEqual({ status: 'SERVING' });
    fixture.registry.clear(huge);
    await watcher.waitForLast('SERVICE_UNKNOWN');
    watcher.cancel();
    await watcher.done;
  });

  it('refuses a flood of Watch calls past maxWatchers with RESOURCE_EXHAUSTED and keeps serving the others', async () => {
    await fixture.close();
    await start({ maxWatchers: 50 });
    const admitted = Array.from({ length: 49 }, (_, i) => new WatchRecorder((signal) => fixture.client.watch({ service: `w${i % 5}` }, { signal })));
    await within(10_000, 'the admitted watchers', Promise.all(admitted.map((w) => w.waitForCount(1))));
    const flood = Array.from({ length: 500 }, (_, i) => fixture.client.watch({ service: `flood-${i}` })[Symbol.asyncIterator]().next());
    const results = await within(10_000, 'the flood to be refused', Promise.allSettled(flood));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect(((result as PromiseRejectedResult).reason as ClientError).code).toBe(Status.RESOURCE_EXHAUSTED);
    }
    fixture.registry.set('w0', 'SERVING');
    await within(5_000, 'the admitted watchers of w0', Promise.all(admitted.filter((_, i) => i % 5 === 0).map((w) => w.waitForLast('SERVING'))));
    // One leaves, one more gets in.
    admitted[1]!.cancel();
    await until(5_000, 'the watcher to leave', () => fixture.registry.watcherCount === 49);
    const late = new WatchRecorder((signal) => fixture.client.watch({ service: 'w0' }, { signal }));
    await late.waitForLast('SERVING');
    for (const w of [...admitted, late]) w.cancel();
    fixture.registry.clear('w0');
  });

  it('counts only its own Watch streams against maxWatchers: in-process subscribers and HTTP event streams never use it up', async () => {
    await fixture.close();
    await start({ maxWatchers: 3 }); // the bystander is one
    const inProcess = Array.from({ length: 10 }, () => fixture.registry.watch('db').subscribe());
    const http = createServer(createHealthHttpHandler(fixture.registry)).listen(0, '127.0.0.1');
    await once(http, 'listening');
    const events = await Promise.all(
      Array.from({ length: 5 }, () => SseReader.open(`http://127.0.0.1:${(http.address() as AddressInfo).port}/healthz/watch/db`)),
    );
    try {
      await within(5_000, 'the event streams', Promise.all(events.map((e) => e.waitFor('a status', (list) => list.some((x) => x.event === 'status')))));
      expect(fixture.registry.watcherCount).toBe(16);
      const admitted = [new WatchRecorder((signal) => fixture.client.watch({ service: 'db' }, { signal })), new WatchRecorder((signal) => fixture.client.watch({ service: 'x' }, { signal }))];
      await within(5_000, 'two more gRPC watchers', Promise.all(admitted.map((w) => w.waitForCount(1))));
      expect(admitted.map((w) => [w.error, w.statuses])).toEqual([[undefined, ['SERVING']], [undefined, ['SERVICE_UNKNOWN']]]);
      await expectCode(fixture.client.watch({ service: 'db' })[Symbol.asyncIterator]().next(), Status.RESOURCE_EXHAUSTED);
      for (const w of admitted) w.cancel();
      await Promise.all(admitted.map((w) => w.done));
    } finally {
      for (const e of events) e.close();
      for (const s of inProcess) s.unsubscribe();
      http.closeAllConnections();
      http.close();
    }
  });
});
