// The actions service alone: every action, every refusal with its status,
// history bounds, confirmations and captions on a fake clock, the action log.
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { ActionsService, type CapabilityHandler } from './service.js';
import { ActionError } from './errors.js';
import { ACTION_NAMES, type Source } from './vocabulary.js';
import { Bus, type ScreenChange } from '../bus.js';
import { Catalog } from '../catalog/index.js';
import { Store } from '../store/store.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { createLogger } from '../logger.js';
import type { Navigator } from './navigator.js';

const T0 = Date.parse('2026-11-29T10:00:00+09:00');

const nav: Navigator = {
  subCount: (v) => (v.page === 'urban' ? 3 : 1),
  categories: () => ['jobs', 'welfare'],
  itemExists: (i) => ['incident:inc-1', 'incident:inc-2', 'complaint:cmp-1'].includes(i),
  firstItem: (v) => (v.page === 'urban' || v.page === 'overview' ? 'incident:inc-1' : v.page === 'opinion' ? 'complaint:cmp-1' : null),
  districts: () => ['11110', '11140', '11230'],
  metrics: (v) => (v.page === 'urban' ? ['pm25', 'pm10', 'o3'] : []),
  itemLocation: (i) => (i === 'incident:inc-1' ? { lat: 37.4979, lon: 127.0276 } : null),
  districtCentre: (c) => (c === '11110' ? { lat: 37.5735, lon: 126.979 } : null),
};

function setup(o: { cameras?: boolean } = {}) {
  let now = T0;
  const store = new Store(':memory:', TEST_LIMITS);
  const bus = new Bus();
  const catalog = new Catalog();
  if (o.cameras !== false) {
    catalog.register('cameras', 'camera', [
      { id: 'gangnam-station', name: { en: 'Gangnam Station', ko: '강남역' }, district: '11230', location: { lat: 37.498, lon: 127.0276 } },
      { id: 'city-hall', name: { en: 'City Hall', ko: '시청' }, district: '11140', location: { lat: 37.5663, lon: 126.9779 } },
    ]);
  }
  const orders: { text: string; ref: string | null; screen: string; via: string; principal: string }[] = [];
  const changes: ScreenChange[] = [];
  bus.on('screen:changed', (c) => changes.push(c));
  const svc = new ActionsService({
    store, bus, catalog, log: createLogger('silent'), navigator: () => nav, screens: () => ['wall', 'tablet-1'],
    orders: (x) => { orders.push(x); return { id: `ord-${orders.length}` }; },
    office: { language: 'en', timeZone: 'Asia/Seoul' }, confirmMs: 20_000, captionMs: 5_000, listenMs: 6_000,
    now: () => now,
  });
  const act = (a: Record<string, unknown>, source: Source = 'touch', principal = 'loopback:wall') => svc.dispatch(a, source, principal);
  const refused = async (a: Record<string, unknown>) => {
    try {
      await act(a);
    } catch (err) {
      if (err instanceof ActionError) return { status: err.status, message: err.message, valid: err.valid };
      throw err;
    }
    throw new Error(`${JSON.stringify(a)} was not refused`);
  };
  const view = () => svc.get('wall')!.view;
  return { svc, store, bus, catalog, orders, changes, act, refused, view, tick: (ms: number) => { now += ms; vi.advanceTimersByTime(ms); } };
}

