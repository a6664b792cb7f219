// Stale data is never shown as live, in real Chromium against the real gateway
// and mosquitto: a frozen gateway (SIGSTOP: the stream open, nothing on it)
// marks every figure stale, even those stale only "while the link is down";
// a map district whose reading has aged past its rule loses its live colour
// (and a district's sparkline ending in it fades);
// an open poll whose tally has gone stale stops saying LIVE; the setup page
// says it is not live once its stream is silent; a gone gateway leaves no
// figure live and no 'link up'.
// Time moves with Playwright's clock (the page's Date and timers), not by waiting.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, publishMany, waitFor, type Gateway, type Mosquitto } from '../rig/index.js';
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
        // Two minutes without a byte from the gateway (its pings come every 15 s).
        await w.page.clock.fastForward('02:00');
        await w.page.clock.runFor(6000);
        expect(await stale(w, INCIDENT)).toBe('true');
        expect(await w.page.getAttribute('body', 'data-sse')).not.toBe('up');
        expect(await w.page.isVisible('#banner .link-ok')).toBe(false);
      } finally {
        process.kill(gw.pid, 'SIGCONT');
      }
      // The gateway is back: its next ping (≤ 15 s) makes the page live again.
      await w.page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-stale') === null, INCIDENT, { timeout: 25_000 });
      expect(await w.page.getAttribute('body', 'data-sse')).toBe('up');
    } finally {
      await w.close();
    }
  }, 60_000);

  it('a map district whose reading ages past its rule is drawn stale, not in its live colour', async () => {
    const w = await openPage();
    try {
      const path = '#p-map a[data-district="11230"] path';
      const label = '#p-map [data-key="urban:pm25:11230"]';
      expect(await stale(w, label)).toBeNull();
      expect(await w.page.getAttribute(path, 'data-stale')).toBeNull();
      await w.page.clock.fastForward('06:00'); // the urban rule is 300 s
      await w.page.clock.runFor(6000);
      expect(await stale(w, label)).toBe('true');
      expect(await w.page.getAttribute(path, 'data-stale')).toBe('true');
      // Dimmed, not in its live colour (wall.css: a stale district's fill fades).
      expect(Number(await w.page.evaluate((s) => getComputedStyle(document.querySelector(s)!).fillOpacity, path))).toBeLessThan(1);
    } finally {
      await w.close();
    }
  }, 60_000);

  it('a district\'s sparkline ending in a reading past its rule fades with it', async () => {
    const w = await openPage('/district/11230');
    try {
      const fig = '#p-durban [data-key="urban:pm25:11230"]';
      const spark = () => w.page.evaluate((s) => Number(getComputedStyle(document.querySelector(s)!.closest('li')!.querySelector('.spark')!).opacity), fig);
      expect(await stale(w, fig)).toBeNull();
      expect(await spark()).toBe(1);
      await w.page.clock.fastForward('06:00');
      await w.page.clock.runFor(6000);
      expect(await stale(w, fig)).toBe('true');
      expect(await spark()).toBeLessThan(1);
    } finally {
      await w.close();
    }
  }, 60_000);

  it('an open poll shows its tally\'s age, and stops saying LIVE once the tally is stale', async () => {
    const w = await openPage();
    try {
      const poll = '[data-key="poll:poll-311"]';
      // Badges reading LIVE that are drawn (not hidden) in the poll.
      const liveShown = () => w.page.evaluate((s) => Array.from(document.querySelectorAll(`${s} .badge`))
        .filter((b) => (b.textContent ?? '').includes('LIVE') && b.getClientRects().length > 0).length, poll);
      expect(await stale(w, poll)).toBeNull();
      expect(await liveShown()).toBe(1);
      expect(await w.page.textContent(`${poll} time[data-age]`)).toMatch(/just now|min ago/);
      await w.page.clock.fastForward('11:00'); // an open poll not updated for 10 min is stale
      await w.page.clock.runFor(6000);
      expect(await stale(w, poll)).toBe('true');
      expect(await liveShown()).toBe(0);
      expect(await w.page.textContent(`${poll} time[data-age]`)).toMatch(/1[12] min ago/);
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
