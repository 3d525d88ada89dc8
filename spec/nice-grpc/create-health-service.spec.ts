import { once } from 'node:events';
import { ClientError, Status } from 'nice-grpc';
import { afterEach, describe, expect, it } from 'vitest';
import { until, within } from '../support/bounded.js';
import { HEALTH_SERVER_KINDS } from '../support/health-server-kinds.js';
import type { HealthServerFixture } from '../support/health-server.js';
import { openRawWatch } from '../support/raw-grpc.js';
import { WatchRecorder } from '../support/watch-recorder.js';

let fixture: HealthServerFixture<unknown>;
afterEach(async () => {
  await fixture?.close();
});

async function expectCode(call: Promise<unknown>, code: Status, details?: RegExp) {
  const error = await within(5_000, 'the call to fail', call.then(() => undefined, (e: unknown) => e));
  expect(error).toBeInstanceOf(ClientError);
  expect((error as ClientError).code).toBe(code);
  if (details) expect((error as ClientError).details).toMatch(details);
}

function firstMessage<T>(iterable: AsyncIterable<T>): Promise<IteratorResult<T>> {
  return iterable[Symbol.asyncIterator]().next();
}

function watch(service: string) {
  return new WatchRecorder((signal) => fixture.client.watch({ service }, { signal }));
}

