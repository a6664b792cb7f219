// The live path in real Chromium against the real gateway and mosquitto: a
// reading patches its figure in place (an SVG label on the map, in the SVG
// namespace, with its data-key, data-ts and staleness) without a reload; the
// map around it follows; a stale reading arrives marked stale; a burst ends
// on its last value; and every screen of a view gets the same bytes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { Rig, publishMany, waitFor, type Gateway, type Mosquitto } from '../rig/index.js';
import * as fx from '../rig/fixtures.js';
import { launchBrowser, openLivePage, type WallPage } from './browser.js';

const rig = new Rig('browser-live');
let broker: Mosquitto;
let gw: Gateway;
let browser: Browser;

const reading = (district: string, value: number, ts: string) =>
  ({ topic: fx.topics.urban('pm25', district), payload: JSON.stringify({ metric: 'pm25', district, value, unit: 'ug/m3', ts }) });

async function publish(msgs: { topic: string; payload: string }[]): Promise<void> {
  const c = await rig.client(broker.url);
  await publishMany(c, msgs);
  await c.endAsync();
}

const label = (district: string) => `#p-map [data-key="urban:pm25:${district}"]`;

/** A new /urban page, closed when the test ends, passed or failed (see `closeAfterRedraw`). */
async function openUrban(): Promise<WallPage> {
  const w = await openLivePage(browser, `${gw.baseUrl}/urban`);
  onTestFinished(() => closeAfterRedraw(w));
  return w;
}

/** Counts the figure patches and panel swaps the page receives. */
async function countMessages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __figs: number; __swaps: number };
    w.__figs = 0;
    w.__swaps = 0;
    document.addEventListener('scpm:figs', () => { w.__figs++; });
    document.addEventListener('htmx:after:swap', () => { w.__swaps++; });
  });
}

/**
 * Publishes, watching for the map's redraw that follows the patch (MIN_DEFER_WINDOWS later): a test that publishes
 * must not leave it pending, or it lands in the next test's page and replaces the elements that test marked. The
 * watch is set before publishing; await the result before closing.
 */
async function publishWatchingRedraw(page: Page, msgs: { topic: string; payload: string }[]): Promise<() => Promise<void>> {
  // A mark the server's redraw does not carry: the morph of the panel removes it, a figure patch leaves it.
  await page.evaluate(() => document.getElementById('p-map')!.setAttribute('data-test-watch', ''));
  await publish(msgs);
  return async () => {
    await page.waitForFunction(() => !document.getElementById('p-map')!.hasAttribute('data-test-watch'), undefined, { timeout: 5000 });
  };
}

/**
 * Closes a page the test left open (it failed before its own close), once the redraw its publish left pending has
 * landed (bounded): a redraw left behind would land in the next test's page. The test's own check reports a missing one.
 */
async function closeAfterRedraw(w: WallPage): Promise<void> {
  if (w.page.isClosed()) return;
  try {
    await w.page.waitForFunction(() => document.getElementById('p-map')?.hasAttribute('data-test-watch') !== true, undefined, { timeout: 5000 });
  } catch {
    // the test has failed already
  } finally {
    await w.close();
  }
}

beforeAll(async () => {
  broker = await rig.mosquitto();
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'browser-live' } });
  await gw.waitConnected();
  await publish([
    reading('11230', 20, fx.at(-60_000)), reading('11110', 30, fx.at(-60_000)),
    // 11250: stale already (the urban rule is 300 s).
    reading('11250', 40, fx.at(-3 * 3_600_000)),
  ]);
  await waitFor(async () => (await (await fetch(`${gw.baseUrl}/urban`)).text()).includes('urban:pm25:11250'), { timeoutMs: 15_000, what: 'seeded readings' });
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

