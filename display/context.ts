// What every renderer gets: language, clock, link state, freshness rules and
// whether this is the public mirror (which filters what it shows).
import type { Store } from '../gateway/store/store.js';
import type { Config } from '../gateway/config/load.js';
import type { Lang } from './i18n.js';
import type { Freshness } from './freshness.js';
import type { CameraEntry } from '../gateway/catalog/index.js';
import { mirrorBases } from './mirror-lang.js';
import { DrawnMaps } from './map/drawn-tones.js';

export interface RenderCtx {
  store: Store;
  lang: Lang;
  now: number;
  link: { up: boolean; since: number | null };
  fresh: Freshness;
  /** The public mirror: no camera, private poll, order, reporter data, address, or (unless allowed) complaint text. */
  isPublic: boolean;
  publicComplaintText: boolean;
  /** URL prefix of page links: '' on the office app, '/public' on the mirror (or '' on its own listener), + '/{lang}' in a reader's language. */
  base: string;
  /** The mirror's prefix for each language (its language switch); empty on the office app. */
  langBases: Readonly<Partial<Record<Lang, string>>>;
  timeZone: string;
  officeName: string;
  /** The screen this page belongs to (null on the public mirror). */
  screen: string | null;
  /** Reads shared by the panels of one render (a page asks for all complaints several times: panels, sub-page counts). */
  memo: Map<string, unknown>;
  /** Cameras the bridges brought (never on the public mirror). */
  cameras: readonly CameraEntry[];
  /** What each metric's map last drew (its labels' tones), shared by every render of one display. */
  drawnMaps: DrawnMaps;
}

/** `fn()` once per render context. */
export function memo<T>(ctx: RenderCtx, key: string, fn: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const v = fn();
  ctx.memo.set(key, v);
  return v;
}

export function makeCtx(p: {
  store: Store; config: Config; now: number; link: { up: boolean; since: number | null }; isPublic: boolean; base: string; screen: string | null;
  cameras?: () => readonly CameraEntry[];
  /** The reader's language on the public mirror (the office's by default; the office app is always in it). */
  lang?: Lang;
  /** The display's record of its maps' last drawing (when not given, one for this render alone). */
  drawnMaps?: DrawnMaps;
}): RenderCtx {
  const { config } = p;
  const lang = p.isPublic ? p.lang ?? config.office.language : config.office.language;
  return {
    store: p.store,
    lang,
    now: p.now,
    link: p.link,
    fresh: config.display.freshness,
    isPublic: p.isPublic,
    publicComplaintText: config.display.publicComplaintText,
    base: p.base,
    langBases: p.isPublic ? mirrorBases(p.base, config.office.language) : {},
    timeZone: config.office.timezone,
    officeName: config.office.name[lang],
    screen: p.screen,
    memo: new Map(),
    cameras: p.isPublic ? [] : p.cameras?.() ?? [],
    drawnMaps: p.drawnMaps ?? new DrawnMaps(),
  };
}
