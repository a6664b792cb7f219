// Real Chromium (Debian's /usr/bin/chromium) through playwright-core, for the
// wall display tests and the display bench. Never downloads a browser.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface WallPage {
  page: Page;
  context: BrowserContext;
  /**
   * Document loads in the main frame since the page was opened (a reload counts
   * one). Main-frame `framenavigated` events that were not a document load
   * (history.replaceState) are not counted: see `sameDocumentNavigations`.
   */
  navigations(): number;
  /** Main-frame `framenavigated` events without a new document (history API). */
  sameDocumentNavigations(): number;
  /** True while the document opened by the last goto is still the one shown (a marker set after load survives). */
  sameDocument(): Promise<boolean>;
  /**
   * Resolves once the live stream's first page swap (the catch-up every new stream begins with) has been applied:
   * `data-sse="up"` comes with the stream's headers, before it. Marks set on the page before then can be swapped away.
   */
  synced(): Promise<void>;
  close(): Promise<void>;
}

/** A new page at 1920x1080 @2 (or the given viewport) counting main-frame navigations. */
export async function newWallPage(browser: Browser, viewport = { width: 1920, height: 1080 }, deviceScaleFactor = 2): Promise<WallPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor, hasTouch: true });
  await context.addInitScript(() => {
    document.addEventListener('htmx:sse:after:message', (e) => {
      // A message without an event name is HTML swapped into the page (fired after the swap).
      if (!(e as CustomEvent<{ message?: { event?: string } }>).detail?.message?.event) (window as unknown as { __scpmSynced?: boolean }).__scpmSynced = true;
    });
  });
  const page = await context.newPage();
  let frameNavs = 0;
  let loads = 0;
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) frameNavs++;
  });
  page.on('domcontentloaded', () => {
    loads++;
    void page.evaluate(() => { (window as unknown as { __scpmDoc?: boolean }).__scpmDoc = true; }).catch(() => undefined);
  });
  return {
    page, context,
    navigations: () => loads,
    sameDocumentNavigations: () => frameNavs - loads,
    sameDocument: () => page.evaluate(() => (window as unknown as { __scpmDoc?: boolean }).__scpmDoc === true),
    synced: async () => {
      await page.waitForFunction(() => (window as unknown as { __scpmSynced?: boolean }).__scpmSynced === true, undefined, { timeout: 10_000 });
    },
    close: () => context.close(),
  };
}

/** Attribute of the first element matching `selector`, or null. */
export function attr(page: Page, selector: string, name: string): Promise<string | null> {
  return page.evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [selector, name] as const);
}

/** A new page on `url` with its live stream up and its catch-up swap applied (see `WallPage.synced`). */
export async function openLivePage(browser: Browser, url: string): Promise<WallPage> {
  const w = await newWallPage(browser);
  await w.page.goto(url, { waitUntil: 'load' });
  await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
  await w.synced();
  return w;
}

/** Chromium (closed at the rig's cleanup) with one wall page open on `baseUrl`, its live stream up. */
export async function openLiveWall(rig: { defer(what: string, fn: () => Promise<unknown> | void): void }, baseUrl: string): Promise<WallPage> {
  const browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
  return openLivePage(browser, `${baseUrl}/`);
}
