import { afterEach, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../../src/index.js';
import { createHealthHttpHandler } from '../../src/http/index.js';
import { within } from '../support/bounded.js';
import { startHttpBridge, type HttpBridgeFixture } from '../support/http-server.js';
import { SseReader } from '../support/sse-reader.js';

let fixture: HttpBridgeFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function get(path: string, init: RequestInit = {}) {
  const response = await within(5_000, `${init.method ?? 'GET'} ${path}`, fetch(`${fixture!.origin}${path}`, init));
  const text = await within(5_000, `the body of ${path}`, response.text());
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

describe('createHealthHttpHandler', () => {
  describe('GET {base} and {base}/NAME', () => {
    it('answers the server status "" with 200 and a JSON body that is never cached', async () => {
      fixture = await startHttpBridge();
      for (const path of ['/healthz', '/healthz/']) {
        const response = await get(path);
        expect(response.status).toBe(200);
        expect(response.text).toBe('{"service":"","status":"SERVING"}\n');
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    it('answers 200 SERVING, 503 NOT_SERVING and 404 for an unknown service', async () => {
      fixture = await startHttpBridge();
      fixture.registry.set('db', 'NOT_SERVING');
      expect(await get('/healthz/db').then((r) => [r.status, r.json()])).toEqual([503, { service: 'db', status: 'NOT_SERVING' }]);
      fixture.registry.set('db', 'SERVING');
      expect(await get('/healthz/db').then((r) => [r.status, r.json()])).toEqual([200, { service: 'db', status: 'SERVING' }]);
      expect(await get('/healthz/cache').then((r) => [r.status, r.json()])).toEqual([404, { service: 'cache', status: 'SERVICE_UNKNOWN' }]);
      fixture.registry.clear('db');
      expect((await get('/healthz/db')).status).toBe(404);
      fixture.registry.set('', 'NOT_SERVING');
      expect(await get('/healthz').then((r) => [r.status, r.json()])).toEqual([503, { service: '', status: 'NOT_SERVING' }]);
    });

    it('URL-decodes the name, which may contain slashes, spaces and any Unicode', async () => {
      fixture = await startHttpBridge();
      fixture.registry.set('grpc.health.v1.Health', 'SERVING');
      fixture.registry.set('a b/c', 'NOT_SERVING');
      fixture.registry.set('ünï ✓', 'SERVING');
      expect((await get('/healthz/grpc.health.v1.Health')).status).toBe(200);
      expect(await get('/healthz/a%20b%2Fc').then((r) => [r.status, r.json()])).toEqual([503, { service: 'a b/c', status: 'NOT_SERVING' }]);
      expect((await get('/healthz/a%20b/c')).status).toBe(503);
      expect(await get(`/healthz/${encodeURIComponent('ünï ✓')}`).then((r) => r.json())).toEqual({ service: 'ünï ✓', status: 'SERVING' });
    });

    it('answers 400 for a name that is not valid percent-encoding, and keeps serving', async () => {
      fixture = await startHttpBridge();
      for (const target of ['/healthz/%E0%A4%A', '/healthz?service=%ff', '/healthz?verbose&service=%E0%A4%A']) {
        const response = await get(target);
        expect(response.status, target).toBe(400);
        expect(response.json(), target).toEqual({ error: expect.stringMatching(/percent-encoding/) });
      }
      fixture.registry.set('a b/c', 'SERVING');
      expect(await get('/healthz?service=a+b%2Fc').then((r) => [r.status, r.json()])).toEqual([200, { service: 'a b/c', status: 'SERVING' }]);
      expect((await get('/healthz')).status).toBe(200);
    });

    it('takes any name from ?service=, including the reserved "watch" and "ui"', async () => {
      fixture = await startHttpBridge();
      fixture.registry.set('watch', 'NOT_SERVING');
      expect(await get('/healthz?service=watch').then((r) => [r.status, r.json()])).toEqual([503, { service: 'watch', status: 'NOT_SERVING' }]);
      expect(await get('/healthz?service=ui').then((r) => [r.status, r.json()])).toEqual([404, { service: 'ui', status: 'SERVICE_UNKNOWN' }]);
      expect(await get('/healthz?service=').then((r) => r.json())).toEqual({ service: '', status: 'SERVING' });
    });

    it('answers NOT_SERVING for every service while the registry is shut down', async () => {
      fixture = await startHttpBridge();
      fixture.registry.set('db', 'SERVING');
      fixture.registry.shutdown();
      expect((await get('/healthz')).status).toBe(503);
      expect((await get('/healthz/db')).status).toBe(503);
      fixture.registry.resume();
      expect((await get('/healthz/db')).status).toBe(200);
    });
  });

  describe('?verbose and ?format=text', () => {
    it('lists every registered service sorted by name; the code follows the requested one', async () => {
      fixture = await startHttpBridge();
      fixture.registry.set('db', 'NOT_SERVING');
      fixture.registry.set('cache', 'SERVING');
      const overall = await get('/healthz?verbose');
      expect(overall.status).toBe(200);
      expect(overall.json()).toEqual({
        service: '',
        status: 'SERVING',
        services: [
          { service: '', status: 'SERVING' },
          { service: 'cache', status: 'SERVING' },
          { service: 'db', status: 'NOT_SERVING' },
        ],
      });
      const db = await get('/healthz/db?verbose=1');
      expect(db.status).toBe(503);
      expect((db.json() as { services: unknown[] }).services).toHaveLength(3);
    });

    it('answers in text, one [+]/[-] line per service like /readyz?verbose', async () => {
      fixture = await startHttpBridge();
      fixture.registry.set('db', 'NOT_SERVING');
      const verbose = await get('/healthz?verbose&format=text');
      expect(verbose.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(verbose.text).toBe('[+]"" SERVING\n[-]"db" NOT_SERVING\n"" SERVING\n');
      const plain = await get('/healthz/db?format=text');
      expect([plain.status, plain.text]).toEqual([503, '"db" NOT_SERVING\n']);
    });
  });

  describe('methods', () => {
    it('answers HEAD like GET, without a body', async () => {
      fixture = await startHttpBridge();
      fixture.registry.set('db', 'NOT_SERVING');
      const get200 = await get('/healthz');
      const head = await get('/healthz', { method: 'HEAD' });
      expect([head.status, head.text]).toEqual([200, '']);
      expect(head.headers.get('content-length')).toBe(get200.headers.get('content-length'));
      expect((await get('/healthz/db', { method: 'HEAD' })).status).toBe(503);
      expect((await get('/healthz/nope', { method: 'HEAD' })).status).toBe(404);
      expect((await get('/healthz/ui', { method: 'HEAD' })).headers.get('content-type')).toBe('text/html; charset=utf-8');
    });

    it('answers 405 with Allow for every other method on every route', async () => {
      fixture = await startHttpBridge();
      for (const [method, path] of [
        ['POST', '/healthz'],
        ['PUT', '/healthz/db'],
        ['DELETE', '/healthz/watch'],
        ['PATCH', '/healthz/ui'],
        ['OPTIONS', '/healthz'],
      ] as const) {
        const response = await get(path, { method });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, HEAD');
        expect(response.json()).toEqual({ error: `method ${method} is not allowed; use GET or HEAD` });
      }
      expect(fixture.registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
    });
  });

  describe('the base path and next()', () => {
    it('answers 404 outside the base path when there is no next()', async () => {
      fixture = await startHttpBridge();
      for (const path of ['/', '/healthzz', '/other/healthz', '/favicon.ico']) {
        const response = await get(path);
        expect([path, response.status, response.json()]).toEqual([path, 404, { error: 'not found' }]);
      }
    });

    it('calls next() outside the base path, Express-style, and only there', async () => {
      const passed: string[] = [];
      fixture = await startHttpBridge({
        wrap: (handler) => (req, res) =>
          handler(req, res, () => {
            passed.push(`${req.method} ${req.url}`);
            res.writeHead(418).end('app');
          }),
      });
      expect(await get('/api/users').then((r) => [r.status, r.text])).toEqual([418, 'app']);
      expect(await get('/healthzz', { method: 'POST' }).then((r) => r.status)).toBe(418);
      expect((await get('/healthz')).status).toBe(200);
      expect((await get('/healthz', { method: 'POST' })).status).toBe(405);
      expect(passed).toEqual(['GET /api/users', 'POST /healthzz']);
    });

    it('serves under another base path, with or without a trailing slash, or at the root', async () => {
      fixture = await startHttpBridge({ http: { basePath: '/internal/health/' } });
      fixture.registry.set('db', 'NOT_SERVING');
      expect((await get('/internal/health')).status).toBe(200);
      expect((await get('/internal/health/db')).status).toBe(503);
      expect((await get('/healthz')).status).toBe(404);
      await fixture.close();

      fixture = await startHttpBridge({ http: { basePath: '' } });
      fixture.registry.set('db', 'NOT_SERVING');
      expect(await get('/').then((r) => r.json())).toEqual({ service: '', status: 'SERVING' });
      expect((await get('/db')).status).toBe(503);
      expect((await get('/ui')).headers.get('content-type')).toBe('text/html; charset=utf-8');
    });

    it('treats "ui" as a plain name when the status page is off', async () => {
      fixture = await startHttpBridge({ http: { statusPage: false } });
      fixture.registry.set('ui', 'NOT_SERVING');
      expect(await get('/healthz/ui').then((r) => [r.status, r.json()])).toEqual([503, { service: 'ui', status: 'NOT_SERVING' }]);
    });
  });

  describe('GET {base}/ui', () => {
    it('serves one HTML page whose CSP allows exactly its inline style and script', async () => {
      fixture = await startHttpBridge();
      const page = await get('/healthz/ui');
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).toMatch(/^<!doctype html>/);
      expect(page.text).toContain("new EventSource(location.pathname.endsWith('/') ? '../watch' : 'watch')");
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(csp).not.toMatch(/unsafe-inline/);
    });
  });

  describe('?verbose past maxVerboseServices', () => {
    it('lists the first 100 by name and says how many it leaves out, and how many of those are not SERVING', async () => {
      fixture = await startHttpBridge();
      for (let i = 0; i < 150; i++) fixture.registry.set(`svc-${String(i).padStart(3, '0')}`, i >= 140 ? 'NOT_SERVING' : 'SERVING');
      const json = (await get('/healthz?verbose').then((r) => [r.status, r.json()])) as [number, { services: Array<{ service: string }> }];
      expect(json[0]).toBe(200); // the code still follows the requested service
      expect(json[1].services).toHaveLength(100);
      expect(json[1].services.at(-1)).toEqual({ service: 'svc-098', status: 'SERVING' });
      expect(json[1]).toMatchObject({ service: '', status: 'SERVING', omittedServices: 51, omittedNotServing: 10 });
      const text = (await get('/healthz?verbose&format=text')).text.split('\n');
      expect(text.slice(-4)).toEqual(['[+]"svc-098" SERVING', '[-]51 more services not listed, 10 of them not SERVING (maxVerboseServices is 100)', '"" SERVING', '']);
    });

    it('takes another cap, or none, and leaves small lists alone', async () => {
      fixture = await startHttpBridge({ http: { maxVerboseServices: 1 } });
      fixture.registry.set('db', 'SERVING');
      expect(await get('/healthz?verbose').then((r) => r.json())).toEqual({
        service: '',
        status: 'SERVING',
        services: [{ service: '', status: 'SERVING' }],
        omittedServices: 1,
        omittedNotServing: 0,
      });
      expect((await get('/healthz?verbose&format=text')).text).toBe('[+]"" SERVING\n[+]1 more services not listed, 0 of them not SERVING (maxVerboseServices is 1)\n"" SERVING\n');
      await fixture.close();
      fixture = await startHttpBridge({ http: { maxVerboseServices: Infinity } });
      for (let i = 0; i < 150; i++) fixture.registry.set(`svc-${i}`, 'SERVING');
      expect(((await get('/healthz?verbose').then((r) => r.json())) as { services: unknown[] }).services).toHaveLength(151);
    });
  });

  describe('aggregateOnly', () => {
    it('answers the overall status, never a service name: ?verbose lists nothing', async () => {
      fixture = await startHttpBridge({ http: { aggregateOnly: true } });
      fixture.registry.set('db', 'NOT_SERVING');
      expect(await get('/healthz').then((r) => [r.status, r.text])).toEqual([200, '{"service":"","status":"SERVING"}\n']);
      expect(await get('/healthz/?verbose').then((r) => r.text)).toBe('{"service":"","status":"SERVING"}\n');
      expect(await get('/healthz?verbose&format=text').then((r) => r.text)).toBe('"" SERVING\n');
      expect(await get('/healthz?service=').then((r) => r.status)).toBe(200);
      fixture.registry.set('', 'NOT_SERVING');
      expect(await get('/healthz?verbose').then((r) => [r.status, r.text])).toEqual([503, '{"service":"","status":"NOT_SERVING"}\n']);
    });

    it('answers 404 to every route that names a service or lists them, registered or not', async () => {
      fixture = await startHttpBridge({ http: { aggregateOnly: true } });
      fixture.registry.set('db', 'SERVING');
      for (const path of ['/healthz/db', '/healthz/nope', '/healthz?service=db', '/healthz/watch/db', '/healthz/ui', '/healthz/ui?verbose']) {
        const response = await get(path);
        expect([path, response.status, response.json()]).toEqual([path, 404, { error: 'not found: this endpoint serves only the overall status' }]);
        expect((await get(path, { method: 'HEAD' })).status).toBe(404);
      }
      expect(fixture.registry.stats().watchers).toBe(0);
    });

    it('streams only the overall status at {base}/watch', async () => {
      fixture = await startHttpBridge({ http: { aggregateOnly: true } });
      fixture.registry.set('db', 'SERVING');
      const reader = await SseReader.open(`${fixture.origin}/healthz/watch`);
      try {
        await reader.waitFor('ready', (events) => events.some((e) => e.event === 'ready'));
        fixture.registry.set('db', 'NOT_SERVING');
        fixture.registry.set('cache', 'NOT_SERVING');
        fixture.registry.set('', 'NOT_SERVING');
        await reader.waitFor('the change of ""', () => reader.statuses.length === 2);
        expect(reader.events.map((e) => e.event)).toEqual(['retry', 'status', 'ready', 'status']);
        expect(reader.statuses).toEqual([
          { service: '', status: 'SERVING' },
          { service: '', status: 'NOT_SERVING' },
        ]);
        expect(reader.sinces.at(-1)).toBe(fixture.registry.changedAt(''));
        expect(fixture.changeSubscribers()).toBe(0); // it follows "" alone
      } finally {
        reader.close();
      }
    });

    it('turns the status page off by default, and keeps /livez and /readyz', async () => {
      fixture = await startHttpBridge({ http: { aggregateOnly: true } });
      expect((await get('/healthz/ui')).status).toBe(404);
      expect(await get('/readyz').then((r) => [r.status, r.text])).toEqual([200, 'ok\n']);
      expect(await get('/livez').then((r) => [r.status, r.text])).toEqual([200, 'ok\n']);
      expect(() => createHealthHttpHandler(new HealthRegistry(), { aggregateOnly: true, statusPage: false })).not.toThrow();
    });
  });

  describe('hostile requests', () => {
    it('answers a long name, and Node refuses a URL past its header limit before the handler', async () => {
      fixture = await startHttpBridge();
      const long = 'x'.repeat(12_000);
      expect(await get(`/healthz/${long}`).then((r) => [r.status, (r.json() as { status: string }).status])).toEqual([404, 'SERVICE_UNKNOWN']);
      expect((await get(`/healthz/${'x'.repeat(20_000)}`)).status).toBe(431);
      expect(fixture.responses).toHaveLength(1); // the second never reached the handler
      expect(fixture.registry.stats()).toEqual({ services: 1, subjects: 1, watchers: 0, bindings: 0 });
    });
  });

  describe('options', () => {
    const registry = new HealthRegistry();
    it.each([
      ['a registry that is not one', [{}, {}], TypeError, /^createHealthHttpHandler\(\): registry must be a HealthRegistry, got a object$/],
      ['no registry', [undefined], TypeError, /registry must be a HealthRegistry, got undefined/],
      ['options that are not an object', [registry, 'healthz'], TypeError, /options must be an object, got "healthz"/],
      ['null options', [registry, null], TypeError, /options must be an object, got null/],
      ['a base path without a leading slash', [registry, { basePath: 'healthz' }], TypeError, /basePath must be a string starting with "\/"/],
      ['a statusPage that is not a boolean', [registry, { statusPage: 'no' }], TypeError, /statusPage must be true or false, got "no"/],
      ['an aggregateOnly that is not a boolean', [registry, { aggregateOnly: 1 }], TypeError, /aggregateOnly must be true or false, got 1/],
      ['the status page with aggregateOnly', [registry, { aggregateOnly: true, statusPage: true }], TypeError, /statusPage cannot be true with aggregateOnly/],
      ['a heartbeat of 0', [registry, { heartbeatIntervalMs: 0 }], RangeError, /heartbeatIntervalMs must be a positive number of milliseconds/],
      ['a heartbeat past the timer limit', [registry, { heartbeatIntervalMs: 2 ** 31 }], RangeError, /heartbeatIntervalMs must be a positive number of milliseconds up to 2147483647, got 2147483648/],
      ['a heartbeat as a string', [registry, { heartbeatIntervalMs: '15000' }], TypeError, /heartbeatIntervalMs must be a number of milliseconds, got "15000"/],
      ['a retry of NaN', [registry, { retryMs: Number.NaN }], RangeError, /retryMs must be a positive number of milliseconds/],
      ['a heartbeat of 0 by its deprecated name', [registry, { heartbeatInterval: 0 }], RangeError, /heartbeatInterval must be a positive number of milliseconds/],
      ['a retry of NaN by its deprecated name', [registry, { retry: Number.NaN }], RangeError, /retry must be a positive number of milliseconds/],
      ['a heartbeat under both names', [registry, { heartbeatIntervalMs: 1_000, heartbeatInterval: 1_000 }], TypeError, /give heartbeatIntervalMs only; heartbeatInterval is its deprecated name/],
      ['a retry under both names', [registry, { retryMs: 1_000, retry: 2_000 }], TypeError, /give retryMs only; retry is its deprecated name/],
      ['a negative maxWatchers', [registry, { maxWatchers: -1 }], RangeError, /maxWatchers must be a whole number of at least 0, or Infinity for no limit; got -1/],
      ['a maxWatchers of NaN', [registry, { maxWatchers: Number.NaN }], RangeError, /maxWatchers must be a whole number/],
      ['a fractional maxWatchers', [registry, { maxWatchers: 2.5 }], RangeError, /maxWatchers must be a whole number/],
      ['a maxWatchers as a string', [registry, { maxWatchers: '5' }], TypeError, /maxWatchers must be a number, got "5"/],
      ['a maxVerboseServices of NaN', [registry, { maxVerboseServices: Number.NaN }], RangeError, /maxVerboseServices must be a whole number/],
      ['a maxVerboseServices as a string', [registry, { maxVerboseServices: '100' }], TypeError, /maxVerboseServices must be a number, got "100"/],
    ] as const)('refuses %s when it is called, naming it', (_, args, kind, message) => {
      const call = () => (createHealthHttpHandler as (...args: unknown[]) => unknown)(...args);
      expect(call).toThrow(kind);
      expect(call).toThrow(message);
    });

    it('takes no limit (Infinity) and 0 for the counts', () => {
      expect(() => createHealthHttpHandler(registry, { maxWatchers: Infinity, maxVerboseServices: Infinity })).not.toThrow();
      expect(() => createHealthHttpHandler(registry, { maxWatchers: 0, maxVerboseServices: 0 })).not.toThrow();
    });
  });
});
