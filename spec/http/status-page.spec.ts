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
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};

// The system browser from Debian (`chromium` in .ci/apt-packages.txt), not a downloaded one.
const CHROMIUM = '/usr/bin/chromium';
const WAIT = { timeout: 10_000 };

let browser: Browser;
let fixture: HttpBridgeFixture;
const shots = mkdtempSync(join(tmpdir(), 'livery-status-page-'));

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
  rmSync(shots, { recursive: true, force: true });
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
    expect(await page.textContent('li[data-service="db"] .since')).toMatch(/^changed \d\d:\d\d:\d\d$/);
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
    expect(await page.title()).toBe('Not serving \u2014 health');
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
});
