// The actions door in real Chromium against the real gateway: a page on
// another origin cannot steer the wall by loading its pages; the overlay
// (help, caption, confirmation) is drawn in both languages and answers a tap;
// every page is clean under axe-core; a district's button beside a map opens it.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, httpJson, publishMany, waitFor, type Gateway, type Mosquitto } from '../rig/index.js';
import * as fx from '../rig/fixtures.js';
import { launchBrowser, newWallPage } from './browser.js';

const rig = new Rig('browser-actions');
let broker: Mosquitto;
let gw: Gateway;
let browser: Browser;
let evil: Server;
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

const screenState = async () => (await httpJson<{ state: Record<string, unknown> }>(`${gw.baseUrl}/api/v1/screens/wall`)).body.state;
const act = (body: Record<string, unknown>) => httpJson<Record<string, unknown>>(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  broker = await rig.mosquitto();
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'actions-office' } });
  await gw.waitConnected();
  const c = await rig.client(broker.url);
  await publishMany(c, [
    { topic: fx.topics.entity('incidents', 'inc-20261123-0042'), payload: JSON.stringify(fx.incident()) },
    { topic: fx.topics.entity('complaints', 'cmp-88213'), payload: JSON.stringify(fx.complaint()) },
    { topic: fx.topics.indicatorDef('employment-rate'), payload: JSON.stringify(fx.indicatorDef()) },
    { topic: fx.topics.indicator('employment-rate', '11230', 'all', 'all'), payload: JSON.stringify({ ...fx.indicatorValue(), breakdown: { gender: 'all', ageBand: 'all' } }) },
    { topic: fx.topics.urban('pm25', '11230'), payload: JSON.stringify(fx.urban(18)) },
    { topic: fx.topics.entity('pledges', 'pledge-07'), payload: JSON.stringify(fx.pledge()) },
    { topic: fx.topics.entity('polls', 'poll-311'), payload: JSON.stringify(fx.poll()) },
  ]);
  await c.endAsync();
  await waitFor(async () => (await httpJson<{ items: unknown[] }>(`${gw.baseUrl}/api/v1/incidents`)).body.items.length === 1, { what: 'the seeded incident' });
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
  // Another origin on loopback: a page that tries to steer the wall through its pages.
  evil = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>elsewhere</title><img src="${gw.baseUrl}/opinion?screen=wall"><iframe src="${gw.baseUrl}/urban?screen=wall"></iframe><img src="${gw.baseUrl}/pledges">`);
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  rig.defer('evil server', () => new Promise<void>((r) => evil.close(() => r())));
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

async function sawOverlay(page: Page, selector: string) {
  await page.waitForSelector(`#overlay ${selector}`, { timeout: 10_000 });
  return page.$eval(`#overlay ${selector}`, (e) => e.textContent ?? '');
}

