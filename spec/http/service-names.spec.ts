import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/bounded.js';
import { startHttpBridge, type HttpBridgeFixture } from '../support/http-server.js';
import { SseReader } from '../support/sse-reader.js';

// The same rule as the gRPC adapters (spec/nice-grpc/create-health-service.hostile-input.spec.ts):
// a name the registry holds is reachable, an unknown one of any length is unknown.
let fixture: HttpBridgeFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('the HTTP bridge and the registry maxServiceNameLength', () => {
  it('reaches the longest name the registry holds, answers a longer one 404, and streams it SERVICE_UNKNOWN without a subject', async () => {
    fixture = await startHttpBridge({ registry: { maxServiceNameLength: 6_000 } });
    const held = 'h'.repeat(6_000);
    fixture.registry.set(held, 'SERVING');
    const ok = await fetch(`${fixture.origin}/healthz/${held}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ service: held, status: 'SERVING' });
    const unknown = 'u'.repeat(7_000);
    const missing = await fetch(`${fixture.origin}/healthz/${unknown}`);
    expect(missing.status).toBe(404);
    const reader = await SseReader.open(`${fixture.origin}/healthz/watch/${unknown}`);
    try {
      await reader.waitFor('its status', () => reader.statuses.length > 0);
      expect(reader.statuses).toEqual([{ service: unknown, status: 'SERVICE_UNKNOWN' }]);
      expect(fixture.registry.stats()).toEqual({ services: 2, subjects: 2, watchers: 1, bindings: 0 });
    } finally {
      reader.close();
    }
    await until(5_000, 'the stream to be released', () => fixture!.registry.watcherCount === 0);
  });
});
