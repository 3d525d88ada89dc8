import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/bounded.js';
import { startHttpBridge, type HttpBridgeFixture } from '../support/http-server.js';

// The functions given to page.evaluate() run in the page; tsconfig has no DOM lib, so this
// declares the little of the DOM they use.
interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  hidden: boolean;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  title: string;
  body: PageElement;
  documentElement: { scrollWidth: number };
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};

// The system browser from Debian (`chromium` in .ci/apt-packages.txt), not a downloaded one.
const CHROMIUM = '/usr/bin/chromium';
const WAIT = { timeout: 10_000 };

let browser: Browser;
let fixture: HttpBridgeFixture;
// STATUS_PAGE_SHOTS=dir keeps the screenshots there, to look at them.
const keepShots = process.env.STATUS_PAGE_SHOTS;
const shots = keepShots ?? mkdtempSync(join(tmpdir(), 'livery-status-page-'));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install --no-install-recommends chromium; it is listed in .ci/apt-packages.txt)`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 20_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fixture = await startHttpBridge({ http: { retryMs: 300 } }); // the page reconnects after 300 ms
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
  if (!keepShots) rmSync(shots, { recursive: true, force: true });
});

/** What the page shows: [name, data-status, label] for the server and each service row. */
function shown(page: Page) {
  return page.evaluate(() => {
    const overall = document.getElementById('overall')!;
    const rows = [...document.querySelectorAll('#services li')];
    return [
      ['', overall.dataset.status, overall.querySelector('.pill')!.textContent],
      ...rows.map((row) => [row.querySelector('.name')!.textContent, row.dataset.status, row.querySelector('.pill')!.textContent]),
    ];
  });
}

function waitForStatus(page: Page, service: string, status: string | null) {
  return page.waitForFunction(
    ([name, expected]) => {
      const element = name === '' ? document.getElementById('overall') : [...document.querySelectorAll('#services li')].find((row) => row.dataset.service === name);
      return (element?.dataset.status ?? null) === expected;
    },
    [service, status] as const,
    WAIT,
  );
}

describe('the status page ({base}/ui) in headless Chromium', () => {
  it('shows every service and follows set(), clear() and shutdown() live', async () => {
    const { registry } = fixture;
    registry.set('db', 'SERVING');
    registry.set('cache', 'NOT_SERVING');
    registry.set('grpc.health.v1.Health', 'SERVING');
    registry.set('<b>not html</b>', 'SERVING');

    const page = await browser.newPage({ viewport: { width: 760, height: 560 } });
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${fixture.origin}/healthz/ui`, WAIT);
    await page.waitForSelector('body[data-ready="true"]', WAIT);
    expect(await shown(page)).toEqual([
      ['', 'SERVING', 'Serving'],
      ['<b>not html</b>', 'SERVING', 'Serving'],
      ['cache', 'NOT_SERVING', 'Not serving'],
      ['db', 'SERVING', 'Serving'],
      ['grpc.health.v1.Health', 'SERVING', 'Serving'],
    ]);
    expect(await page.title()).toBe('Serving \u2014 health');
    expect(await page.textContent('#connection')).toBe('live');

    registry.set('db', 'NOT_SERVING');
    await waitForStatus(page, 'db', 'NOT_SERVING');
    registry.set('queue', 'SERVING');
    await waitForStatus(page, 'queue', 'SERVING');
    registry.clear('<b>not html</b>');
    await waitForStatus(page, '<b>not html</b>', null);
    expect((await shown(page)).map(([name]) => name)).toEqual(['', 'cache', 'db', 'grpc.health.v1.Health', 'queue']);
    expect(await page.textContent('li[data-service="db"] .since')).toMatch(/^since \d\d:\d\d:\d\d \u00b7 \d+ s$/);
    registry.set('cache', 'SERVING');
    await waitForStatus(page, 'cache', 'SERVING');
    registry.set('grpc.health.v1.Health', 'NOT_SERVING');
    await waitForStatus(page, 'grpc.health.v1.Health', 'NOT_SERVING');

    expect(await page.textContent('#summary')).toBe('4 \u00b7 2 not serving');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const shot = join(shots, `status-page-${colorScheme}.png`);
      await page.screenshot({ path: shot, fullPage: true, animations: 'disabled' });
      const png = readFileSync(shot);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect([png.readUInt32BE(16), png.readUInt32BE(20) >= 400]).toEqual([760, true]); // IHDR width, height
      expect(png.length).toBeGreaterThan(10_000); // rendered text and colours, not a blank page
    }

    registry.shutdown();
    await waitForStatus(page, '', 'NOT_SERVING');
    await waitForStatus(page, 'queue', 'NOT_SERVING');
    expect(await page.title()).toBe('Shut down \u2014 health'); // a drain, not every service failing
    registry.resume();
    await waitForStatus(page, '', 'SERVING');

    expect(problems).toEqual([]); // no script error, no CSP violation
    expect(registry.watcherCount).toBe(1);
    await page.close();
    await until(10_000, 'the page\'s stream to be released', () => fixture.changeSubscribers() === 0 && registry.watcherCount === 0);
  });

  it('reconnects after the stream ends and drops services cleared meanwhile', async () => {
    const { registry } = fixture;
    registry.set('temp', 'SERVING');
    const page = await browser.newPage();
    await page.goto(`${fixture.origin}/healthz/ui`, WAIT);
    await page.waitForSelector('body[data-ready="true"]', WAIT);
    await waitForStatus(page, 'temp', 'SERVING');

    registry.endWatches(); // not shut down: the stream ends, the EventSource comes back
    await page.waitForFunction(() => document.getElementById('connection')!.dataset.state === 'down', undefined, WAIT);
    registry.clear('temp');
    registry.set('late', 'NOT_SERVING');
    await waitForStatus(page, 'late', 'NOT_SERVING'); // after the reconnect
    await waitForStatus(page, 'temp', null);
    expect(await page.textContent('#connection')).toBe('live');
    await page.close();
    await until(10_000, 'the page\'s stream to be released', () => fixture.changeSubscribers() === 0 && registry.watcherCount === 0);
  });

  it('shows since when each service has been in its status, also for changes it did not see, and explains ""', async () => {
    const bridge = await startHttpBridge();
    try {
      const { registry } = bridge;
      registry.set('db', 'SERVING');
      registry.set('cache', 'NOT_SERVING');
      const page = await browser.newPage();
      await page.goto(`${bridge.origin}/healthz/ui`, WAIT);
      await page.waitForSelector('body[data-ready="true"]', WAIT);
      const since = () =>
        page.evaluate(() => [
          document.getElementById('overall')!.dataset.since,
          ...[...document.querySelectorAll('#services li')].map((row) => row.dataset.since),
        ]);
      // What the server says, though the page saw none of these changes: "" since the registry began.
      expect(await since()).toEqual([registry.changedAt(''), registry.changedAt('cache'), registry.changedAt('db')].map(String));
      expect(await page.textContent('#overall .since')).toMatch(/^since \d\d:\d\d:\d\d \u00b7 \d+ s$/);
      expect(await page.textContent('#overall .name')).toBe('Server ""');
      expect(await page.textContent('#overall .hint')).toContain('the empty service name');
      await page.close();
    } finally {
      await bridge.close();
    }
  });

  it('shows a drain as a drain: a banner since when, a "Shut down" title, and the shutdown in the timeline', async () => {
    const bridge = await startHttpBridge();
    try {
      const { registry } = bridge;
      registry.set('db', 'SERVING');
      const page = await browser.newPage();
      await page.goto(`${bridge.origin}/healthz/ui`, WAIT);
      await page.waitForSelector('body[data-ready="true"]', WAIT);
      expect(await page.isHidden('#drain')).toBe(true);
      registry.shutdown();
      await page.waitForSelector('body[data-shutdown="true"]', WAIT);
      await waitForStatus(page, 'db', 'NOT_SERVING');
      expect(await page.isVisible('#drain')).toBe(true);
      expect(await page.textContent('#drain strong')).toBe('Shut down: draining');
      expect(await page.textContent('#drain-since')).toMatch(/^since \d\d:\d\d:\d\d \(\d+ s\)$/);
      expect(await page.title()).toBe('Shut down \u2014 health');
      expect(await page.textContent('#timeline li:first-child')).toMatch(/^\d\d:\d\d:\d\dShut down: draining$/);

      // A page opened during the drain shows it too, with the time the timeline kept.
      const late = await browser.newPage();
      await late.goto(`${bridge.origin}/healthz/ui/`, WAIT); // the trailing slash works too
      await late.waitForSelector('body[data-ready="true"]', WAIT);
      expect(await late.isVisible('#drain')).toBe(true);
      const clock = (text: string | null) => text?.match(/\d\d:\d\d:\d\d/)?.[0];
      expect(clock(await late.textContent('#drain-since'))).toBe(clock(await page.textContent('#drain-since')));
      await late.close();

      registry.resume();
      await page.waitForSelector('body[data-shutdown="false"]', WAIT);
      expect(await page.isHidden('#drain')).toBe(true);
      expect(await page.textContent('#timeline li:first-child')).toMatch(/Resumed$/);
      await page.close();
    } finally {
      await bridge.close();
    }
  });

  it('shows the last changes newest first, bounded by the server (100), the ones before it opened included', async () => {
    const bridge = await startHttpBridge();
    try {
      const { registry } = bridge;
      for (let i = 0; i < 150; i++) registry.set(`svc-${i % 5}`, i % 2 ? 'SERVING' : 'NOT_SERVING');
      const page = await browser.newPage();
      await page.goto(`${bridge.origin}/healthz/ui/`, WAIT);
      await page.waitForSelector('body[data-ready="true"]', WAIT);
      const items = () => page.evaluate(() => [...document.querySelectorAll('#timeline li')].map((item) => item.textContent));
      const before = await items();
      expect(before).toHaveLength(100);
      expect(before[0]).toMatch(/^\d\d:\d\d:\d\dsvc-4Serving$/); // i = 149
      registry.clear('svc-0');
      await page.waitForFunction(() => document.querySelectorAll('#timeline li')[0]?.textContent?.endsWith('svc-0Removed') ?? false, undefined, WAIT);
      expect(await items()).toHaveLength(100);
      expect((await items())[1]).toBe(before[0]);
      await page.close();
    } finally {
      await bridge.close();
    }
  });

  it('fits a phone and a desktop, light and dark, with no external request (screenshots)', async () => {
    const bridge = await startHttpBridge();
    try {
      const { registry } = bridge;
      registry.set('postgres', 'SERVING');
      registry.set('redis-cache', 'NOT_SERVING');
      registry.set('grpc.health.v1.Health', 'SERVING');
      registry.set('a-rather-long-service-name.example.internal/with/a/path', 'SERVING');
      registry.set('redis-cache', 'SERVING');
      registry.set('redis-cache', 'NOT_SERVING');
      for (const [name, viewport] of [
        ['desktop', { width: 1024, height: 800 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const page = await browser.newPage({ viewport, colorScheme });
          const requests: string[] = [];
          page.on('request', (request) => requests.push(request.url()));
          await page.goto(`${bridge.origin}/healthz/ui`, WAIT);
          await page.waitForSelector('body[data-ready="true"]', WAIT);
          if (name === 'phone' && colorScheme === 'dark') {
            registry.shutdown(); // one shot of the drain banner
            await page.waitForSelector('body[data-shutdown="true"]', WAIT);
          }
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
          const shot = join(shots, `status-page-${name}-${colorScheme}.png`);
          await page.screenshot({ path: shot, fullPage: true, animations: 'disabled' });
          const png = readFileSync(shot);
          expect(png.readUInt32BE(16)).toBe(viewport.width);
          expect(png.length).toBeGreaterThan(10_000);
          expect(requests.every((url) => url.startsWith(bridge.origin))).toBe(true);
          await page.close();
        }
      }
      registry.resume();
    } finally {
      await bridge.close();
    }
  });
});
