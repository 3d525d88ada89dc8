import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until, within } from '../support/bounded.js';
import { HEALTH_SERVER_KINDS } from '../support/health-server-kinds.js';
import type { HealthServerFixture } from '../support/health-server.js';

// A client that shares none of our code: grpc-js with the proto loaded by @grpc/proto-loader.
const protoPath = fileURLToPath(new URL('../../proto/grpc/health/v1/health.proto', import.meta.url));
const definition = protoLoader.loadSync(protoPath, { enums: String, defaults: true });
const { grpc: { health: { v1 } } } = grpc.loadPackageDefinition(definition) as any;

interface RawClient extends grpc.Client {
  Check(request: object, callback: (error: grpc.ServiceError | null, response?: any) => void): void;
  List(request: object, callback: (error: grpc.ServiceError | null, response?: any) => void): void;
  Watch(request: object): grpc.ClientReadableStream<{ status: string }>;
}

let fixture: HealthServerFixture<unknown>;
let client: RawClient;

function call<T>(method: 'Check' | 'List', request: object): Promise<T> {
  return within(5_000, method, new Promise<T>((resolve, reject) =>
    client[method](request, (error, response) => (error ? reject(error) : resolve(response))),
  ));
}

describe.each(HEALTH_SERVER_KINDS)('a plain @grpc/grpc-js client with @grpc/proto-loader, against $name', ({ start }) => {
  beforeEach(async () => {
    fixture = await start();
    client = new v1.Health(fixture.address, grpc.credentials.createInsecure());
  });
  afterEach(async () => {
    client.close();
    await fixture.close();
  });

  it('checks the server and a named service, and gets NOT_FOUND for an unknown one', async () => {
    fixture.registry.set('db', 'NOT_SERVING');
    expect(await call('Check', {})).toEqual({ status: 'SERVING' });
    expect(await call('Check', { service: 'db' })).toEqual({ status: 'NOT_SERVING' });
    const error = await call('Check', { service: 'nope' }).catch((e: grpc.ServiceError) => e);
    expect((error as grpc.ServiceError).code).toBe(grpc.status.NOT_FOUND);
  });

  it('watches: first message, changes, unknown then known', async () => {
    const stream = client.Watch({ service: 'db' });
    const seen: string[] = [];
    stream.on('data', ({ status }) => seen.push(status));
    stream.on('error', () => {});
    await until(5_000, 'SERVICE_UNKNOWN', () => seen.length === 1);
    fixture.registry.set('db', 'SERVING');
    fixture.registry.set('db', 'SERVING');
    await until(5_000, 'SERVING', () => seen.length === 2);
    fixture.registry.set('db', 'NOT_SERVING');
    await until(5_000, 'NOT_SERVING', () => seen.length === 3);
    expect(seen).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'NOT_SERVING']);
    stream.cancel();
    await until(5_000, 'the subscription to be released', () => fixture.registry.watcherCount === 0);
  });

  it('lists the registered services', async () => {
    fixture.registry.set('db', 'NOT_SERVING');
    expect(await call('List', {})).toEqual({
      statuses: { '': { status: 'SERVING' }, db: { status: 'NOT_SERVING' } },
    });
  });
});
