// A live stream that goes silent without closing (a hung gateway, a connection
// cut on the way without a reset) must not leave the wall frozen and calling
// itself live: the gateway pings the page (a named event, which the page sees),
// and a stream silent for longer than the page's bound is dropped: the page
// says it is not live, opens one new stream by itself, and catches up on it,
// without a reload. A gateway out of reach for longer than the bound (the
// stream down, a new one not answered) has its figures marked stale, as a city
// link down does, until it answers again. The page's clock is Playwright's,
// moved forward past the bound; the streams, the gateway and the cut are real.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, publishMany, waitFor, writeConfig, type Gateway } from '../rig/index.js';
import * as fx from '../rig/fixtures.js';
import { startFreezeProxy, type FreezeProxy } from '../rig/freeze-proxy.js';
import { launchBrowser, newWallPage } from './browser.js';

const rig = new Rig('browser-stall');
let gw: Gateway;
let proxy: FreezeProxy;
let browser: Browser;

beforeAll(async () => {
  // One reading, then no city data: the pings are all the stream carries.
  const broker = await rig.mosquitto();
  const config = writeConfig(rig.tempDir('cfg'), { officeId: 'stall-office', upstreamUrl: broker.url });
  gw = await rig.gateway({ env: { SCPM_CONFIG: config } });
  await gw.waitConnected();
  const city = await rig.client(broker.url);
  await publishMany(city, [{ topic: fx.topics.urban('pm25', '11230'), payload: JSON.stringify(fx.urban(21, fx.at(-60_000))) }]);
  await waitFor(async () => (await (await fetch(`${gw.baseUrl}/urban`)).text()).includes('urban:pm25:11230'), { timeoutMs: 15_000, what: 'the reading stored' });
  proxy = await startFreezeProxy(gw.port);
  rig.defer('freeze proxy', () => proxy.close());
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 40_000);
afterAll(() => rig.cleanup());

describe('a live stream gone silent', () => {
  it('is dropped after the bound: the page shows it is not live, opens one new stream and catches up, no reload', async () => {
    const w = await newWallPage(browser);
    const streams = { opened: 0, ended: 0 };
    w.page.on('request', (r) => { if (new URL(r.url()).pathname === '/events') streams.opened++; });
    const ended = (r: { url(): string }) => { if (new URL(r.url()).pathname === '/events') streams.ended++; };
    w.page.on('requestfailed', ended);
    w.page.on('requestfinished', ended);
    await w.page.clock.install();
    await w.page.goto(`${proxy.url}/`, { waitUntil: 'load' });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await w.synced();
    const loads = w.navigations();
    await w.page.evaluate(() => {
      const win = window as unknown as { __sse: string[]; __scpmSynced: boolean; __pinged: boolean };
      win.__sse = [];
      win.__scpmSynced = false;
      win.__pinged = false;
      document.addEventListener('scpm:ping', () => { win.__pinged = true; });
      new MutationObserver(() => win.__sse.push(document.body.getAttribute('data-sse') ?? '')).observe(document.body, { attributeFilter: ['data-sse'] });
    });
    expect(streams).toEqual({ opened: 1, ended: 0 });

    // A quiet stream is not a dead one: the gateway's ping (every 10 s, real time) reaches the page, which then
    // keeps the stream through 20 s more of its clock without a byte.
    await w.page.waitForFunction(() => (window as unknown as { __pinged: boolean }).__pinged, undefined, { timeout: 15_000 });
    await w.page.clock.fastForward(20_000);
    await w.page.waitForTimeout(300);
    expect(streams).toEqual({ opened: 1, ended: 0 });
    expect(await w.page.getAttribute('body', 'data-sse')).toBe('up');

    proxy.freeze();
    await w.page.clock.fastForward(30_000);
    await waitFor(() => streams.opened === 2 && streams.ended === 1, { timeoutMs: 10_000, what: 'the silent stream dropped and a new one opened' });
    await w.synced(); // the new stream's catch-up swap
    const sse = await w.page.evaluate(() => (window as unknown as { __sse: string[] }).__sse);
    expect(sse).toEqual(['down', 'up']);
    expect(await w.page.getAttribute('body', 'data-sse')).toBe('up');
    expect(w.navigations(), 'the page was not reloaded').toBe(loads);
    expect(await w.sameDocument()).toBe(true);
    // One new stream, not a storm.
    await w.page.waitForTimeout(1000);
    expect(streams).toEqual({ opened: 2, ended: 1 });
    await w.close();
  }, 40_000);

  it('a gateway out of reach past the bound: its figures are marked stale, and live again once it answers', async () => {
    const w = await newWallPage(browser);
    await w.page.clock.install();
    await w.page.goto(`${gw.baseUrl}/urban`, { waitUntil: 'load' });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await w.synced();
    const figure = '#p-map [data-key="urban:pm25:11230"]';
    expect(await w.page.getAttribute(figure, 'data-stale')).toBeNull();

    process.kill(gw.pid, 'SIGSTOP'); // connections are still accepted; nothing is answered
    try {
      await w.page.clock.fastForward(30_000); // the silent stream is dropped; the new one is not answered
      await w.page.waitForSelector('body[data-sse="down"]', { timeout: 5000 });
      await w.page.clock.fastForward(10_000); // the next staleness tick (the reading itself is 100 s old: fresh)
      await w.page.waitForSelector(`${figure}[data-stale="true"]`, { timeout: 5000 });
    } finally {
      process.kill(gw.pid, 'SIGCONT');
    }
    await w.page.clock.fastForward(20_000); // past hx-sse's backoff, should its attempt have timed out
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await w.page.waitForSelector(`${figure}:not([data-stale])`, { timeout: 10_000 });
    await w.close();
  }, 40_000);

  it('a path gone silent: its heartbeats do not pile up, and the page is live again on a new connection', async () => {
    const w = await newWallPage(browser);
    const waiting = new Map<unknown, string>(); // requests without a response yet, by path
    w.page.on('request', (r) => waiting.set(r, new URL(r.url()).pathname));
    w.page.on('response', (r) => waiting.delete(r.request()));
    w.page.on('requestfailed', (r) => waiting.delete(r));
    await w.page.clock.install();
    await w.page.goto(`${proxy.url}/`, { waitUntil: 'load' });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await w.synced();
    const accepted = proxy.accepted;
    proxy.freeze(); // the stream and every idle keep-alive connection the page holds
    let maxBeats = 0;
    let steps = 0;
    // 10 s of the page's clock at a time (each fires the heartbeat once), real time in between for the network.
    for (; steps < 12; steps++) {
      await w.page.clock.fastForward(10_000);
      await w.page.waitForTimeout(700);
      maxBeats = Math.max(maxBeats, [...waiting.values()].filter((p) => p.endsWith('/heartbeat')).length);
      if (steps >= 2 && proxy.accepted > accepted && (await w.page.getAttribute('body', 'data-sse')) === 'up') break;
    }
    console.warn(`[stall] frozen path: live again after ${(steps + 1) * 10} s of the page's clock; heartbeats waiting at most ${maxBeats}`);
    expect(maxBeats, 'heartbeats waiting at once').toBeLessThanOrEqual(1);
    expect(steps, 'live again within 120 s of the page clock').toBeLessThan(12);
    await w.close();
  }, 60_000);
});