describe('actions in the browser', () => {
  it('a page on another origin loading the wall\'s pages (img, iframe) leaves the wall unchanged', async () => {
    await act({ action: 'navigate', page: 'admin' });
    const before = await screenState();
    const w = await newWallPage(browser);
    const port = (evil.address() as AddressInfo).port;
    await w.page.goto(`http://localhost:${port}/`, { waitUntil: 'load' });
    await w.page.waitForTimeout(1500); // the iframe loads and connects its events
    const after = await screenState();
    expect(after.page).toBe('admin');
    expect(after.updatedAt).toBe(before.updatedAt);
    await w.close();
  }, 30_000);

  it('a same-origin page load does move the wall (the kiosk\'s own navigation)', async () => {
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/pledges`, { waitUntil: 'load' });
    expect((await screenState()).page).toBe('pledges');
    await w.close();
  }, 30_000);

  it('the wall page sends heartbeats; /healthz shows them under screens for the kiosk watchdog', async () => {
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/`, { waitUntil: 'load' });
    const screens = await waitFor(async () => {
      const h = await httpJson<{ screens?: Record<string, { ageMs: number; lastHeartbeatMs: number; page?: string }> }>(`${gw.baseUrl}/healthz`);
      const wall = h.body.screens?.wall;
      return wall?.page === '/' ? wall : null;
    }, { timeoutMs: 15_000, what: 'a heartbeat from the wall page at /' });
    expect(screens.ageMs).toBeLessThan(15_000);
    expect(screens.page).toBe('/');
    expect((await fetch(`${gw.baseUrl}/healthz`)).headers.get('access-control-allow-origin')).toBe('null');
    await w.close();
  }, 30_000);

  it('draws help, a caption and a confirmation in both languages; a tap confirms the order', async () => {
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/urban`, { waitUntil: 'load' });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await act({ action: 'show-help' });
    const help = await sawOverlay(w.page, '.help');
    expect(help).toContain('What you can do on this page');
    expect(help).toContain('이 화면에서 할 수 있는 것');
    await act({ action: 'hide-help' });
    await w.page.waitForSelector('#overlay .help', { state: 'detached', timeout: 10_000 });
    await act({ action: 'caption', text: 'heard: next page' });
    expect(await sawOverlay(w.page, '.caption')).toBe('heard: next page');
    await act({ action: 'open', item: 'incident:inc-20261123-0042' });
    const held = await act({ action: 'order', template: 'report' });
    expect(held.status).toBe(202);
    const question = await sawOverlay(w.page, '.pending');
    expect(question).toContain('Send this order to the city?');
    expect(question).toContain('이 지시를 시로 보낼까요?');
    await w.page.tap('#overlay [data-action="confirm"]');
    await w.page.waitForSelector('#overlay .pending', { state: 'detached', timeout: 10_000 });
    const orders = await httpJson<{ items: { text: string; ref: string }[] }>(`${gw.baseUrl}/api/v1/orders`);
    expect(orders.body.items[0]).toMatchObject({ ref: 'inc-20261123-0042' });
    expect(orders.body.items[0]!.text).toMatch(/^Report on incident:inc-20261123-0042 by \d\d:\d\d$/);
    expect(w.navigations()).toBe(1);
    await w.close();
  }, 40_000);

  it('every page is clean under axe-core (the district map is a labelled group of links)', async () => {
    const w = await newWallPage(browser);
    for (const path of ['/', '/urban', '/opinion', '/admin', '/admin/jobs', '/pledges', '/district/11230', '/public', '/public/urban', '/public/district/11230']) {
      await w.page.goto(`${gw.baseUrl}${path}`, { waitUntil: 'load' });
      await w.page.evaluate(AXE);
      const violations = await w.page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document);
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations, path).toEqual([]);
    }
    await w.close();
  }, 90_000);
});

describe('a district\'s button beside a map (docs/decisions/2026-11-30-wall-legibility.md)', () => {
  it('does what tapping the district\'s shape does: the wall opens the district; the public mirror follows its link', async () => {
    const w = await newWallPage(browser);
    try {
      await w.page.goto(`${gw.baseUrl}/urban`, { waitUntil: 'load' });
      await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
      await w.synced();
      const button = '.dindex a[data-district="11230"]';
      expect(await w.page.$eval(button, (a) => [a.getAttribute('data-action'), a.getAttribute('href')])).toEqual(
        await w.page.$eval('svg.choropleth a[data-district="11230"]', (a) => [a.getAttribute('data-action'), a.getAttribute('href')]));
      await w.page.tap(button);
      // The gateway took a touch action and the new page came over the stream, not by loading the link.
      await w.page.waitForFunction(() => document.getElementById('main')?.getAttribute('data-path') === '/district/11230', undefined, { timeout: 10_000 });
      expect(w.navigations()).toBe(1);
      const log = (await httpJson<{ items: { action: string; source: string }[] }>(`${gw.baseUrl}/api/v1/actions/log`)).body.items;
      expect(log.find((r) => r.action === 'select-district')).toMatchObject({ source: 'touch' });
      // On the district's page, its own button is the current one.
      expect(await w.page.$eval(button, (a) => a.getAttribute('aria-current'))).toBe('page');

      // The public mirror has no actions: its buttons are plain links to the mirror's district page.
      await w.page.goto(`${gw.baseUrl}/public/urban`, { waitUntil: 'load' });
      await w.page.tap(button);
      await w.page.waitForURL(`${gw.baseUrl}/public/district/11230`, { timeout: 10_000 });
      expect(await w.page.getAttribute('#main', 'data-path')).toBe('/public/district/11230');
    } finally {
      await w.close();
    }
  }, 40_000);
});
