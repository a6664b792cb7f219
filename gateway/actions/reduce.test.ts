import { describe, expect, it } from 'vitest';
import { reduce as reduceWith, ringNext, isNavigation } from './reduce.js';
import { ActionError } from './errors.js';
import { actionSchema, type Action } from './vocabulary.js';
import type { Navigator } from './navigator.js';
import { HOME, view, type View } from './view.js';
import { parseView, viewPath } from '../../display/view.js';

const nav: Navigator = {
  subCount: (v) => (v.page === 'urban' ? 3 : 1), categories: () => ['jobs', 'welfare'], itemExists: (i) => i !== 'incident:missing',
  firstItem: () => null, districts: () => ['11110', '11140', '11230', '11010'], metrics: () => [], itemLocation: () => null, districtCentre: () => null,
};
const rec = (v = HOME): { view: View; history: View[]; cameraReturn: View | null } => ({ view: v, history: [], cameraReturn: null });
const a = (x: Record<string, unknown>) => actionSchema.parse(x);
const reduce = (r: { view: View; history: View[]; cameraReturn: View | null }, act: Action, n: Navigator) => {
  if (!isNavigation(act)) throw new Error(`${act.action} is not a navigation`);
  return reduceWith(r, act, { nav: n, cameras: [] });
};

describe('screen state machine', () => {
  it('walks the fixed order, sub-pages first, and wraps', () => {
    const seen: string[] = [];
    let v = HOME;
    for (let i = 0; i < 12; i++) { seen.push(viewPath(v)); v = ringNext(v, nav, 1); }
    expect(seen).toEqual(['/', '/urban', '/urban?p=2', '/urban?p=3', '/opinion', '/admin', '/admin/jobs', '/admin/welfare', '/pledges', '/', '/urban', '/urban?p=2']);
    expect(viewPath(ringNext(view({ page: 'opinion' }), nav, -1))).toBe('/urban?p=3');
    expect(viewPath(ringNext(HOME, nav, -1))).toBe('/pledges');
    expect(viewPath(ringNext(view({ page: 'district', district: '11230' }), nav, 1))).toBe('/district/11230/jobs');
    expect(viewPath(ringNext(view({ page: 'district', district: '11230', category: 'welfare' }), nav, 1))).toBe('/district/11230');
  });

  it('navigates, selects, opens, closes, goes home and back', () => {
    expect(reduce(rec(), a({ action: 'navigate', page: 'admin', category: 'jobs' }), nav).view).toMatchObject({ page: 'admin', category: 'jobs' });
    expect(reduce(rec(), a({ action: 'select-district', district: '11140' }), nav).view).toMatchObject({ page: 'district', district: '11140' });
    const opened = reduce(rec(view({ page: 'urban' })), a({ action: 'open', item: 'incident:x' }), nav).view;
    expect(opened).toMatchObject({ page: 'urban', open: 'incident:x' });
    expect(reduce(rec(opened), a({ action: 'close' }), nav).view.open).toBeNull();
    expect(reduce(rec(opened), a({ action: 'home' }), nav).view).toEqual(HOME);
    const r = reduce({ ...rec(view({ page: 'pledges' })), history: [view({ page: 'urban' })] }, a({ action: 'back' }), nav);
    expect(r.view.page).toBe('urban');
    expect(r.popHistory).toBe(true);
    expect(reduce(rec(), a({ action: 'back' }), nav).view).toEqual(HOME);
  });

  it('refuses what does not exist', () => {
    expect(() => reduce(rec(), a({ action: 'open', item: 'incident:missing' }), nav)).toThrow(ActionError);
    expect(() => reduce(rec(), a({ action: 'navigate', page: 'admin', category: 'nope' }), nav)).toThrow(/unknown category/);
    expect(() => reduce(rec(), a({ action: 'select-district', district: '11999' }), nav)).toThrow(/unknown district/);
    expect(actionSchema.safeParse({ action: 'navigate' }).success).toBe(false);
    expect(actionSchema.safeParse({ action: 'open', item: 'javascript:alert(1)' }).success).toBe(false);
  });

  it('round-trips views through URLs', () => {
    for (const p of ['/', '/urban?p=2', '/admin/jobs?open=indicator%3Aemployment-rate', '/district/11230/jobs', '/?metric=pm10']) {
      const v = parseView(p.split('?')[0]!, Object.fromEntries(new URLSearchParams(p.split('?')[1] ?? '')))!;
      expect(viewPath(v)).toBe(p);
    }
    expect(parseView('/district/abc')).toBeNull();
    expect(parseView('/nowhere')).toBeNull();
    expect(parseView('/', { open: '<script>' })!.open).toBeNull();
  });
});
