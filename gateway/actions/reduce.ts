// The pure state machine of a screen's view: the next view for a navigation
// action, given what the display's data holds (Navigator) and the cameras
// the bridges brought (catalog). Throws ActionError for what cannot be done.
import type { Action } from './vocabulary.js';
import { ActionError } from './errors.js';
import { HOME, TOP_PAGES, type PageName, type View } from './view.js';
import { distanceM, type LatLon, type Navigator } from './navigator.js';

export interface CameraRef { id: string; location: LatLon | null }

export interface ReduceContext {
  nav: Navigator;
  cameras: readonly CameraRef[];
}

export interface Reduced {
  view: View;
  pushHistory: boolean;
  popHistory?: boolean;
  /** The view to return to when the camera opened now is closed (set when a camera opens over a non-camera view). */
  cameraReturn?: View | null;
}

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

const step = <T>(list: readonly T[], current: T | null | undefined, dir: 1 | -1): T | undefined => {
  if (list.length === 0) return undefined;
  const i = current == null ? -1 : list.indexOf(current);
  if (i < 0) return dir === 1 ? list[0] : list[list.length - 1];
  return list[(i + dir + list.length) % list.length];
};

export type NavigationAction = Extract<Action, { action: 'navigate' | 'select-district' | 'next-page' | 'previous-page' | 'back' | 'home' | 'open' | 'open-first' | 'close' | 'next-district' | 'previous-district' | 'next-metric' | 'open-camera' | 'open-nearest-camera' | 'close-camera' | 'next-camera' | 'previous-camera' }>;

export const NAVIGATION_ACTIONS = new Set<Action['action']>(['navigate', 'select-district', 'next-page', 'previous-page', 'back', 'home', 'open', 'open-first', 'close', 'next-district', 'previous-district', 'next-metric', 'open-camera', 'open-nearest-camera', 'close-camera', 'next-camera', 'previous-camera']);

export function isNavigation(a: Action): a is NavigationAction {
  return NAVIGATION_ACTIONS.has(a.action);
}

type Rec = { view: View; history: readonly View[]; cameraReturn: View | null };
type CameraAction = Extract<NavigationAction, { action: 'open-camera' | 'open-nearest-camera' | 'close-camera' | 'next-camera' | 'previous-camera' }>;

const CAMERA_ACTIONS = new Set<Action['action']>(['open-camera', 'open-nearest-camera', 'close-camera', 'next-camera', 'previous-camera']);
const isCameraAction = (a: NavigationAction): a is CameraAction => CAMERA_ACTIONS.has(a.action);

function knownDistrict(nav: Navigator, c: string): void {
  if (!nav.districts().includes(c)) throw new ActionError(400, `unknown district "${c}"`);
}

function knownCategory(nav: Navigator, c: string): void {
  const cats = nav.categories();
  if (cats.length && !cats.includes(c)) throw new ActionError(400, `unknown category "${c}" (known: ${cats.join(', ')})`);
}

/** The view back from an open camera. */
const leaveCamera = (rec: Rec): Reduced => ({ view: rec.cameraReturn ?? { ...rec.view, camera: null }, pushHistory: false, cameraReturn: null });

