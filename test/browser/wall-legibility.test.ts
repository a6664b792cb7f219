// The wall read from 2–3 m and touched (docs: wall-display-ux.md), measured in
// the DOM of real Chromium against the real gateway on the demo's live data:
// at 4K (1920×1080 CSS at scale 2) every text on every office page and the
// public mirror is ≥ 15 CSS px (labels), the items' text ≥ 20 (body), the key
// figures ≥ 60, every text ≥ 7:1 against what is behind it, live and stale;
// every live figure's panel shows its age;
// every control is ≥ 48 px and ≥ 8 px from the next, at 4K and on a tablet;
// nothing scrolls on the wall.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, httpJson, waitFor, type Gateway } from '../rig/index.js';
import { launchBrowser, newWallPage, type WallPage } from './browser.js';
import { gap, measurePage, type PageSample, type TargetSample, type TextSample } from './legibility.js';

const OFFICE = ['/', '/urban', '/opinion', '/admin', '/admin/jobs', '/pledges', '/district/11230', '/cameras'];
const PUBLIC = ['/public', '/public/urban', '/public/opinion', '/public/admin', '/public/pledges', '/public/district/11230'];
/** An indicator's detail over its page: a map whose districts choose the breakdown. */
const DETAIL = '/admin/administration?open=indicator:budget-execution-rate';
const PAGES = [...OFFICE, DETAIL, ...PUBLIC];
/** The pages with a map whose districts can be tapped. */
const MAPPED = ['/', '/urban', '/district/11230', DETAIL, '/public', '/public/urban', '/public/district/11230'];

/** The doc's numbers, in CSS px at device scale 2 (4K). */
const LABEL_PX = 15;
const BODY_PX = 20;
const KEY_PX = 60;
const CONTRAST = 7;
const TARGET_PX = 48;
const TARGET_GAP = 8;

/**
 * Item text an official reads (titles, summaries, options), as opposed to labels of a figure or state; matched on
 * the element holding the text (a Korean gloss inside it is a label).
 */
const BODY = /(^|> )span\.(inc-title|summary|poll-title|opt-l|pl-title|tr-k)[^>]*$|(^|> )(dd|p\.empty)[^>]*$/;
/** The figure each panel is about: the pipeline's stage counts, the pledges' summary, the administration page's tiles. */
const KEY = /(^|> )span(\.[\w-]+)*\.(stage-count|key)(\.[\w-]+)*( >|$)/;
/** The headline indicators' values (their unit beside them is a label). */
const KPI_VALUE = /span\.kpi-val(\.[\w-]+)* > span\.v(\.[\w-]+)*$/;
const ADMIN_KEY = /span(\.[\w-]+)*\.tile-(on|off)(\.[\w-]+)*$/;
const isKey = (path: string, t: TextSample) => KEY.test(t.where) || KPI_VALUE.test(t.where) || (/^\/(public\/)?admin$/.test(path) && ADMIN_KEY.test(t.where));

const rig = new Rig('browser-wall-legibility');
let gw: Gateway;
let browser: Browser;

