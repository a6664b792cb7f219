// Screen state lives in the gateway: each screen (the wall, a tablet) has a
// view that survives a restart (store.setScreen) and changes only through
// actions, which record their source and announce 'screen:changed'.
import { z } from 'zod';
import type { Store } from '../gateway/store/store.js';
import type { Bus } from '../gateway/bus.js';
import { HOME, TOP_PAGES, sameView, type PageName, type View } from './view.js';
import { districts } from './map/geo.js';

export const SOURCES = ['touch', 'gesture', 'voice', 'api'] as const;
export type Source = (typeof SOURCES)[number];

const screenId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a screen id slug');
const code = z.string().regex(/^\d{5}$/, 'a 5-digit KOSTAT district code');
const slug = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a slug');
const item = z.string().regex(/^(incident|complaint|poll|pledge|indicator):[A-Za-z0-9_.-]{1,128}$/, 'an item key like incident:ID, complaint:ID, poll:ID, pledge:ID');
const base = { screen: screenId.default('wall'), source: z.enum(SOURCES).optional() };

export const actionSchema = z.discriminatedUnion('action', [
  z.strictObject({ ...base, action: z.literal('navigate'), page: z.enum([...TOP_PAGES, 'district']), district: code.optional(), category: slug.optional(), metric: slug.optional(), item: item.optional(), sub: z.number().int().min(0).max(99).optional() }),
  z.strictObject({ ...base, action: z.literal('select-district'), district: code }),
  z.strictObject({ ...base, action: z.literal('next-page') }),
  z.strictObject({ ...base, action: z.literal('previous-page') }),
  z.strictObject({ ...base, action: z.literal('back') }),
  z.strictObject({ ...base, action: z.literal('home') }),
  z.strictObject({ ...base, action: z.literal('open'), item }),
  z.strictObject({ ...base, action: z.literal('close') }),
]);
export type Action = z.infer<typeof actionSchema>;

export interface ScreenRecord { view: View; history: View[]; source: Source | 'url' | 'init'; updatedAt: number }

export class ActionError extends Error {
  constructor(readonly status: 400 | 404, message: string) { super(message); }
}

/** What the state machine needs to know about the data. */
export interface Navigator {
  /** Sub-pages of a view on the wall. */
  subCount(v: View): number;
  categories(): string[];
  itemExists(item: string): boolean;
}

const HISTORY_MAX = 20;

export function ringNext(v: View, nav: Navigator, dir: 1 | -1): View {
  const subs = nav.subCount(v);
  if (dir === 1 && v.sub + 1 < subs) return { ...v, sub: v.sub + 1, open: null };
  if (dir === -1 && v.sub > 0) return { ...v, sub: v.sub - 1, open: null };
  const land = (w: View): View => (dir === 1 ? w : { ...w, sub: Math.max(0, nav.subCount(w) - 1) });
  const cats = nav.categories();
  const fresh = (p: Partial<View>): View => ({ ...HOME, ...p });
  if (v.page === 'district') {
    const seq: (string | null)[] = [null, ...cats];
    const i = seq.indexOf(v.category);
    const next = seq[(i + dir + seq.length) % seq.length] ?? null;
    return land(fresh({ page: 'district', district: v.district, category: next }));
  }
  if (v.page === 'admin' && v.category) {
    const i = cats.indexOf(v.category);
    const j = i + dir;
    if (j >= 0 && j < cats.length) return land(fresh({ page: 'admin', category: cats[j]! }));
    return land(fresh({ page: dir === 1 ? 'pledges' : 'admin' }));
  }
  if (v.page === 'pledges' && dir === -1 && cats.length) return land(fresh({ page: 'admin', category: cats[cats.length - 1]! }));
  if (v.page === 'admin' && dir === 1 && cats.length) return land(fresh({ page: 'admin', category: cats[0]! }));
  const i = TOP_PAGES.indexOf(v.page as (typeof TOP_PAGES)[number]);
  const next = TOP_PAGES[(Math.max(0, i) + dir + TOP_PAGES.length) % TOP_PAGES.length]!;
  return land(fresh({ page: next }));
}