describe('ActionsService', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refuses an unknown action with 400, listing the valid ones; a malformed one says what is wrong', async () => {
    const t = setup();
    const r = await t.refused({ action: 'fly' });
    expect(r.status).toBe(400);
    expect(r.message).toBe('unknown action "fly"');
    expect(r.valid).toEqual(ACTION_NAMES);
    expect(await t.refused({ action: 'navigate' })).toMatchObject({ status: 400, message: expect.stringContaining('page') });
    expect(await t.refused({ action: 'home', extra: 1 })).toMatchObject({ status: 400 });
    expect((await t.refused({ action: 'caption', text: 'x'.repeat(201) })).status).toBe(400);
  });

  it('knows only configured and paired screens: another is 404, never created', async () => {
    const t = setup();
    expect(await t.refused({ screen: 'hacker', action: 'home' })).toMatchObject({ status: 404, message: 'no such screen "hacker"' });
    expect(t.svc.get('hacker')).toBeNull();
    await t.act({ screen: 'tablet-1', action: 'navigate', page: 'opinion' }, 'touch', 'device:tablet-1');
    expect(t.svc.get('tablet-1')!.view.page).toBe('opinion');
    expect(t.view().page).toBe('overview');
  });

  it('navigates, opens the first item, walks districts and metrics, and goes back', async () => {
    const t = setup();
    await t.act({ action: 'navigate', page: 'urban' });
    await t.act({ action: 'open-first' });
    expect(t.view()).toMatchObject({ page: 'urban', open: 'incident:inc-1' });
    await t.act({ action: 'close' });
    expect(t.view().open).toBeNull();
    await t.act({ action: 'next-metric' });
    expect(t.view().metric).toBe('pm25');
    await t.act({ action: 'next-metric' });
    expect(t.view().metric).toBe('pm10');
    await t.act({ action: 'next-district' });
    expect(t.view()).toMatchObject({ page: 'district', district: '11110' });
    await t.act({ action: 'next-district' });
    expect(t.view().district).toBe('11140');
    await t.act({ action: 'previous-district' });
    await t.act({ action: 'previous-district' });
    expect(t.view().district).toBe('11230'); // wraps
    await t.act({ action: 'back' });
    expect(t.view().page).toBe('urban');
    await t.act({ action: 'navigate', page: 'admin' });
    expect(await t.refused({ action: 'open-first' })).toMatchObject({ status: 404, message: 'nothing to open on this page' });
    expect(await t.refused({ action: 'next-metric' })).toMatchObject({ status: 409 });
    expect(await t.refused({ action: 'open', item: 'incident:nope' })).toMatchObject({ status: 404 });
    expect(await t.refused({ action: 'select-district', district: '99999' })).toMatchObject({ status: 400 });
  });

  it('keeps at most 20 views of history', async () => {
    const t = setup();
    for (let i = 0; i < 30; i++) await t.act({ action: 'navigate', page: i % 2 ? 'urban' : 'opinion' });
    expect(t.svc.get('wall')!.history).toHaveLength(20);
  });

  it('opens cameras by id, the nearest to the open incident or the district, steps through them, and closes back', async () => {
    const t = setup();
    await t.act({ action: 'navigate', page: 'urban', item: 'incident:inc-1' });
    await t.act({ action: 'open-nearest-camera' });
    expect(t.view()).toMatchObject({ camera: 'gangnam-station', page: 'urban', open: 'incident:inc-1' });
    await t.act({ action: 'next-camera' });
    expect(t.view().camera).toBe('city-hall');
    await t.act({ action: 'next-camera' });
    expect(t.view().camera).toBe('gangnam-station');
    await t.act({ action: 'close-camera' });
    expect(t.view()).toMatchObject({ camera: null, page: 'urban', open: 'incident:inc-1' });
    expect(await t.refused({ action: 'close-camera' })).toMatchObject({ status: 409, message: 'no camera is open' });
    await t.act({ action: 'select-district', district: '11110' });
    await t.act({ action: 'open-nearest-camera' });
    expect(t.view().camera).toBe('city-hall');
    await t.act({ action: 'back' });
    expect(t.view()).toMatchObject({ page: 'district', camera: null });
    expect(await t.refused({ action: 'open-camera', camera: 'nowhere' })).toMatchObject({ status: 404, message: 'no such camera "nowhere"' });
  });

  it('without cameras: open-camera is 404 "no such camera", next-camera 409', async () => {
    const t = setup({ cameras: false });
    expect(await t.refused({ action: 'open-camera', camera: 'x' })).toMatchObject({ status: 404, message: 'no such camera (no camera is configured)' });
    expect(await t.refused({ action: 'next-camera' })).toMatchObject({ status: 409, message: 'no cameras configured' });
    expect(await t.refused({ action: 'open-nearest-camera' })).toMatchObject({ status: 409, message: 'no cameras configured' });
  });

  it('answers 409 naming the missing capability, and calls the one offered', async () => {
    const t = setup();
    expect(await t.refused({ action: 'wake' })).toMatchObject({ status: 409, message: 'no display power backend' });
    expect(await t.refused({ action: 'listen' })).toMatchObject({ status: 409, message: 'voice not configured' });
    const calls: string[] = [];
    const handler: CapabilityHandler = (a, screen) => void calls.push(`${a.action}@${screen}`);
    const withdraw = t.svc.offer('voice', 'voice-bridge', handler);
    t.svc.offer('display-power', 'power', handler);
    await t.act({ action: 'listen' }, 'gesture', 'serial:desk');
    expect(t.svc.state('wall')!.listening).toBe(true);
    t.tick(6_001);
    expect(t.svc.state('wall')!.listening).toBe(false);
    await t.act({ action: 'mute' });
    expect(t.svc.state('wall')!.muted).toBe(true);
    expect(await t.refused({ action: 'listen' })).toMatchObject({ status: 409 });
    await t.act({ action: 'unmute' });
    await t.act({ action: 'sleep' });
    expect(t.svc.state('wall')!.power).toBe('asleep');
    await t.act({ action: 'keep-awake', minutes: 30 });
    expect(t.svc.get('wall')!.keepAwakeUntil).toBe(T0 + 6_001 + 30 * 60_000);
    expect(calls).toEqual(['listen@wall', 'mute@wall', 'unmute@wall', 'sleep@wall', 'keep-awake@wall']);
    withdraw();
    expect(await t.refused({ action: 'listen' })).toMatchObject({ status: 409, message: 'voice not configured' });
  });

  it('holds an order for confirmation, shows it, and carries it out only on confirm', async () => {
    const t = setup();
    expect(await t.refused({ action: 'order', template: 'report' })).toMatchObject({ status: 409 }); // nothing open
    await t.act({ action: 'navigate', page: 'urban', item: 'incident:inc-1' });
    const held = await t.act({ action: 'order', template: 'report' }, 'voice', 'voice:mic');
    expect(held.outcome).toBe('pending');
    expect(t.orders).toHaveLength(0);
    expect(t.svc.state('wall')!.pending).toMatchObject({ action: 'order', label: { en: 'Send this order to the city?', ko: '이 지시를 시로 보낼까요?' } });
    const done = await t.act({ action: 'confirm' }, 'gesture', 'serial:desk');
    expect(done.orderId).toBe('ord-1');
    expect(t.orders).toEqual([{ text: 'Report on incident:inc-1 by 12:00', ref: 'inc-1', screen: 'wall', via: 'voice', principal: 'voice:mic' }]);
    expect(t.svc.state('wall')!.pending).toBeNull();
    expect(await t.refused({ action: 'confirm' })).toMatchObject({ status: 409, message: 'nothing is waiting for confirmation' });
  });

  it('cancels a pending action, and lets one expire after the configured time', async () => {
    const t = setup();
    await t.act({ action: 'navigate', page: 'urban', item: 'incident:inc-1' });
    await t.act({ action: 'order', template: 'status-update' });
    await t.act({ action: 'cancel' });
    expect(t.svc.state('wall')!.pending).toBeNull();
    await t.svc.dispatch({ action: 'home' }, 'voice', 'voice:mic', { confirm: true });
    expect(t.view().page).toBe('urban');
    t.tick(19_999);
    expect(t.svc.state('wall')!.pending).not.toBeNull();
    t.tick(2);
    expect(t.svc.state('wall')!.pending).toBeNull();
    expect(t.view().page).toBe('urban');
    expect(t.orders).toHaveLength(0);
    const outcomes = t.svc.log().map((r) => `${r.action}:${r.outcome}`);
    expect(outcomes.slice(0, 5)).toEqual(['home:expired', 'home:pending', 'cancel:done', 'order:cancelled', 'order:pending']);
  });

  it('shows a caption for a few seconds without touching the history; help on and off', async () => {
    const t = setup();
    await t.act({ action: 'navigate', page: 'urban' });
    const historyBefore = t.svc.get('wall')!.history.length;
    await t.act({ action: 'caption', text: 'heard: next page' }, 'voice', 'voice:mic');
    expect(t.svc.state('wall')!.caption).toBe('heard: next page');
    t.tick(5_001);
    expect(t.svc.state('wall')!.caption).toBeNull();
    expect(t.svc.get('wall')!.history).toHaveLength(historyBefore);
    await t.act({ action: 'show-help' }, 'gesture', 'serial:desk');
    expect(t.svc.state('wall')!.help).toBe(true);
    await t.act({ action: 'hide-help' });
    expect(t.svc.state('wall')!.help).toBe(false);
  });

  it('records who asked, from the principal, for every dispatch and refusal', async () => {
    const t = setup();
    await t.act({ action: 'navigate', page: 'opinion' }, 'api', 'api');
    await t.act({ screen: 'tablet-1', action: 'home' }, 'touch', 'device:tablet-1');
    await t.refused({ action: 'fly' });
    const log = t.svc.log();
    expect(log.map((r) => [r.screen, r.action, r.source, r.principal, r.outcome])).toEqual([
      ['wall', 'fly', 'touch', 'loopback:wall', '400'],
      ['tablet-1', 'home', 'touch', 'device:tablet-1', 'done'],
      ['wall', 'navigate', 'api', 'api', 'done'],
    ]);
  });

  it('persists the screens: a new service over the same store finds them', async () => {
    const t = setup();
    await t.act({ action: 'navigate', page: 'pledges' });
    const again = new ActionsService({
      store: t.store, bus: t.bus, catalog: t.catalog, log: createLogger('silent'), navigator: () => nav, screens: () => ['wall'],
      orders: () => ({ id: 'x' }), office: { language: 'en', timeZone: 'Asia/Seoul' },
    });
    expect(again.get('wall')!.view.page).toBe('pledges');
  });

  it('announces every change on the bus, with the screen and its public state', async () => {
    const t = setup();
    await t.act({ action: 'navigate', page: 'urban' });
    expect(t.changes.at(-1)).toMatchObject({ screen: 'wall', source: 'touch', state: { page: 'urban', help: false, pending: null } });
  });
});