beforeAll(async () => {
  const dir = rig.tempDir('cfg');
  const config = join(dir, 'office.yaml');
  writeFileSync(config, 'office: { id: legibility-office, language: en }\nupstream: { url: null }\nlocalBroker: { port: 0 }\n');
  gw = await rig.gateway({ env: { SCPM_CONFIG: config, SCPM_UPSTREAM_URL: undefined } });
  await gw.waitHealthy();
  // The demo's simulator: readings for every district, incidents, complaints, polls, pledges, indicators.
  await waitFor(async () => {
    const [urban, opinion] = await Promise.all(['/urban', '/opinion'].map(async (p) => (await fetch(`${gw.baseUrl}${p}`)).text()));
    return urban!.includes('urban:pm25:11110') && opinion!.includes('data-key="poll:');
  }, { timeoutMs: 30_000, what: 'the demo simulator\'s readings' });
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

async function open(w: WallPage, path: string): Promise<void> {
  await w.page.goto(`${gw.baseUrl}${path}`, { waitUntil: 'load' });
  await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
  if (path === '/cameras') await w.page.waitForSelector('.camera[data-camera-state="live"]', { timeout: 15_000 });
  await w.page.waitForTimeout(300);
}

const show = (t: TextSample) => `${t.where} "${t.text}" ${t.px}px ${t.contrast}:1`;
const under = (texts: TextSample[], px: number) => texts.filter((t) => t.px < px).map(show);

function closeTargets(targets: TargetSample[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const g = gap(targets[i]!, targets[j]!);
      // boxes are measured to 0.1 px each: a CSS gap of 8 px can read 7.9
      if (g < TARGET_GAP - 0.2) out.push(`${targets[i]!.where} ↔ ${targets[j]!.where}: ${g.toFixed(1)}px`);
    }
  }
  return out;
}

/**
 * District shapes on a map are controls too, but a map of the real districts cannot space them: they are extra
 * targets, and each district has a button that meets the rule (checked on its own below; see the decision note).
 */
const notMap = (t: TargetSample) => !t.where.includes('svg.choropleth');

/** Districts drawn on a tappable map without a target of their own ≥ 48 px and ≥ 8 px from every other control. */
function untouchable(codes: string[], targets: TargetSample[]): string[] {
  const meets = (t: TargetSample) => t.w >= TARGET_PX && t.h >= TARGET_PX
    && targets.every((o) => o === t || gap(t, o) >= TARGET_GAP - 0.2);
  return codes.filter((c) => !targets.some((t) => t.district === c && meets(t)))
    .map((c) => `${c}: ${targets.filter((t) => t.district === c).map((t) => `${t.where.split(' > ').pop()} ${t.w}×${t.h}`).join(', ')}`);
}

describe('the wall from 2–3 m, at 4K (1920×1080 @2)', () => {
  const seen: Record<string, PageSample> = {};
  /** Live figures whose panel shows no age ("as of 09:41 · 3 min ago", an age, or the period a monthly value is for). */
  const ageless: Record<string, string[]> = {};
  /** Parts of a headline tile (name, value, period, target, status) drawn past the tile's box, which clips them. */
  const clipped: Record<string, string[]> = {};
  /** The districts each page's tappable maps draw. */
  const mapped: Record<string, string[]> = {};

  beforeAll(async () => {
    const w = await newWallPage(browser);
    for (const path of PAGES) {
      await open(w, path);
      seen[path] = await measurePage(w.page);
      // (every figure, the count of an empty list included: it is as old as the last word that the list is empty)
      ageless[path] = await w.page.evaluate(() => Array.from(document.querySelectorAll('main [data-key]'))
        .filter((e) => !e.closest('.panel')?.querySelector('time.age, .asof, .period'))
        .map((e) => e.getAttribute('data-key') ?? ''));
      mapped[path] = await w.page.evaluate(() => [...new Set(Array.from(document.querySelectorAll('svg.choropleth a[data-district]')).map((a) => a.getAttribute('data-district') ?? ''))]);
      clipped[path] = await w.page.evaluate(() => Array.from(document.querySelectorAll('.kpi')).flatMap((k) => {
        const box = k.getBoundingClientRect();
        return Array.from(k.querySelectorAll('.kpi-name, .kpi-val, .kpi-t > *'))
          .filter((e) => { const r = e.getBoundingClientRect(); return r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5; })
          .map((e) => `${k.querySelector('.kpi-name')?.textContent ?? ''}: ${e.className}`);
      }));
    }
    await w.close();
  }, 120_000);

  it('a headline tile shows all it holds: its name, value, period, target and status inside its box (the tile clips)', () => {
    expect(Object.keys(clipped).filter((p) => clipped[p]!.length > 0).map((p) => `${p}: ${clipped[p]!.join('; ')}`)).toEqual([]);
    expect(PAGES.some((p) => seen[p]!.texts.some((t) => t.where.includes('kpi-val'))), 'headline tiles on the pages').toBe(true);
  });

  it('every text is a readable label (≥ 15 px), item text body size (≥ 20 px), key figures ≥ 60 px', () => {
    for (const path of PAGES) {
      const texts = seen[path]!.texts;
      expect(texts.length, path).toBeGreaterThan(10);
      expect(under(texts, LABEL_PX), `${path}: texts under ${LABEL_PX}px`).toEqual([]);
      expect(under(texts.filter((t) => BODY.test(t.where)), BODY_PX), `${path}: item text under ${BODY_PX}px`).toEqual([]);
      expect(under(texts.filter((t) => isKey(path, t)), KEY_PX), `${path}: key figures under ${KEY_PX}px`).toEqual([]);
    }
    // The classes above are on the pages: a renamed class must not make these checks empty.
    const all = Object.values(seen).flatMap((s) => s.texts);
    for (const c of ['inc-title', 'summary', 'poll-title', 'opt-l', 'pl-title', 'tr-k']) expect(all.some((t) => t.where.includes(`span.${c}`)), c).toBe(true);
    const keys = PAGES.flatMap((p) => seen[p]!.texts.filter((t) => isKey(p, t)));
    for (const c of ['stage-count', '.key', 'kpi-val', 'tile-on']) expect(keys.some((t) => t.where.includes(c)), c).toBe(true);
  });

  it('every district on a map has a touch target of its own: ≥ 48 px each way and ≥ 8 px from every other control', () => {
    for (const path of MAPPED) {
      expect(mapped[path]!.length, `${path}: districts on its maps`).toBe(25);
      expect(untouchable(mapped[path]!, seen[path]!.targets), `${path}: districts without a proper target`).toEqual([]);
    }
    expect(PAGES.filter((p) => mapped[p]!.length > 0 && !MAPPED.includes(p)), 'pages with a map not checked').toEqual([]);
  });

  it('every figure\'s panel shows its age', () => {
    for (const path of PAGES) expect(ageless[path], `${path}: figures without an age`).toEqual([]);
  });

  it('every text is ≥ 7:1 against what is drawn behind it', () => {
    for (const path of PAGES) {
      expect(seen[path]!.texts.filter((t) => t.contrast < CONTRAST).map(show), `${path}: texts under ${CONTRAST}:1`).toEqual([]);
    }
  });

  it('every control is ≥ 48 px each way and ≥ 8 px from the next; nothing scrolls', () => {
    for (const path of PAGES) {
      const { targets, overflow, scrollers } = seen[path]!;
      expect(targets.length, path).toBeGreaterThan(5);
      const small = targets.filter(notMap).filter((t) => t.w < TARGET_PX || t.h < TARGET_PX).map((t) => `${t.where} ${t.w}×${t.h}`);
      expect(small, `${path}: controls under ${TARGET_PX}px`).toEqual([]);
      expect(closeTargets(targets.filter(notMap)), `${path}: controls closer than ${TARGET_GAP}px`).toEqual([]);
      expect(overflow, path).toEqual({ x: 0, y: 0 });
      expect(scrollers, `${path}: scrolling boxes`).toEqual([]);
    }
  });
});

describe('the wall at 4K, stale and with its overlays', () => {
  it('a stale page (the gateway silent) stays ≥ 7:1 and its STALE labels ≥ 15 px', async () => {
    const w = await newWallPage(browser);
    await w.context.clock.install();
    try {
      for (const path of ['/', '/urban', '/opinion', '/admin', '/admin/jobs', '/pledges', '/district/11230', '/public']) {
        await open(w, path);
        process.kill(gw.pid, 'SIGSTOP');
        let s: PageSample;
        try {
          // Two minutes without a byte: the page marks every figure stale (freshness.test.ts).
          await w.page.clock.fastForward('02:00');
          await w.page.clock.runFor(6000);
          expect(await w.page.locator('[data-stale="true"]').count(), path).toBeGreaterThan(0);
          s = await measurePage(w.page);
        } finally {
          process.kill(gw.pid, 'SIGCONT');
        }
        const labels = s.texts.filter((t) => t.where.endsWith('::after') && t.text.includes('STALE'));
        expect(labels.length, `${path}: STALE labels`).toBeGreaterThan(0);
        expect(under(s.texts, LABEL_PX), `${path}: stale texts under ${LABEL_PX}px`).toEqual([]);
        expect(s.texts.filter((t) => t.contrast < CONTRAST).map(show), `${path}: stale texts under ${CONTRAST}:1`).toEqual([]);
      }
    } finally {
      await w.close();
    }
  }, 120_000);

  it('the help overlay fits without scrolling, ≥ 15 px and ≥ 7:1', async () => {
    const w = await newWallPage(browser);
    try {
      await open(w, '/');
      await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify({ action: 'show-help' }) });
      await w.page.waitForSelector('#overlay .help', { timeout: 10_000 });
      const s = await measurePage(w.page);
      const help = s.texts.filter((t) => t.where.includes('help'));
      expect(help.length).toBeGreaterThan(10);
      expect(under(help, LABEL_PX)).toEqual([]);
      expect(help.filter((t) => t.contrast < CONTRAST).map(show)).toEqual([]);
      expect(s.scrollers, 'scrolling boxes').toEqual([]);
      const controls = s.targets.filter((t) => t.where.includes('help'));
      expect(controls.length).toBeGreaterThan(0);
      expect(controls.filter((t) => t.w < TARGET_PX || t.h < TARGET_PX).map((t) => `${t.where} ${t.w}×${t.h}`)).toEqual([]);
    } finally {
      await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify({ action: 'hide-help' }) });
      await w.close();
    }
  }, 40_000);
});

describe('a tablet (1280×800)', () => {
  it('every control is ≥ 48 px and ≥ 8 px from the next', async () => {
    const w = await newWallPage(browser, { width: 1280, height: 800 }, 1);
    try {
      for (const path of PAGES) {
        await open(w, path);
        // The tablet's page scrolls: a control half scrolled out of view is whole once scrolled to.
        const targets = (await measurePage(w.page)).targets.filter((t) => t.whole);
        expect(targets.length, path).toBeGreaterThan(5);
        expect(targets.filter(notMap).filter((t) => t.w < TARGET_PX || t.h < TARGET_PX).map((t) => `${t.where} ${t.w}×${t.h}`), path).toEqual([]);
        expect(closeTargets(targets.filter(notMap)), path).toEqual([]);
      }
    } finally {
      await w.close();
    }
  }, 120_000);
});
