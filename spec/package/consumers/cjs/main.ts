// A fresh CommonJS TypeScript project using the packed package (copied into a temp dir and
// compiled by spec/package/packed-package.spec.ts with the repo's tsc, "module": "commonjs":
// it emits require(), and TypeScript resolves the types through the "require" conditions).
import { createChannel, createClient, createServer } from 'nice-grpc';
import { HealthDefinition, HealthRegistry, createHealthService, type ServingStatus } from 'livery-grpc-health';
import { addHealthService, type HealthServiceOptions } from 'livery-grpc-health/grpc-js';
import { watchHealth, type WatchHealthOptions } from 'livery-grpc-health/remote';

async function main(): Promise<void> {
  const registry = new HealthRegistry();
  // @ts-expect-error: only SERVING and NOT_SERVING can be set (this fails to compile without types)
  expectTypeError(() => registry.set('db', 'SERVICE_UNKNOWN'));
  const options: HealthServiceOptions = { maxListServices: 10 };
  const server = createServer();
  server.add(HealthDefinition, createHealthService(registry, options));
  const port = await server.listen('127.0.0.1:0');
  const channel = createChannel(`127.0.0.1:${port}`);
  const client = createClient(HealthDefinition, channel);
  const status: ServingStatus = (await client.check({ service: '' })).status;
  const remoteOptions: WatchHealthOptions = { whileDown: 'LAST' };
  const remote = await new Promise<ServingStatus>((resolve) => {
    const subscription = watchHealth(channel, '', remoteOptions).subscribe((value) => {
      resolve(value);
      setImmediate(() => subscription.unsubscribe());
    });
  });
  console.log(JSON.stringify({
    status,
    adapter: typeof addHealthService,
    remote,
    resolved: [require.resolve('livery-grpc-health'), require.resolve('livery-grpc-health/grpc-js'), require.resolve('livery-grpc-health/remote')],
  }));
  channel.close();
  await server.shutdown();
}

function expectTypeError(call: () => void): void {
  try {
    call();
  } catch (error) {
    if (error instanceof TypeError) return;
    throw error;
  }
  throw new Error('expected a TypeError');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
