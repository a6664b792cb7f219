// The wall display in real Chromium against the real gateway, with mosquitto
// as the city broker: pages render, values arrive live without a reload, the
// link going down and coming back, a gateway crash, XSS, the public mirror,
// and touch / remote navigation.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, Rig, publishMany, waitFor, type Gateway, type Mosquitto } from '../rig/index.js';
import * as fx from '../rig/fixtures.js';
import { launchBrowser, newWallPage } from './browser.js';

const SHOTS = join(REPO_ROOT, 'artifacts', 'screenshots');
const XSS = '<img src=x onerror="window.__xss=1">';
const PHONE = '010-9876-5432';
const PRIVATE_TITLE = 'Internal staffing poll for district heads';
const DISTRICTS = ['11230', '11040', '11110'];
const PAGES = ['/', '/urban', '/opinion', '/admin', '/admin/jobs', '/pledges', '/district/11230', '/public', '/public/urban', '/public/opinion'];

const rig = new Rig('browser-wall');
let broker: Mosquitto;
let gw: Gateway;
let browser: Browser;
let pm25 = 20;

const msg = (topic: string, payload: unknown) => ({ topic, payload: JSON.stringify(payload) });

async function publish(msgs: { topic: string; payload: string }[]): Promise<void> {
  const c = await rig.client(broker.url);
  await publishMany(c, msgs);
  await c.endAsync();
}

/** Publishes a new pm25 reading for 11230 with a fresh ts; returns that value as shown. */
async function newPm25(): Promise<number> {
  pm25 += 7;
  await publish([msg(fx.topics.urban('pm25', '11230'), fx.urban(pm25, fx.at(0)))]);
  return pm25;
}

const PM_SEL = '[data-key="urban:pm25:11230"]';

/** Waits until some urban:pm25:11230 figure shows `value`. */
async function waitValue(page: Page, value: number, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(([sel, v]) => Array.from(document.querySelectorAll(sel)).some((e) => (e.textContent ?? '').includes(String(v))),
    [PM_SEL, value] as const, { timeout: timeoutMs });
}

function seed() {
  const out = [
    msg(fx.topics.indicatorDef('employment-rate'), fx.indicatorDef()),
    msg(fx.topics.indicator('employment-rate', '11230', 'female', '20-29'), fx.indicatorValue()),
    msg(fx.topics.indicator('employment-rate', 'city', 'all', 'all'), { ...fx.indicatorValue(), district: 'city', breakdown: { gender: 'all', ageBand: 'all' } }),
    msg(fx.topics.indicator('employment-rate', '11230', 'all', 'all'), { ...fx.indicatorValue(), breakdown: { gender: 'all', ageBand: 'all' } }),
    msg(fx.topics.entity('incidents', 'inc-20261123-0042'), fx.incident()),
    msg(fx.topics.entity('complaints', 'cmp-88213'), fx.complaint()),
    msg(fx.topics.entity('complaints', 'cmp-xss'), fx.complaint('cmp-xss', { summary: XSS, phone: PHONE, reporter: 'Kim Citizen', district: '11230' })),
    msg(fx.topics.entity('polls', 'poll-311'), fx.poll()),
    msg(fx.topics.entity('polls', 'poll-private'), { ...fx.poll(), id: 'poll-private', title: PRIVATE_TITLE, visibility: 'private' }),
    msg(fx.topics.entity('pledges', 'pledge-07'), fx.pledge()),
    msg(fx.topics.entity('trends', 'fine-dust'), fx.trend()),
  ];
  DISTRICTS.forEach((d, i) => {
    for (const [metric, unit, v] of [['pm25', 'ug/m3', 15 + i], ['pm10', 'ug/m3', 30 + i], ['traffic-speed', 'km/h', 25 + i]] as const) {
      out.push(msg(fx.topics.urban(metric, d), { metric, district: d, value: v, unit, ts: fx.at(-60_000) }));
    }
  });
  return out;
}

async function startGw(port?: number, dataDir?: string): Promise<Gateway> {
  const g = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'browser-office' }, httpPort: port, dataDir });
  await g.waitConnected();
  return g;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  broker = await rig.mosquitto();
  gw = await startGw();
  await publish(seed());
  await waitFor(async () => {
    const r = await fetch(`${gw.baseUrl}/urban`);
    return (await r.text()).includes('urban:pm25:11110');
  }, { timeoutMs: 15_000, what: 'seeded readings on /urban' });
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

