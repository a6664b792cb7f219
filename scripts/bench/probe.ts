// The Chromium probe, identical for the gateway and its peer: a page opened in
// Debian's Chromium, a MutationObserver that reads one figure's text (its
// digits: every published value is unique in a run) and notes the page's
// wall-clock time when a new value appears (performance.timeOrigin + now(),
// finer than Date.now()'s whole milliseconds: Chromium gives 0.1 ms), then the
// time of the next animation frame. The page also notes when the live stream's
// bytes reach its JavaScript (a chunk read from a fetch stream: the SSE of
// htmx; a WebSocket message: socket.io), on the same clock, which splits a
// latency into "until the page has the bytes" and "the page's share" (bytes →
// DOM). DevTools network events give the first-load bytes.
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
  /** Wall-clock ms (the page's clock) at which each live-stream chunk reached the page's JavaScript, in order. */
  arrivals(): Promise<number[]>;
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
    // Live bytes reaching the page's JavaScript. The read's own continuation runs first, before the reader's (htmx's
    // SSE); the WebSocket listener is added before the page's (socket.io sets onmessage later).
    const arrivals: number[] = [];
    (w as unknown as { __arrivals: number[] }).__arrivals = arrivals;
    const read = ReadableStreamDefaultReader.prototype.read;
    ReadableStreamDefaultReader.prototype.read = function (this: ReadableStreamDefaultReader) {
      return read.call(this).then((r) => {
        if (!r.done) arrivals.push(wallNow());
        return r;
      });
    } as typeof read;
    const Native = window.WebSocket;
    const Hooked = function (this: unknown, url: string | URL, protocols?: string | string[]) {
      const ws = new Native(url, protocols);
      ws.addEventListener('message', () => { arrivals.push(wallNow()); });
      return ws;
    } as unknown as typeof WebSocket;
    Object.defineProperties(Hooked, Object.getOwnPropertyDescriptors(Native)); // its prototype and constants: instanceof holds
    window.WebSocket = Hooked;
  }, selector);
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map<string, Pending>();
  const done: Pending[] = [];
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
    requests.set(e.requestId, { url: e.request.url, served: 0, decoded: 0, live: false });
  });
  cdp.on('Network.responseReceived', (e: { requestId: string; response: { mimeType: string } }) => {
    const r = requests.get(e.requestId);
    if (r && e.response.mimeType === 'text/event-stream') r.live = true;
  });
  cdp.on('Network.dataReceived', (e: { requestId: string; dataLength: number }) => {
    const r = requests.get(e.requestId);
    if (r) r.decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const r = requests.get(e.requestId);
    if (!r || r.live) return;
    r.served = e.encodedDataLength;
    done.push(r);
    requests.delete(e.requestId);
  });
  return {
    page,
    arrivals: () => page.evaluate(() => (window as unknown as { __arrivals: number[] }).__arrivals.slice()),
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
