// Stale data is never shown as live, in real Chromium against the real gateway
// and mosquitto: a frozen gateway (SIGSTOP: the stream open, nothing on it)
// marks every figure stale, even those stale only "while the link is down";
// a map district whose reading has aged past its rule loses its live colour
// (and a district's sparkline ending in it fades);
// an open poll whose tally has gone stale stops saying LIVE; an empty list's count
// carries the age of the feed's last word and goes stale with the link; the setup page
// says it is not live once its stream is silent; a gone gateway leaves no
// figure live and no 'link up'.
// Time moves with Playwright's clock (the page's Date and timers) for the stream's silence; a figure's own age is
// waited for in real time on a gateway whose rules are 10 s.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, httpJson, publishMany, waitFor, writeConfig, type Gateway, type Mosquitto } from '../rig/index.js';
import * as fx from '../rig/fixtures.js';
import { launchBrowser, newWallPage, type WallPage } from './browser.js';

const rig = new Rig('browser-freshness');
let broker: Mosquitto;
let gw: Gateway;
let browser: Browser;

async function publish(msgs: { topic: string; payload: string }[]): Promise<void> {
  const c = await rig.client(broker.url);
  await publishMany(c, msgs);
  await c.endAsync();
}

/** A page (the overview by default) with Playwright's clock installed (running at real speed until fast-forwarded), its stream up and synced. */
async function openPage(path = '/'): Promise<WallPage> {
  const w = await newWallPage(browser);
  await w.context.clock.install();
  await w.page.goto(`${gw.baseUrl}${path}`, { waitUntil: 'load' });
  await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
  await w.synced();
  return w;
}

const stale = (w: WallPage, sel: string) => w.page.evaluate((s) => document.querySelector(s)?.getAttribute('data-stale') ?? null, sel);
const INCIDENT = '[data-key="incident:inc-20261123-0042"]';

beforeAll(async () => {
  broker = await rig.mosquitto();
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'browser-freshness' } });
  await gw.waitConnected();
  await publish([
    { topic: fx.topics.entity('incidents', 'inc-20261123-0042'), payload: JSON.stringify(fx.incident()) },
    { topic: fx.topics.urban('pm25', '11230'), payload: JSON.stringify(fx.urban(18, fx.at(-30_000))) },
    { topic: fx.topics.entity('polls', 'poll-311'), payload: JSON.stringify(fx.poll(fx.at(-60_000))) },
  ]);
  await waitFor(async () => {
    const html = await (await fetch(`${gw.baseUrl}/`)).text();
    return html.includes('incident:inc-20261123-0042') && html.includes('urban:pm25:11230') && html.includes('poll:poll-311');
  }, { timeoutMs: 15_000, what: 'seeded incident, reading and poll' });
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