describe('wall display in Chromium', () => {
  it('renders every page with live figures, and screenshots them', async () => {
    for (const [vp, dsf, tag] of [[{ width: 1920, height: 1080 }, 2, '1920x1080@2'], [{ width: 1280, height: 800 }, 1, '1280x800']] as const) {
      const w = await newWallPage(browser, vp, dsf);
      for (const path of PAGES) {
        const res = await w.page.goto(`${gw.baseUrl}${path}`, { waitUntil: 'load' });
        expect(res?.status(), path).toBe(200);
        const n = await w.page.locator('[data-key][data-ts]').count();
        expect(n, `${path} live figures`).toBeGreaterThanOrEqual(1);
        const name = path === '/' ? 'overview' : path.slice(1).replaceAll('/', '_');
        await w.page.screenshot({ path: join(SHOTS, `${name}-${tag}.png`), fullPage: false });
      }
      await w.close();
    }
  }, 120_000);

  it('shows a value published to the broker without a reload', async () => {
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/urban`);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    const navs = w.navigations();
    const tsBefore = await w.page.getAttribute(PM_SEL, 'data-ts');
    const v = await newPm25();
    await waitValue(w.page, v);
    expect(await w.page.getAttribute(PM_SEL, 'data-ts')).not.toBe(tsBefore);
    expect(w.navigations()).toBe(navs);
    expect(await w.sameDocument()).toBe(true);
    await w.close();
  }, 30_000);

  it('marks the link down and figures stale when the broker dies, and recovers when it is back', async () => {
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/urban`);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    const navs = w.navigations();
    const port = broker.port;
    await broker.stop();
    let restarted = false;
    try {
      await w.page.waitForSelector('body[data-link="down"]', { timeout: 15_000 });
      // The state event marks the body at once; the banner comes in the redraw htmx swaps right after it.
      await w.page.waitForSelector('#banner.down', { state: 'visible', timeout: 2_000 });
      // wall.js re-marks every 5 s (and after each state event).
      await w.page.waitForFunction(() => {
        const els = Array.from(document.querySelectorAll('[data-key]'));
        return els.length > 0 && els.every((e) => e.getAttribute('data-stale') === 'true');
      }, undefined, { timeout: 12_000 });
      broker = await rig.mosquitto({ port });
      restarted = true;
    } finally {
      // A failure above must not leave the next tests without their broker.
      if (!restarted) broker = await rig.mosquitto({ port });
    }
    await gw.waitConnected(20_000);
    await w.page.waitForSelector('body[data-link="up"]', { timeout: 15_000 });
    const v = await newPm25();
    await waitValue(w.page, v);
    await w.page.waitForSelector('#banner.down', { state: 'detached', timeout: 2_000 });
    expect(w.navigations()).toBe(navs);
    expect(await w.sameDocument()).toBe(true);
    await w.close();
  }, 60_000);

  it('recovers by itself after the gateway is killed and restarted on the same port and data dir', async () => {
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/urban`);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    const navs = w.navigations();
    const { port, dataDir } = gw;
    await gw.kill('SIGKILL');
    gw = await startGw(port, dataDir);
    const v = await newPm25();
    await waitValue(w.page, v, 25_000);
    expect(w.navigations()).toBe(navs);
    expect(await w.sameDocument()).toBe(true);
    await w.close();
  }, 60_000);

  it('shows a complaint summary with markup as text, never as HTML', async () => {
    const w = await newWallPage(browser);
    const seen: string[] = [];
    for (const path of ['/opinion', '/admin', '/district/11230', '/']) {
      await w.page.goto(`${gw.baseUrl}${path}`);
      await w.page.waitForTimeout(300);
      if ((await w.page.evaluate(() => document.body.textContent ?? '')).includes(XSS)) seen.push(path);
      expect(await w.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
      expect(await w.page.locator('img[src="x"]').count(), path).toBe(0);
    }
    expect(seen.length, 'the literal summary shown on some page').toBeGreaterThan(0);
    await w.close();
  }, 40_000);

  it('keeps private data off /public', async () => {
    const w = await newWallPage(browser);
    const texts: string[] = [];
    for (const path of ['/public', '/public/urban', '/public/opinion', '/public/admin', '/public/pledges', '/public/district/11230']) {
      const res = await w.page.goto(`${gw.baseUrl}${path}`);
      if (res?.status() !== 200) continue;
      texts.push(await w.page.content());
    }
    const all = texts.join('\n');
    expect(texts.length).toBeGreaterThan(0);
    expect(all).not.toContain(PRIVATE_TITLE);
    expect(all).not.toContain('Gangnam-daero 396');
    expect(all).not.toContain(PHONE);
    expect(all).not.toMatch(/\border(s)?\b/i);
    expect(all).toContain('Name for the new riverside park');
    await w.close();
  }, 40_000);

  it('navigates by tap, swipe and a remote action without a reload', async () => {
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/`);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    const navs = w.navigations();
    const path = () => w.page.evaluate(() => document.getElementById('main')?.getAttribute('data-path') ?? '');

    await w.page.locator('#nav [data-action="navigate"][data-page="opinion"]').tap();
    await waitFor(async () => (await path()) === '/opinion', { timeoutMs: 10_000, what: 'tap to /opinion' });
    expect(new URL(w.page.url()).pathname).toBe('/opinion');

    const next = await w.page.getAttribute('#nav [data-action="next-page"]', 'href');
    await w.page.evaluate(() => {
      const fire = (type: string, x: number) => document.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: 500, bubbles: true, pointerType: 'touch' }));
      fire('pointerdown', 1500);
      fire('pointerup', 900);
    });
    await waitFor(async () => (await path()) === next, { timeoutMs: 10_000, what: `swipe to ${next}` });

    const r = await fetch(`${gw.baseUrl}/api/v1/actions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ screen: 'wall', action: 'navigate', page: 'urban' }),
    });
    expect(r.status).toBeLessThan(300);
    await waitFor(async () => (await path()) === '/urban', { timeoutMs: 10_000, what: 'remote navigate to /urban' });
    expect(new URL(w.page.url()).pathname).toBe('/urban');
    expect(w.navigations()).toBe(navs);
    expect(await w.sameDocument()).toBe(true);
    await w.close();
  }, 40_000);
});