describe('live figures in Chromium', () => {
  it('patches a reading into its map label in place (SVG, data-ts), then the map follows, without a reload', async () => {
    const w = await openUrban();
    await countMessages(w.page);
    const navs = w.navigations();
    // A mark on the map section: the panel's redraw (a morph) removes it, a figure patch does not.
    await w.page.evaluate(() => document.getElementById('p-map')!.setAttribute('data-test-old', ''));
    // And on the district buttons under the map, which a redraw does not carry: the wall keeps the ones it has.
    await w.page.evaluate(() => { (document.getElementById('p-map-districts') as unknown as { __kept: boolean }).__kept = true; });
    const ts = fx.at(-1000);
    await publishWatchingRedraw(w.page, [reading('11230', 777, ts)]); // the map's redraw is checked below
    await w.page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '777', label('11230'), { timeout: 10_000 });
    const el = await w.page.evaluate((sel) => {
      const e = document.querySelector(sel)!;
      return { ns: e.namespaceURI, tag: e.tagName, ts: e.getAttribute('data-ts'), staleAt: e.getAttribute('data-stale-at'), stale: e.getAttribute('data-stale'),
        sameMap: document.getElementById('p-map')!.hasAttribute('data-test-old'),
        figs: (window as unknown as { __figs: number }).__figs };
    }, label('11230'));
    expect(el).toMatchObject({ ns: 'http://www.w3.org/2000/svg', tag: 'text', ts, stale: null, sameMap: true, figs: 1 });
    expect(Number(el.staleAt)).toBe(Date.parse(ts) + 300_000);
    // The label's node: the morph keeps the nodes it finds, so the redraw neither parses nor lays out the map anew.
    await w.page.evaluate((sel) => { (document.querySelector(sel) as unknown as { __node: boolean }).__node = true; }, label('11230'));
    const fill = () => w.page.evaluate(() => document.querySelector('#p-map a[data-district="11230"] path')!.getAttribute('fill'));
    const fillBefore = await fill();
    // The rest of the map (colours, legend: 777 is a new maximum) follows within the deferral bound.
    await w.page.waitForFunction(() => !document.getElementById('p-map')!.hasAttribute('data-test-old'), undefined, { timeout: 5000 });
    expect(await w.page.textContent(label('11230'))).toBe('777');
    expect(await w.page.evaluate((sel) => (document.querySelector(sel) as unknown as { __node?: boolean }).__node === true, label('11230'))).toBe(true);
    expect(await fill()).not.toBe(fillBefore); // the new maximum takes the ramp's end
    expect(await w.page.evaluate(() => {
      const nav = document.getElementById('p-map-districts') as (HTMLElement & { __kept?: boolean }) | null;
      return { kept: nav?.__kept === true, inNewMap: !!nav?.closest('#p-map'), buttons: nav?.querySelectorAll('.dbtn').length, preserveMark: nav?.hasAttribute('hx-preserve') };
    })).toEqual({ kept: true, inNewMap: true, buttons: 25, preserveMark: false });
    expect(w.navigations()).toBe(navs);
    expect(await w.sameDocument()).toBe(true);
    await w.close();
  }, 30_000);

  it('never shows a stale reading as live: the patch carries data-stale', async () => {
    const w = await openUrban();
    await countMessages(w.page);
    expect(await w.page.getAttribute(label('11250'), 'data-stale')).toBe('true');
    const ts = fx.at(-2 * 3_600_000); // newer than the stored one, still past the rule
    const redrawn = await publishWatchingRedraw(w.page, [reading('11250', 41, ts)]);
    await w.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-ts') !== null
      && document.querySelector(sel)?.textContent === '41', label('11250'), { timeout: 10_000 });
    expect(await w.page.getAttribute(label('11250'), 'data-stale')).toBe('true');
    expect(await w.page.getAttribute(label('11250'), 'data-ts')).toBe(ts);
    expect(await w.page.evaluate(() => (window as unknown as { __figs: number }).__figs)).toBeGreaterThanOrEqual(1);
    await redrawn();
    await w.close();
  }, 30_000);

  it('edits a label in place: the same element, its text, attributes set and a stale mark removed', async () => {
    const w = await openUrban();
    await countMessages(w.page);
    expect(await w.page.getAttribute(label('11250'), 'data-stale')).toBe('true');
    await w.page.evaluate((sel) => { (document.querySelector(sel) as unknown as { __old: boolean }).__old = true; }, label('11250'));
    const ts = fx.at(-500);
    const redrawn = await publishWatchingRedraw(w.page, [reading('11250', 4321, ts)]);
    await w.page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '4,321', label('11250'), { timeout: 10_000 });
    const el = await w.page.evaluate((sel) => {
      const e = document.querySelector(sel)!;
      return { same: (e as unknown as { __old?: boolean }).__old === true, ns: e.namespaceURI, stale: e.getAttribute('data-stale'), ts: e.getAttribute('data-ts'),
        labels: document.querySelectorAll(sel).length, figs: (window as unknown as { __figs: number }).__figs };
    }, label('11250'));
    // The map's redraw comes at least ten windows after the patch: this is the patch's own doing.
    expect(el).toEqual({ same: true, ns: 'http://www.w3.org/2000/svg', stale: null, ts, labels: 1, figs: 1 });
    await redrawn();
    await w.close();
  }, 30_000);

  it('a malformed figure patch costs its own row only: the good row after it is applied, nothing throws', async () => {
    const w = await openUrban();
    const errors: string[] = [];
    w.page.on('pageerror', (e) => errors.push(e.message));
    const key = 'urban:pm25:11110';
    const attrs = await w.page.evaluate((sel) => Object.fromEntries(Array.from(document.querySelector(sel)!.attributes, (a) => [a.name, a.value])), label('11110'));
    const rows: unknown[] = [
      null, 5, 'x', ['p-map'], ['nope', key, { tag: 'text', attrs, text: '1' }],
      ['p-map', key, { tag: 5, attrs, text: '1' }],
      ['p-map', key, { tag: 'text', attrs: 'not an object', text: '2' }],
      ['p-map', key, { tag: 'text', attrs: ['a', 'b'], text: '3' }],
      ['p-map', key, { tag: 'text', attrs: { '1 bad name': 'x' }, text: '4' }], // setAttribute throws
      ['p-map', key, { tag: 'text', attrs, text: 99 }],
      ['p-map', key, { tag: 'text', attrs, text: '8765' }],
    ];
    // Each dispatch and its reading run in one page task: a map redraw arriving over SSE (a previous test's
    // value is followed by one) cannot land between them.
    const applied = await w.page.evaluate(({ data, sel }) => {
      document.dispatchEvent(new CustomEvent('scpm:figs', { detail: { data } }));
      return { text: document.querySelector(sel)?.textContent, labels: document.querySelectorAll(sel).length };
    }, { data: JSON.stringify(rows), sel: label('11110') });
    expect(applied).toEqual({ text: '8765', labels: 1 });
    // Not JSON at all, or not a list (one that claims a billion rows must not hold the page): ignored.
    const after = await w.page.evaluate((sel) => {
      for (const data of ['[[', '{"length":1000000000}', 'null', '"x"']) document.dispatchEvent(new CustomEvent('scpm:figs', { detail: { data } }));
      return document.querySelector(sel)?.textContent;
    }, label('11110'));
    expect(after).toBe('8765');
    expect(errors).toEqual([]);
    await w.close();
  }, 30_000);

  it('ends a burst on its last value, and every screen of the view gets the same patches', async () => {
    const a = await openUrban();
    const b = await openUrban();
    await countMessages(a.page);
    await countMessages(b.page);
    const base = Date.now() - 50_000;
    const burst = Array.from({ length: 200 }, (_, i) => reading('11110', 1000 + i, fx.at(0, base + i * 5)));
    await publish(burst);
    for (const w of [a, b]) {
      await w.page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '1,199', label('11110'), { timeout: 10_000 });
    }
    // No screen is left behind on an intermediate value, and neither page reloaded.
    expect(await a.page.textContent(label('11110'))).toBe(await b.page.textContent(label('11110')));
    expect(a.navigations()).toBe(1);
    expect(b.navigations()).toBe(1);
    await a.close();
    await b.close();
  }, 30_000);
});