/** The next view of a screen for a navigation action. */
export function reduce(rec: Rec, a: NavigationAction, ctx: ReduceContext): Reduced {
  if (isCameraAction(a)) return reduceCamera(rec, a, ctx);
  const { nav } = ctx;
  const v = rec.view;
  switch (a.action) {
    case 'navigate': return navigateTo(v, a, nav);
    case 'select-district':
      knownDistrict(nav, a.district);
      return { view: { ...HOME, page: 'district', district: a.district }, pushHistory: true };
    case 'next-district':
    case 'previous-district': {
      const next = step(nav.districts(), v.district, a.action === 'next-district' ? 1 : -1);
      if (!next) throw new ActionError(409, 'no districts known');
      return { view: { ...HOME, page: 'district', district: next, category: v.page === 'district' ? v.category : null }, pushHistory: v.page !== 'district' };
    }
    case 'next-metric': {
      const next = step(nav.metrics(v), v.metric, 1);
      if (!next) throw new ActionError(409, 'this page has no map metric to change');
      return { view: { ...v, metric: next }, pushHistory: false };
    }
    case 'next-page': return { view: ringNext({ ...v, camera: null }, nav, 1), pushHistory: false };
    case 'previous-page': return { view: ringNext({ ...v, camera: null }, nav, -1), pushHistory: false };
    case 'home': return { view: { ...HOME }, pushHistory: true };
    case 'back':
      if (v.camera) return leaveCamera(rec);
      return { view: rec.history[rec.history.length - 1] ?? { ...HOME }, pushHistory: false, popHistory: true };
    case 'open':
      if (!nav.itemExists(a.item)) throw new ActionError(404, `no such item "${a.item}"`);
      return { view: { ...v, open: a.item, camera: null }, pushHistory: false };
    case 'open-first': {
      const item = nav.firstItem({ ...v, camera: null });
      if (!item) throw new ActionError(404, 'nothing to open on this page');
      return { view: { ...v, open: item, camera: null }, pushHistory: false };
    }
    case 'close':
      if (v.camera) return leaveCamera(rec);
      return { view: { ...v, open: null }, pushHistory: false };
  }
}

function navigateTo(v: View, a: Extract<Action, { action: 'navigate' }>, nav: Navigator): Reduced {
  if (a.page === 'district' && !a.district) throw new ActionError(400, 'page "district" needs "district"');
  if (a.district) knownDistrict(nav, a.district);
  if (a.category) knownCategory(nav, a.category);
  if (a.item && !nav.itemExists(a.item)) throw new ActionError(404, `no such item "${a.item}"`);
  const page: PageName = a.page;
  const keepsMetric = page === v.page && !a.metric;
  return {
    view: {
      page, district: page === 'district' ? a.district! : null,
      category: page === 'admin' || page === 'district' ? a.category ?? null : null,
      sub: a.sub ?? 0, open: a.item ?? null, metric: a.metric ?? (keepsMetric ? v.metric : null), camera: null,
    },
    pushHistory: true,
  };
}

/** A camera opened over a view remembers that view (not another camera) to return to. */
function reduceCamera(rec: Rec, a: CameraAction, ctx: ReduceContext): Reduced {
  const v = rec.view;
  const open = (id: string): Reduced => {
    if (!ctx.cameras.some((c) => c.id === id)) throw new ActionError(404, ctx.cameras.length ? `no such camera "${id}"` : 'no such camera (no camera is configured)');
    const base = v.camera ? rec.cameraReturn ?? { ...v, camera: null } : v;
    return { view: { ...base, camera: id }, pushHistory: false, cameraReturn: base };
  };
  if (a.action === 'open-camera') return open(a.camera);
  if (a.action === 'close-camera') {
    if (!v.camera) throw new ActionError(409, 'no camera is open');
    return leaveCamera(rec);
  }
  if (ctx.cameras.length === 0) throw new ActionError(409, 'no cameras configured');
  if (a.action === 'open-nearest-camera') {
    const nav = ctx.nav;
    const from = (v.open && nav.itemLocation(v.open)) || (v.district ? nav.districtCentre(v.district) : null);
    if (!from) throw new ActionError(409, 'no place to measure from: open an incident or select a district first');
    const located = ctx.cameras.filter((c): c is { id: string; location: LatLon } => c.location !== null);
    if (located.length === 0) throw new ActionError(409, 'no camera has a location');
    return open(located.reduce((best, c) => (distanceM(from, c.location) < distanceM(from, best.location) ? c : best)).id);
  }
  return open(step(ctx.cameras.map((c) => c.id), v.camera, a.action === 'next-camera' ? 1 : -1)!);
}