describe('stale is never shown as live (Chromium)', () => {
  it('a frozen gateway (stream open, silent) marks every figure stale, and the page recovers when it resumes', async () => {
    const w = await openPage();
    try {
      expect(await stale(w, INCIDENT)).toBeNull();
      process.kill(gw.pid, 'SIGSTOP');
      try {
        // Two minutes without a byte from the gateway (its pings come every 10 s).
        await w.page.clock.fastForward('02:00');
        await w.page.clock.runFor(6000);
        expect(await stale(w, INCIDENT)).toBe('true');
        expect(await w.page.getAttribute('body', 'data-sse')).not.toBe('up');
        expect(await w.page.isVisible('#banner .link-ok')).toBe(false);
      } finally {
        process.kill(gw.pid, 'SIGCONT');
      }
      // The gateway is back: its next ping (≤ 10 s) makes the page live again.
      await w.page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-stale') === null, INCIDENT, { timeout: 25_000 });
      expect(await w.page.getAttribute('body', 'data-sse')).toBe('up');
    } finally {
      await w.close();
    }
  }, 60_000);

  it('the setup page says it is not live once its stream goes silent, and is live again when the gateway resumes', async () => {
    const w = await newWallPage(browser);
    try {
      await w.context.clock.install();
      await w.page.goto(`${gw.baseUrl}/setup`, { waitUntil: 'load' });
      await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
      const dim = () => w.page.evaluate(() => Number(getComputedStyle(document.querySelector('main')!).opacity));
      expect(await dim()).toBe(1);
      process.kill(gw.pid, 'SIGSTOP');
      try {
        await w.page.clock.fastForward('00:30'); // the gateway writes every 2 s
        await w.page.clock.runFor(3000);
        expect(await w.page.getAttribute('body', 'data-sse')).toBe('stalled');
        expect(await dim()).toBeLessThan(1);
      } finally {
        process.kill(gw.pid, 'SIGCONT');
      }
      await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
      expect(await dim()).toBe(1);
    } finally {
      await w.close();
    }
  }, 60_000);

  it('an empty list\'s count (no open incident, no complaint in a district) is as old as its feed\'s last word or the link\'s coming up, and stale with the link', async () => {
    // A new incident in another district: the feed's last word, after the link came up.
    const from = Date.now();
    await publish([{ topic: fx.topics.entity('incidents', 'inc-elsewhere'), payload: JSON.stringify({ ...fx.incident('dispatched', fx.at(0)), id: 'inc-elsewhere', district: '11200' }) }]);
    await waitFor(async () => (await (await fetch(`${gw.baseUrl}/`)).text()).includes('incident:inc-elsewhere'), { what: 'the new incident stored' });
    const by = Date.now();
    const w = await openPage('/district/11240');
    const count = '[data-key="count:incidents:open:11240"]';
    try {
      expect(await w.page.textContent(count)).toBe('0');
      const ts = Date.parse((await w.page.getAttribute(count, 'data-ts')) ?? '');
      expect(ts).toBeGreaterThanOrEqual(from);
      expect(ts).toBeLessThanOrEqual(by);
      // Its panel says so, as every figure's does.
      const age = await w.page.getAttribute('#p-incidents .asof time.age', 'datetime');
      expect(Date.parse(age ?? '')).toBe(ts);
      expect(await stale(w, count)).toBeNull();
      // No complaint was ever heard: the district's (empty) pipeline is as old as the link, up since before the page.
      const cmp = '[data-key="count:complaints:reported:11240"]';
      const cmpTs = Date.parse((await w.page.getAttribute(cmp, 'data-ts')) ?? '');
      expect(cmpTs).toBeLessThanOrEqual(from);
      expect(Date.parse((await w.page.getAttribute('#p-pipeline .asof time.age', 'datetime')) ?? '')).toBe(cmpTs);
      // The link goes down: the count is no longer known, and looks it.
      const port = broker.port;
      await broker.stop();
      let restarted = false;
      try {
        await w.page.waitForSelector('body[data-link="down"]', { timeout: 15_000 });
        await w.page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-stale') === 'true', count, { timeout: 12_000 });
        expect(await stale(w, cmp)).toBe('true');
        broker = await rig.mosquitto({ port });
        restarted = true;
      } finally {
        if (!restarted) broker = await rig.mosquitto({ port });
      }
      await gw.waitConnected(20_000);
    } finally {
      await w.close();
    }
  }, 60_000);

  // Last: it replaces the gateway.
  it('a gateway that is gone (every reconnect refused) leaves every figure stale and no \'link up\', until it is back', async () => {
    const w = await openPage();
    try {
      expect(await w.page.isVisible('#banner .link-ok')).toBe(true);
      const { port, dataDir } = gw;
      await gw.kill('SIGKILL');
      await w.page.waitForSelector('body[data-sse="down"]', { timeout: 10_000 });
      await w.page.clock.fastForward('02:00');
      await w.page.clock.runFor(6000);
      expect(await stale(w, INCIDENT)).toBe('true');
      expect(await w.page.isVisible('#banner .link-ok')).toBe(false);
      gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'browser-freshness' }, httpPort: port, dataDir });
      await gw.waitConnected();
      await w.page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-stale') === null, INCIDENT, { timeout: 30_000 });
      expect(await w.page.isVisible('#banner .link-ok')).toBe(true);
    } finally {
      await w.close();
    }
  }, 90_000);
});

