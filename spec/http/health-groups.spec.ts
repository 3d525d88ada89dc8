import { afterEach, describe, expect, it } from 'vitest';
import { HealthRegistry, allServing } from '../../src/index.js';
import { createHealthHttpHandler } from '../../src/http/index.js';
import { within } from '../support/bounded.js';
import { startHttpBridge, type HttpBridgeFixture } from '../support/http-server.js';

let fixture: HttpBridgeFixture | undefined;
afterEach(async () => {
  fixture?.registry.unbindAll();
  await fixture?.close();
  fixture = undefined;
});

async function get(path: string, init: RequestInit = {}) {
  const response = await within(5_000, `${init.method ?? 'GET'} ${path}`, fetch(`${fixture!.origin}${path}`, init));
  const text = await within(5_000, `the body of ${path}`, response.text());
  return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), text };
}
const both = async (path: string) => get(path).then(({ status, text }) => [status, text]);

describe('createHealthHttpHandler /livez and /readyz', () => {
  it('answer 200 "ok" in text by default, like the Kubernetes API server, never cached', async () => {
    fixture = await startHttpBridge();
    for (const path of ['/livez', '/readyz', '/livez/', '/readyz/']) {
      const response = await get(path);
      expect([response.status, response.text, response.type, response.cache]).toEqual([200, 'ok\n', 'text/plain; charset=utf-8', 'no-store']);
    }
  });

  it('?verbose: a [+] line per check, then "livez check passed"', async () => {
    fixture = await startHttpBridge({ http: { readyz: { services: ['', 'db', 'cache'] } } });
    fixture.registry.set('db', 'SERVING');
    fixture.registry.set('cache', 'SERVING');
    expect(await both('/livez?verbose')).toEqual([200, '[+]ping ok\nlivez check passed\n']);
    expect(await both('/readyz?verbose')).toEqual([200, '[+]shutdown ok\n[+]"" ok\n[+]db ok\n[+]cache ok\nreadyz check passed\n']);
  });

  it('readyz is an AND over its services: one NOT_SERVING or unregistered fails it with 503 and the whole list', async () => {
    fixture = await startHttpBridge({ http: { readyz: { services: ['', 'db', 'cache', 'queue'] } } });
    fixture.registry.set('db', 'SERVING');
    fixture.registry.set('cache', 'NOT_SERVING');
    const expected = '[+]shutdown ok\n[+]"" ok\n[+]db ok\n[-]cache failed: NOT_SERVING\n[-]queue failed: not registered\nreadyz check failed\n';
    expect(await both('/readyz')).toEqual([503, expected]);
    expect(await both('/readyz?verbose')).toEqual([503, expected]);
  });

  it('readyz follows "" bound to its dependencies by default, and livez does not', async () => {
    fixture = await startHttpBridge();
    fixture.registry.bind('', allServing(fixture.registry, ['db']));
    fixture.registry.set('db', 'NOT_SERVING');
    expect(await both('/readyz')).toEqual([503, '[+]shutdown ok\n[-]"" failed: NOT_SERVING\nreadyz check failed\n']);
    expect(await both('/livez')).toEqual([200, 'ok\n']);
    fixture.registry.set('db', 'SERVING');
    expect(await both('/readyz')).toEqual([200, 'ok\n']);
  });

  it('during a drain readyz fails (its "shutdown" check) and livez passes, its liveness services included', async () => {
    fixture = await startHttpBridge({
      registry: { livenessServices: ['event-loop'] },
      http: { livez: { services: ['event-loop'] } },
    });
    fixture.registry.shutdown();
    expect(await both('/readyz?verbose')).toEqual([503, '[-]shutdown failed: draining\n[-]"" failed: NOT_SERVING\nreadyz check failed\n']);
    expect(await both('/livez?verbose')).toEqual([200, '[+]ping ok\n[+]event-loop ok\nlivez check passed\n']);
    fixture.registry.resume();
    expect(await both('/readyz')).toEqual([200, 'ok\n']);
    fixture.registry.set('event-loop', 'NOT_SERVING'); // the process itself is stuck: restart it
    expect(await both('/livez')).toEqual([503, '[+]ping ok\n[-]event-loop failed: NOT_SERVING\nlivez check failed\n']);
  });

  it('?exclude=NAME (repeatable) leaves checks out, shows them "excluded: ok", and warns about names that match none', async () => {
    fixture = await startHttpBridge({ http: { readyz: { services: ['', 'db', 'cache'] } } });
    fixture.registry.set('db', 'NOT_SERVING');
    fixture.registry.set('cache', 'NOT_SERVING');
    expect(await both('/readyz?exclude=db&exclude=cache')).toEqual([200, 'ok\n']);
    expect(await both('/readyz?exclude=db&exclude=cache&exclude=nope&verbose')).toEqual([
      200,
      '[+]shutdown ok\n[+]"" ok\n[+]db excluded: ok\n[+]cache excluded: ok\nwarn: some health checks cannot be excluded: no matches for "nope"\nreadyz check passed\n',
    ]);
    expect((await get('/readyz?exclude=db')).status).toBe(503);
    fixture.registry.shutdown();
    expect(await both('/readyz?exclude=shutdown&exclude=&exclude=db&exclude=cache')).toEqual([200, 'ok\n']);
  });

  it('answers JSON with ?format=json or Accept: application/json', async () => {
    fixture = await startHttpBridge({ http: { readyz: { services: ['', 'db'] } } });
    fixture.registry.set('db', 'NOT_SERVING');
    const expected = {
      group: 'readyz',
      passed: false,
      checks: [
        { name: 'shutdown', ok: true },
        { name: '', ok: true, status: 'SERVING' },
        { name: 'db', ok: false, status: 'NOT_SERVING', reason: 'NOT_SERVING' },
      ],
      unmatchedExcludes: [],
    };
    for (const init of [{ path: '/readyz?format=json' }, { path: '/readyz', headers: { accept: 'application/json' } }]) {
      const response = await get(init.path, { headers: init.headers ?? {} });
      expect([response.status, response.type, JSON.parse(response.text)]).toEqual([503, 'application/json; charset=utf-8', expected]);
    }
  });

  it('quotes a name that would break the line format', async () => {
    fixture = await startHttpBridge({ http: { readyz: { services: ['a b', 'x\n[+]forged ok'] } } });
    const { text } = await get('/readyz');
    expect(text).toBe('[+]shutdown ok\n[-]"a b" failed: not registered\n[-]"x\\n[+]forged ok" failed: not registered\nreadyz check failed\n');
  });

  it('{path}/NAME runs one check, like /livez/etcd; 404 for a check the probe does not have', async () => {
    fixture = await startHttpBridge({ http: { readyz: { services: ['', 'db', 'my cache'] } } });
    fixture.registry.set('db', 'NOT_SERVING');
    fixture.registry.set('my cache', 'SERVING');
    expect(await both('/readyz/my%20cache')).toEqual([200, 'ok\n']);
    expect(await both('/readyz/my%20cache?verbose')).toEqual([200, '[+]"my cache" ok\nreadyz check passed\n']);
    expect(await both('/readyz/db')).toEqual([503, '[-]db failed: NOT_SERVING\nreadyz check failed\n']);
    expect(await both('/readyz/shutdown')).toEqual([200, 'ok\n']);
    expect(await both('/livez/ping')).toEqual([200, 'ok\n']);
    expect(await both('/livez/db')).toEqual([404, 'livez has no check named "db"\n']);
    expect(await both('/readyz/%E0%A4%A')).toEqual([404, 'readyz has no check named "%E0%A4%A"\n']);
  });

  it('HEAD answers the same status with no body; other methods get 405', async () => {
    fixture = await startHttpBridge();
    fixture.registry.set('', 'NOT_SERVING');
    const head = await get('/readyz', { method: 'HEAD' });
    expect([head.status, head.text]).toEqual([503, '']);
    expect((await get('/livez', { method: 'POST' })).status).toBe(405);
  });

  it('lives at the paths given, outside basePath, or nowhere with false; other paths go on as before', async () => {
    fixture = await startHttpBridge({ http: { basePath: '/health', livez: { path: '/health/live' }, readyz: false } });
    expect(await both('/health/live')).toEqual([200, 'ok\n']);
    expect((await get('/readyz')).status).toBe(404);
    expect((await get('/livez')).status).toBe(404);
    expect((await get('/health')).text).toBe('{"service":"","status":"SERVING"}\n');
  });

  it('with basePath "", /livez and /readyz are probes, not services named livez and readyz', async () => {
    fixture = await startHttpBridge({ http: { basePath: '' } });
    expect(await both('/readyz')).toEqual([200, 'ok\n']);
    expect((await get('/?service=readyz')).status).toBe(404);
  });

  it('rejects a timeline that is not one', () => {
    expect(() => createHealthHttpHandler(new HealthRegistry(), { timeline: [] as never })).toThrow(
      new TypeError('createHealthHttpHandler(): timeline must be a HealthTimeline or false'),
    );
  });

  it.each([
    [{ livez: 'yes' }, /livez must be an object or false/],
    [{ readyz: { path: 'readyz' } }, /readyz\.path must be a path starting with "\/"/],
    [{ readyz: { services: 'db' } }, /readyz\.services must be an array of service names/],
    [{ livez: { services: [1] } }, /livez\.services must be an array of service names/],
  ])('rejects bad options %j with a TypeError', (options, message) => {
    fixture = undefined;
    expect(() => createHealthHttpHandler(new HealthRegistry(), options as never)).toThrow(message);
  });
});
