import { status as grpcCode } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../support/bounded.js';
import { HEALTH_SERVER_KINDS, type HealthServerKind } from '../support/health-server-kinds.js';
import type { HealthServerFixture } from '../support/health-server.js';
import type { InteropDriver, Reply } from '../support/interop-driver.js';

/** A client program of another gRPC stack, and what it can express. */
export interface InteropClient {
  name: string;
  /** What it needs installed, for the failure message when it cannot start. */
  requires: string;
  start(address: string): Promise<InteropDriver>;
  /** Whether its generated Health stub has List. */
  hasList: boolean;
  /** Whether it has client-side health checking (a channel that watches a service itself). */
  hasClientSideHealthChecking: boolean;
}

/** Makes one RPC on the client's health-checked channel until its gRPC code is `code`, bounded. */
async function lbcallUntil(driver: InteropDriver, service: string, code: number, ms = 5_000): Promise<Reply> {
  const deadline = Date.now() + ms;
  for (;;) {
    const reply = await driver.request({ op: 'lbcall', service });
    if (reply.code === code) return reply;
    if (Date.now() > deadline) throw new Error(`${driver.name}: RPCs did not turn ${code} within ${ms} ms: ${JSON.stringify(reply)}`);
    // A poll, not a wait for an event: the channel's picker is internal to the client.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The cases of issue 3, for one client program, against every server kind (nice-grpc, grpc-js). */
export function describeHealthInterop(client: InteropClient): void {
  describe.each(HEALTH_SERVER_KINDS)('against $name', (kind) => describeAgainst(client, kind));
}

function describeAgainst(client: InteropClient, { start: startHealthServer }: HealthServerKind): void {
  let fixture: HealthServerFixture<unknown>;
  let driver: InteropDriver | undefined;

  beforeEach(async () => {
    fixture = await startHealthServer();
    driver = await client.start(fixture.address).catch((error: Error) => {
      throw new Error(`${client.name} could not start; it needs ${client.requires}. ${error.message}`);
    });
  });
  afterEach(async () => {
    await driver?.kill();
    driver = undefined;
    await fixture?.close();
  });

  describe(`${client.name}: Check`, () => {
    it('answers "" and a named service, and NOT_FOUND for an unknown one', async () => {
      fixture.registry.set('db', 'NOT_SERVING');
      expect(await driver!.request({ op: 'check', service: '' })).toMatchObject({ code: grpcCode.OK, status: 'SERVING' });
      expect(await driver!.request({ op: 'check', service: 'db' })).toMatchObject({ code: grpcCode.OK, status: 'NOT_SERVING' });
      expect(await driver!.request({ op: 'check', service: 'nope' })).toMatchObject({ code: grpcCode.NOT_FOUND });
    });
  });

  describe(`${client.name}: Watch`, () => {
    it('sends the current status first, then each change once, never a duplicate', async () => {
      fixture.registry.set('db', 'SERVING');
      const watch = await driver!.watch('db');
      await watch.waitForAll(['SERVING']);
      fixture.registry.set('db', 'NOT_SERVING');
      fixture.registry.set('db', 'NOT_SERVING');
      await watch.waitForAll(['SERVING', 'NOT_SERVING']);
      fixture.registry.set('db', 'NOT_SERVING');
      fixture.registry.set('db', 'SERVING');
      await watch.waitForAll(['SERVING', 'NOT_SERVING', 'SERVING']);
      expect(watch.end()).toBeUndefined();
    });

    it('unknown -> SERVICE_UNKNOWN, set later -> SERVING, cleared -> SERVICE_UNKNOWN, the stream open throughout', async () => {
      const watch = await driver!.watch('later');
      await watch.waitForAll(['SERVICE_UNKNOWN']);
      fixture.registry.set('later', 'SERVING');
      await watch.waitForAll(['SERVICE_UNKNOWN', 'SERVING']);
      fixture.registry.clear('later');
      await watch.waitForAll(['SERVICE_UNKNOWN', 'SERVING', 'SERVICE_UNKNOWN']);
      expect(watch.end()).toBeUndefined();
    });

    it('shutdown: watchers see NOT_SERVING, then endWatches() ends their streams with OK', async () => {
      fixture.registry.set('db', 'SERVING');
      const [server, db] = [await driver!.watch(''), await driver!.watch('db')];
      await Promise.all([server.waitForAll(['SERVING']), db.waitForAll(['SERVING'])]);
      fixture.registry.shutdown();
      await Promise.all([server.waitForAll(['SERVING', 'NOT_SERVING']), db.waitForAll(['SERVING', 'NOT_SERVING'])]);
      fixture.registry.endWatches();
      expect([...(await server.waitForEnd()), ...(await db.waitForEnd())]).toEqual([grpcCode.OK, grpcCode.OK]);
    });

    it('300 watch streams each receive the one change', async () => {
      fixture.registry.set('db', 'SERVING');
      const watch = await driver!.watch('db', 300);
      await watch.waitForAll(['SERVING'], 10_000);
      expect(fixture.registry.watcherCount).toBe(300);
      fixture.registry.set('db', 'NOT_SERVING');
      await watch.waitForAll(['SERVING', 'NOT_SERVING'], 10_000);
    });

    it('a watcher that cancels leaves the others unaffected, and the server releases it', async () => {
      const [leaving, staying] = [await driver!.watch('db'), await driver!.watch('db', 3)];
      await Promise.all([leaving.waitForAll(['SERVICE_UNKNOWN']), staying.waitForAll(['SERVICE_UNKNOWN'])]);
      await leaving.cancel();
      expect(await leaving.waitForEnd()).toEqual([grpcCode.CANCELLED]);
      await until(5_000, 'the server to release the cancelled watch', () => fixture.registry.watcherCount === 3);
      fixture.registry.set('db', 'SERVING');
      await staying.waitForAll(['SERVICE_UNKNOWN', 'SERVING']);
      expect(leaving.statuses()).toEqual(['SERVICE_UNKNOWN']);
    });
  });

  if (client.hasList) {
    describe(`${client.name}: List`, () => {
      it('lists every registered service, and RESOURCE_EXHAUSTED past 100', async () => {
        fixture.registry.set('db', 'NOT_SERVING');
        expect(await driver!.request({ op: 'list' })).toMatchObject({ code: grpcCode.OK, statuses: { '': 'SERVING', db: 'NOT_SERVING' } });
        for (let i = 0; i < 100; i++) fixture.registry.set(`s${i}`, 'SERVING');
        expect(await driver!.request({ op: 'list' })).toMatchObject({ code: grpcCode.RESOURCE_EXHAUSTED });
      });
    });
  }

  if (!client.hasClientSideHealthChecking) return;
  describe(`${client.name}: client-side health checking (round_robin + healthCheckConfig)`, () => {
    it('fails RPCs fast with UNAVAILABLE while the service is not SERVING, and lets them through while it is', async () => {
      // Never set: the channel's health Watch gets SERVICE_UNKNOWN, the backend is unhealthy.
      expect(await driver!.request({ op: 'lbcall', service: 'db' })).toMatchObject({ code: grpcCode.UNAVAILABLE });
      await until(5_000, 'the channel to watch "db"', () => fixture.registry.watcherCount === 1);
      for (let flip = 0; flip < 3; flip++) {
        fixture.registry.set('db', 'SERVING');
        expect(await lbcallUntil(driver!, 'db', grpcCode.OK)).toMatchObject({ status: 'SERVING' });
        fixture.registry.set('db', 'NOT_SERVING');
        // UNAVAILABLE, not DEADLINE_EXCEEDED: the call failed fast instead of waiting for a backend.
        await lbcallUntil(driver!, 'db', grpcCode.UNAVAILABLE);
      }
      fixture.registry.set('db', 'SERVING');
      await lbcallUntil(driver!, 'db', grpcCode.OK);
      expect(fixture.registry.watcherCount).toBe(1);
    });

    it('stops sending RPCs when the registry shuts down (graceful shutdown drains it)', async () => {
      fixture.registry.set('db', 'SERVING');
      await lbcallUntil(driver!, 'db', grpcCode.OK);
      fixture.registry.shutdown();
      await lbcallUntil(driver!, 'db', grpcCode.UNAVAILABLE);
    });
  });
}
