// The wall runs for months without anyone pressing F5: page turns and dropped
// streams must leave nothing behind in the page. A short version of the soak
// (22 minutes of gateway kills and stops, broker restarts, bursts and page
// turns found these flat): the same counters before and after 40 page turns
// and 4 streams cut under it — event listeners, documents, DOM nodes (back on
// the same page), interval timers, open live streams, the JS heap after a GC.
import type { Browser, CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, writeConfig, type Gateway } from '../rig/index.js';
import { startFreezeProxy, type FreezeProxy } from '../rig/freeze-proxy.js';
import { launchBrowser, newWallPage, type WallPage } from './browser.js';

const rig = new Rig('browser-unattended');
let gw: Gateway;
let proxy: FreezeProxy;
let browser: Browser;

beforeAll(async () => {
  // No city data (demo mode without its simulator): the same page draws the same nodes every time.
  const config = writeConfig(rig.tempDir('cfg'), { officeId: 'unattended-office', upstreamUrl: null, extra: 'demo:\n  simulator: false' });
  gw = await rig.gateway({ env: { SCPM_CONFIG: config, SCPM_UPSTREAM_URL: undefined } });
  await gw.waitHealthy();
  proxy = await startFreezeProxy(gw.port);
  rig.defer('freeze proxy', () => proxy.close());
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 40_000);
afterAll(() => rig.cleanup());

interface Counters { listeners: number; documents: number; nodes: number; intervals: number; heapKB: number }

async function counters(w: WallPage, cdp: CDPSession): Promise<Counters> {
  await cdp.send('HeapProfiler.collectGarbage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const intervals = await w.page.evaluate(() => (window as unknown as { __intervals: Set<number> }).__intervals.size);
  return { listeners: dom.jsEventListeners, documents: dom.documents, nodes: dom.nodes, intervals, heapKB: Math.round(heap.usedSize / 1024) };
}

async function act(body: Record<string, string>): Promise<void> {
  const r = await fetch(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ screen: 'wall', source: 'api', ...body }) });
  expect(r.status, await r.text()).toBe(200);
}

const mainPath = (w: WallPage) => w.page.getAttribute('#main', 'data-path');

describe('an unattended wall', () => {
  it('40 page turns and 4 cut streams leave the same listeners, documents, nodes, timers and one stream', async () => {
    const w = await newWallPage(browser);
    await w.context.addInitScript(() => {
      // Live interval timers (the page's own jobs and anything a swap might start).
      const win = window as unknown as { __intervals: Set<number> };
      win.__intervals = new Set();
      const set = window.setInterval.bind(window);
      const clear = window.clearInterval.bind(window);
      window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => { const id = set(fn, ms, ...args); win.__intervals.add(id); return id; }) as typeof window.setInterval;
      window.clearInterval = ((id?: number) => { if (id !== undefined) win.__intervals.delete(id); clear(id); }) as typeof window.clearInterval;
    });
    const open = new Set<unknown>();
    w.page.on('request', (r) => { if (new URL(r.url()).pathname === '/events') open.add(r); });
    w.page.on('requestfailed', (r) => open.delete(r));
    w.page.on('requestfinished', (r) => open.delete(r));
    const cdp = await w.context.newCDPSession(w.page);
    await w.page.goto(`${proxy.url}/`, { waitUntil: 'load' });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await w.synced();
    const home = await mainPath(w);
    const before = await counters(w, cdp);
    const loads = w.navigations();

    for (let i = 0; i < 40; i++) {
      if (i % 10 === 5) {
        // A stream cut under the page (a reset): it reconnects by itself and catches up.
        await w.page.evaluate(() => { (window as unknown as { __scpmSynced: boolean }).__scpmSynced = false; });
        proxy.cut();
        await w.synced();
      }
      const from = await mainPath(w);
      await act(i % 4 === 3 ? { action: 'previous-page' } : { action: 'next-page' });
      await w.page.waitForFunction((p) => document.getElementById('main')?.getAttribute('data-path') !== p, from, { timeout: 5000 });
    }
    await act({ action: 'home' });
    await w.page.waitForFunction((p) => document.getElementById('main')?.getAttribute('data-path') === p, home, { timeout: 5000 });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    const after = await counters(w, cdp);
    console.warn(`[unattended] before ${JSON.stringify(before)} after ${JSON.stringify(after)}`);

    expect(w.navigations(), 'no reload').toBe(loads);
    expect(open.size, 'one live stream open').toBe(1);
    expect(after.listeners).toBe(before.listeners);
    expect(after.documents).toBe(before.documents);
    expect(after.intervals).toBe(before.intervals);
    expect(Math.abs(after.nodes - before.nodes), `nodes ${before.nodes} → ${after.nodes}`).toBeLessThanOrEqual(before.nodes * 0.02);
    // The heap moves with V8's own caches; a leak of 40 pages' worth of DOM or closures would not stay under this.
    expect(after.heapKB).toBeLessThan(before.heapKB + 1024);
    await w.close();
  }, 60_000);
});