// Ages past a figure's own rule, in real time on a gateway whose rules are 10 s (display.freshness), with the
// stream alive: what turns these figures stale is their age alone, not a silent stream (which would mark all).
describe('a figure past its own rule (Chromium, 10-s rules, real time)', () => {
  let aged: Gateway;
  beforeAll(async () => {
    const dir = rig.tempDir('aged');
    const config = writeConfig(dir, { officeId: 'browser-freshness-aged', upstreamUrl: broker.url, extra: 'display:\n  freshness:\n    urbanSeconds: 10\n    pollSeconds: 10\n' });
    aged = await rig.gateway({ env: { SCPM_CONFIG: config } });
    await aged.waitConnected();
  }, 60_000);

  /** A reading and a poll stamped now (their 10 s start), then the page, live and synced. */
  let value = 30;
  async function openAged(path: string): Promise<WallPage> {
    const ts = fx.at(0);
    value++;
    await publish([
      { topic: fx.topics.urban('pm25', '11230'), payload: JSON.stringify(fx.urban(value, ts)) },
      { topic: fx.topics.entity('polls', 'poll-311'), payload: JSON.stringify(fx.poll(ts)) },
    ]);
    await waitFor(async () => {
      const r = await httpJson<{ items: { value: number }[] }>(`${aged.baseUrl}/api/v1/urban?metric=pm25&district=11230`);
      return r.body.items[0]?.value === value;
    }, { timeoutMs: 10_000, what: 'the fresh reading stored' });
    const w = await newWallPage(browser);
    await w.page.goto(`${aged.baseUrl}${path}`, { waitUntil: 'load' });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await w.synced();
    return w;
  }
  const until = (w: WallPage, sel: string) => w.page.waitForSelector(`${sel}[data-stale="true"]`, { state: 'attached', timeout: 20_000 });

  it('a map district whose reading ages past its rule is drawn stale, not in its live colour', async () => {
    const w = await openAged('/');
    try {
      const path = '#p-map a[data-district="11230"] path';
      const label = '#p-map [data-key="urban:pm25:11230"]';
      expect(await stale(w, label)).toBeNull();
      expect(await w.page.getAttribute(path, 'data-stale')).toBeNull();
      await until(w, path);
      expect(await stale(w, label)).toBe('true');
      expect(await w.page.getAttribute('body', 'data-sse')).toBe('up'); // its age, not a silent stream
      // Dimmed, not in its live colour (wall.css: a stale district's fill fades).
      expect(Number(await w.page.evaluate((s) => getComputedStyle(document.querySelector(s)!).fillOpacity, path))).toBeLessThan(1);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("a district's sparkline ending in a reading past its rule fades with it", async () => {
    const w = await openAged('/district/11230');
    try {
      const fig = '#p-durban [data-key="urban:pm25:11230"]';
      const spark = () => w.page.evaluate((s) => Number(getComputedStyle(document.querySelector(s)!.closest('li')!.querySelector('.spark')!).opacity), fig);
      expect(await stale(w, fig)).toBeNull();
      expect(await spark()).toBe(1);
      await until(w, fig);
      expect(await w.page.getAttribute('body', 'data-sse')).toBe('up');
      await expect.poll(spark, { timeout: 2000 }).toBeLessThan(1);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("an open poll shows its tally's age, and stops saying LIVE once the tally is stale", async () => {
    const w = await openAged('/');
    try {
      const poll = '[data-key="poll:poll-311"]';
      // Badges reading LIVE that are drawn (not hidden) in the poll.
      const liveShown = () => w.page.evaluate((s) => Array.from(document.querySelectorAll(`${s} .badge`))
        .filter((b) => (b.textContent ?? '').includes('LIVE') && b.getClientRects().length > 0).length, poll);
      expect(await stale(w, poll)).toBeNull();
      expect(await liveShown()).toBe(1);
      expect(await w.page.textContent(`${poll} time[data-age]`)).toMatch(/just now|s ago|min ago/);
      await until(w, poll);
      expect(await w.page.getAttribute('body', 'data-sse')).toBe('up');
      await expect.poll(liveShown, { timeout: 2000 }).toBe(0);
      expect(await w.page.locator(`${poll} time[data-age]`).count()).toBe(1);
    } finally {
      await w.close();
    }
  }, 60_000);
});