// The same cases run against the nice-grpc service and the plain grpc-js adapter.
describe.each(HEALTH_SERVER_KINDS)('$name', ({ start: startHealthServer }) => {
  describe('Check', () => {
    it('answers the server status for "" and for a request without a name', async () => {
      fixture = await startHealthServer();
      expect(await fixture.client.check({ service: '' })).toEqual({ status: 'SERVING' });
      expect(await fixture.client.check({})).toEqual({ status: 'SERVING' });
      fixture.registry.set('', 'NOT_SERVING');
      expect(await fixture.client.check({})).toEqual({ status: 'NOT_SERVING' });
    });

    it('answers a named service', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('db', 'NOT_SERVING');
      expect(await fixture.client.check({ service: 'db' })).toEqual({ status: 'NOT_SERVING' });
      fixture.registry.set('db', 'SERVING');
      expect(await fixture.client.check({ service: 'db' })).toEqual({ status: 'SERVING' });
    });

    it('fails with NOT_FOUND for an unknown service', async () => {
      fixture = await startHealthServer();
      await expectCode(fixture.client.check({ service: 'nope' }), Status.NOT_FOUND, /unknown service "nope"/);
    });

    it("answers NOT_FOUND for a name past the registry's maxServiceNameLength, and reaches every name it holds", async () => {
      fixture = await startHealthServer({ registry: { maxServiceNameLength: 8 } });
      await expectCode(fixture.client.check({ service: 'x'.repeat(9) }), Status.NOT_FOUND, /unknown service "x{9}"/);
      fixture.registry.set('x'.repeat(8), 'SERVING');
      expect(await fixture.client.check({ service: 'x'.repeat(8) })).toEqual({ status: 'SERVING' });
    });
  });

  describe('Watch', () => {
    it('sends the current status first, then each change, without duplicates', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('db', 'SERVING');
      const db = watch('db');
      await db.waitForCount(1);
      fixture.registry.set('db', 'SERVING');
      fixture.registry.set('db', 'NOT_SERVING');
      await db.waitForLast('NOT_SERVING');
      fixture.registry.set('db', 'NOT_SERVING');
      fixture.registry.set('db', 'SERVING');
      await db.waitForLast('SERVING');
      expect(db.statuses).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
      db.cancel();
      await db.done;
    });

    it('sends SERVICE_UNKNOWN for an unknown service, keeps the stream open, then follows it', async () => {
      fixture = await startHealthServer();
      const later = watch('later');
      await later.waitForLast('SERVICE_UNKNOWN');
      fixture.registry.set('later', 'SERVING');
      await later.waitForLast('SERVING');
      fixture.registry.clear('later');
      await later.waitForLast('SERVICE_UNKNOWN');
      fixture.registry.set('later', 'NOT_SERVING');
      await later.waitForLast('NOT_SERVING');
      expect(later.statuses).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'SERVICE_UNKNOWN', 'NOT_SERVING']);
      expect(later.error).toBeUndefined();
    });

    it('tells watchers of shutdown and resume', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('db', 'SERVING');
      const server = watch('');
      const db = watch('db');
      await server.waitForCount(1);
      await db.waitForCount(1);
      fixture.registry.shutdown();
      await server.waitForLast('NOT_SERVING');
      await db.waitForLast('NOT_SERVING');
      fixture.registry.set('db', 'SERVING'); // ignored while shut down
      expect(await fixture.client.check({ service: 'db' })).toEqual({ status: 'NOT_SERVING' });
      fixture.registry.resume();
      await server.waitForLast('SERVING');
      await db.waitForLast('SERVING');
      expect(db.statuses).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    });

    it('ends streams with OK after their newest status on endWatches()', async () => {
      fixture = await startHealthServer();
      const server = watch('');
      await server.waitForCount(1);
      fixture.registry.shutdown();
      fixture.registry.endWatches();
      await within(5_000, 'the stream to end', server.done);
      expect(server.error).toBeUndefined();
      expect(server.statuses).toEqual(['SERVING', 'NOT_SERVING']);
    });

    it('never loses a status set while the client is not reading', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('db', 'SERVING');
      const controller = new AbortController();
      const stream = fixture.client.watch({ service: 'db' }, { signal: controller.signal })[Symbol.asyncIterator]();
      expect((await within(5_000, 'the first message', stream.next())).value).toEqual({ status: 'SERVING' });
      // The client stops reading while the status changes several times.
      for (const status of ['NOT_SERVING', 'SERVING', 'NOT_SERVING', 'SERVING', 'NOT_SERVING'] as const) {
        fixture.registry.set('db', status);
      }
      const received: string[] = [];
      while (received.at(-1) !== 'NOT_SERVING') {
        const { value } = await within(5_000, `the newest status (got ${received})`, stream.next());
        received.push(value!.status);
      }
      received.forEach((status, i) => expect(status).not.toBe(i === 0 ? 'SERVING' : received[i - 1]));
      // Nothing stale is queued behind the newest status: the next message is the next change.
      fixture.registry.set('db', 'SERVING');
      expect((await within(5_000, 'the next change', stream.next())).value).toEqual({ status: 'SERVING' });
      controller.abort();
    });

    it('refuses watchers past maxWatchers with RESOURCE_EXHAUSTED and serves the others', async () => {
      fixture = await startHealthServer({ service: { maxWatchers: 2 } });
      const a = watch('');
      const b = watch('x');
      await a.waitForCount(1);
      await b.waitForCount(1);
      await expectCode(firstMessage(fixture.client.watch({ service: '' })), Status.RESOURCE_EXHAUSTED, /2 Watch streams open, the most maxWatchers allows/);
      fixture.registry.set('', 'NOT_SERVING');
      await a.waitForLast('NOT_SERVING');
      a.cancel();
      await until(5_000, 'the cancelled watcher to leave', () => fixture.registry.watcherCount === 1);
      const c = watch('');
      await c.waitForLast('NOT_SERVING');
    });

    it('leaves no subscriber and no subject behind after 1,000 cancelled calls', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('db', 'SERVING');
      const watchers = Array.from({ length: 1_000 }, (_, i) =>
        watch(i % 3 === 0 ? 'db' : i % 3 === 1 ? '' : `unknown-${i}`),
      );
      await within(15_000, '1,000 first messages', Promise.all(watchers.map((w) => w.waitForCount(1, 15_000))));
      expect(fixture.registry.stats()).toMatchObject({ services: 2, watchers: 1_000 });
      expect(fixture.registry.stats().subjects).toBe(2 + 333);
      for (const w of watchers) w.cancel();
      await until(10_000, 'every subscription to be released', () => fixture.registry.stats().watchers === 0);
      expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 0, bindings: 0 });
      await Promise.all(watchers.map((w) => w.done));
      // The server still serves.
      expect(await fixture.client.check({ service: 'db' })).toEqual({ status: 'SERVING' });
    });

    it('releases the subscription when the client connection goes away', async () => {
      fixture = await startHealthServer();
      const calls = Array.from({ length: 20 }, (_, i) => openRawWatch(fixture.address, `gone-${i}`));
      await within(5_000, 'every first message', Promise.all(calls.map(({ stream }) => once(stream, 'data'))));
      expect(fixture.registry.watcherCount).toBe(20);
      for (const { session } of calls) session.destroy();
      await until(5_000, 'the server to notice the closed connection', () => fixture.registry.watcherCount === 0);
      expect(fixture.registry.stats().subjects).toBe(1);
    });
  });

  describe('List', () => {
    it('lists every registered service with its status', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('db', 'NOT_SERVING');
      fixture.registry.set('cache', 'SERVING');
      const ghost = watch('ghost'); // watched but not registered: not listed
      await ghost.waitForCount(1);
      const { statuses } = await fixture.client.list({});
      expect({ ...statuses }).toEqual({
        '': { status: 'SERVING' },
        db: { status: 'NOT_SERVING' },
        cache: { status: 'SERVING' },
      });
    });

    it('lists a service named __proto__ like any other', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('__proto__', 'NOT_SERVING');
      const { statuses } = await fixture.client.list({});
      expect(Object.keys(statuses).sort()).toEqual(['', '__proto__']);
      expect(statuses['__proto__']).toEqual({ status: 'NOT_SERVING' });
    });

    it('fails with RESOURCE_EXHAUSTED past the limit (default 100)', async () => {
      fixture = await startHealthServer();
      for (let i = 1; i < 100; i++) fixture.registry.set(`s${i}`, 'SERVING');
      expect(Object.keys((await fixture.client.list({})).statuses)).toHaveLength(100);
      fixture.registry.set('s100', 'SERVING');
      await expectCode(fixture.client.list({}), Status.RESOURCE_EXHAUSTED, /101 services.*at most 100/);
      fixture.registry.clear('s100');
      expect(Object.keys((await fixture.client.list({})).statuses)).toHaveLength(100);
    });

    it('takes a configured limit', async () => {
      fixture = await startHealthServer({ service: { maxListServices: 2 } });
      fixture.registry.set('a', 'SERVING');
      expect(Object.keys((await fixture.client.list({})).statuses)).toHaveLength(2);
      fixture.registry.set('b', 'SERVING');
      await expectCode(fixture.client.list({}), Status.RESOURCE_EXHAUSTED);
    });

    it('reflects clear and shutdown', async () => {
      fixture = await startHealthServer();
      fixture.registry.set('db', 'SERVING');
      fixture.registry.clear('db');
      expect(Object.keys((await fixture.client.list({})).statuses)).toEqual(['']);
      fixture.registry.set('db', 'SERVING');
      fixture.registry.shutdown();
      expect({ ...(await fixture.client.list({})).statuses }).toEqual({
        '': { status: 'NOT_SERVING' },
        db: { status: 'NOT_SERVING' },
      });
      await expectCode(fixture.client.check({ service: 'never' }), Status.NOT_FOUND);
    });
  });
});