/** The pure state machine: the next record for an action. */
export function reduce(rec: ScreenRecord, a: Action, nav: Navigator): { view: View; pushHistory: boolean; popHistory?: boolean } {
  const v = rec.view;
  const knownDistrict = (c: string) => {
    if (!districts().some((d) => d.code === c)) throw new ActionError(400, `unknown district "${c}"`);
  };
  const knownCategory = (c: string) => {
    const cats = nav.categories();
    if (cats.length && !cats.includes(c)) throw new ActionError(400, `unknown category "${c}" (known: ${cats.join(', ')})`);
  };
  switch (a.action) {
    case 'navigate': {
      if (a.page === 'district' && !a.district) throw new ActionError(400, 'page "district" needs "district"');
      if (a.district) knownDistrict(a.district);
      if (a.category) knownCategory(a.category);
      if (a.item && !nav.itemExists(a.item)) throw new ActionError(404, `no such item "${a.item}"`);
      const page: PageName = a.page;
      const keepsMetric = page === v.page && !a.metric;
      return {
        view: {
          page, district: page === 'district' ? a.district! : null,
          category: page === 'admin' || page === 'district' ? a.category ?? null : null,
          sub: a.sub ?? 0, open: a.item ?? null, metric: a.metric ?? (keepsMetric ? v.metric : null),
        },
        pushHistory: true,
      };
    }
    case 'select-district':
      knownDistrict(a.district);
      return { view: { ...HOME, page: 'district', district: a.district }, pushHistory: true };
    case 'next-page': return { view: ringNext(v, nav, 1), pushHistory: false };
    case 'previous-page': return { view: ringNext(v, nav, -1), pushHistory: false };
    case 'home': return { view: { ...HOME }, pushHistory: true };
    case 'back': return { view: rec.history[rec.history.length - 1] ?? { ...HOME }, pushHistory: false, popHistory: true };
    case 'open':
      if (!nav.itemExists(a.item)) throw new ActionError(404, `no such item "${a.item}"`);
      return { view: { ...v, open: a.item }, pushHistory: false };
    case 'close': return { view: { ...v, open: null }, pushHistory: false };
  }
}

export class Screens {
  private readonly cache = new Map<string, ScreenRecord>();
  constructor(private readonly store: Store, private readonly bus: Bus, private readonly now: () => number) {}

  get(id: string): ScreenRecord {
    let rec = this.cache.get(id);
    if (!rec) {
      const stored = this.store.getScreen<ScreenRecord>(id);
      rec = stored && stored.view ? { ...stored, view: { ...HOME, ...stored.view }, history: stored.history ?? [] } : { view: { ...HOME }, history: [], source: 'init', updatedAt: 0 };
      this.cache.set(id, rec);
    }
    return rec;
  }

  /** Applies an action; throws ActionError on a bad one. */
  act(a: Action, source: Source, nav: Navigator): ScreenRecord {
    const rec = this.get(a.screen);
    const r = reduce(rec, a, nav);
    let history = rec.history;
    if (r.popHistory) history = history.slice(0, -1);
    else if (r.pushHistory && !sameView(rec.view, r.view)) history = [...history, rec.view].slice(-HISTORY_MAX);
    return this.commit(a.screen, { view: r.view, history, source, updatedAt: this.now() });
  }

  /** A page opened by URL on a screen: the screen follows it (no history entry when unchanged). */
  show(id: string, view: View, source: Source | 'url' = 'url'): ScreenRecord {
    const rec = this.get(id);
    if (sameView(rec.view, view)) return rec;
    return this.commit(id, { view, history: [...rec.history, rec.view].slice(-HISTORY_MAX), source, updatedAt: this.now() });
  }

  private commit(id: string, rec: ScreenRecord): ScreenRecord {
    this.cache.set(id, rec);
    this.store.setScreen(id, rec, rec.updatedAt);
    this.bus.emit('screen:changed', { screen: id, state: { ...rec.view, history: rec.history.length, updatedAt: rec.updatedAt }, source: rec.source });
    return rec;
  }
}
