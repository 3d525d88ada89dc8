import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServerFixture } from './support/health-server.js';
import { WatchRecorder } from './support/watch-recorder.js';

let fixture: HealthServerFixture;
afterEach(() => fixture?.close());

describe('smoke', () => {
  it('checks and watches over loopback', async () => {
    fixture = await startHealthServer();
    expect(await fixture.client.check({ service: '' })).toEqual({ status: 'SERVING' });
    const watch = new WatchRecorder((signal) => fixture.client.watch({ service: 'db' }, { signal }));
    await watch.waitForLast('SERVICE_UNKNOWN');
    fixture.registry.set('db', 'NOT_SERVING');
    await watch.waitForLast('NOT_SERVING');
    watch.cancel();
    await watch.done;
    expect(watch.statuses).toEqual(['SERVICE_UNKNOWN', 'NOT_SERVING']);
  });
});
