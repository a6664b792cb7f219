// The Chromium probe, identical for the gateway and its peer: a page opened in
// Debian's Chromium, a MutationObserver that reads one figure's text (its
// digits: every published value is unique in a run) and notes the page's
// wall-clock time when a new value appears (performance.timeOrigin + now(),
// finer than Date.now()'s whole milliseconds: Chromium gives 0.1 ms), then the
// time of the next animation frame; and the DevTools network events: first-load bytes (as served and
// decoded) and when each chunk of the live stream (SSE or WebSocket) reached
// the browser, which splits a latency into "until the browser has the bytes"
// and "the browser's share" (bytes in → the frame that shows the value).
import type { Browser, CDPSession, Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Seen { dom: number; frame: number }

export interface LoadBytes { served: number; decoded: number; requests: number }

export interface Probe {
  page: Page;
  /** Values seen so far: token (the figure's digits) → when. Pulled from the page (serialises them all: not while measuring). */
  seen(): Promise<Map<string, Seen>>;
  /** Whether the page has shown this token: a cheap check to poll while values still arrive. */
  has(token: string): Promise<boolean>;
  /** Wall-clock ms at which each live-stream chunk reached the browser. */
  arrivals: number[];
  /** Bytes of every finished request since open (the live stream excluded). */
  loadBytes(): LoadBytes;
  close(): Promise<void>;
}

interface Pending { url: string; served: number; decoded: number; live: boolean }

export async function openProbe(browser: Browser, selector: string): Promise<Probe> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.addInitScript((sel: string) => {
    const w = window as unknown as { __probe: [string, number, number][]; __probeSet: Set<string> };
    w.__probe = [];
    w.__probeSet = new Set();
    let last = '';
    const wallNow = () => performance.timeOrigin + performance.now();
    const check = () => {
      const el = document.querySelector(sel);
      if (!el) return;
      const tok = (el.textContent ?? '').replace(/[^0-9]/g, '');
      if (!tok || tok === last) return;
      last = tok;
      const rec: [string, number, number] = [tok, wallNow(), 0];
      w.__probe.push(rec);
      w.__probeSet.add(tok);
      requestAnimationFrame(() => { rec[2] = wallNow(); });
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  }, selector);
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let offsetMs: number | null = null; // wall ms − monotonic ms
  const toWall = (ts: number) => ts * 1000 + (offsetMs ?? 0);
  const requests = new Map<string, Pending>();
  const done: Pending[] = [];
  const arrivals: number[] = [];
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; timestamp: number; wallTime: number; request: { url: string } }) => {
    if (offsetMs === null) offsetMs = e.wallTime * 1000 - e.timestamp * 1000;
    requests.set(e.requestId, { url: e.request.url, served: 0, decoded: 0, live: false });
  });
  cdp.on('Network.responseReceived', (e: { requestId: string; response: { mimeType: string } }) => {
    const r = requests.get(e.requestId);
    if (r && e.response.mimeType === 'text/event-stream') r.live = true;
  });
  cdp.on('Network.dataReceived', (e: { requestId: string; timestamp: number; dataLength: number }) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.decoded += e.dataLength;
    if (r.live) arrivals.push(toWall(e.timestamp));
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const r = requests.get(e.requestId);
    if (!r || r.live) return;
    r.served = e.encodedDataLength;
    done.push(r);
    requests.delete(e.requestId);
  });
  cdp.on('Network.webSocketFrameReceived', (e: { timestamp: number }) => { arrivals.push(toWall(e.timestamp)); });
  return {
    page,
    arrivals,
    async seen() {
      const rows = await page.evaluate(() => (window as unknown as { __probe: [string, number, number][] }).__probe.slice());
      const out = new Map<string, Seen>();
      for (const [tok, dom, frame] of rows) if (!out.has(tok)) out.set(tok, { dom, frame: frame || dom });
      return out;
    },
    has: (token) => page.evaluate((t) => (window as unknown as { __probeSet: Set<string> }).__probeSet.has(t), token),
    loadBytes: () => ({ served: done.reduce((s, r) => s + r.served, 0), decoded: done.reduce((s, r) => s + r.decoded, 0), requests: done.length }),
    close: () => context.close(),
  };
}

/** When the page's first contentful paint happened: its time origin and the paint's offset (NaN after `timeoutMs`; the entry can come after `load`). */
export function firstContentfulPaint(page: Page, timeoutMs: number): Promise<{ origin: number; fcp: number }> {
  return page.evaluate((ms) => new Promise<{ origin: number; fcp: number }>((resolve) => {
    const done = (fcp: number) => resolve({ origin: performance.timeOrigin, fcp });
    const now = performance.getEntriesByName('first-contentful-paint')[0];
    if (now) return done(now.startTime);
    new PerformanceObserver((list) => {
      const e = list.getEntriesByName('first-contentful-paint')[0];
      if (e) done(e.startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => done(NaN), ms);
  }), timeoutMs);
}
