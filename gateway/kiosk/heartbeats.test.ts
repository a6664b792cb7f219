import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScreenHeartbeats, heartbeatBodySchema, kioskEventSchema, screenIdSchema } from './heartbeats.js';
import { observeHealth } from '../../scripts/kiosk/watchdog.js';

describe('screen heartbeats (the gateway side of the kiosk contract)', () => {
  it('reports each screen with its last heartbeat and age, in the shape the kiosk watchdog reads', () => {
    const h = new ScreenHeartbeats();
    expect(h.beat('wall', 1000, '/urban')).toBe('accepted');
    const screens = h.snapshot(4000);
    expect(screens).toEqual({ wall: { lastHeartbeatMs: 1000, ageMs: 3000, page: '/urban' } });
    // What the kiosk sees in /healthz: the same object under `screens`.
    expect(observeHealth(200, JSON.stringify({ status: 'ok', screens }), 'wall')).toEqual({ kind: 'up', reportsHeartbeats: true, heartbeatAgeMs: 3000 });
    expect(observeHealth(200, JSON.stringify({ status: 'ok', screens: new ScreenHeartbeats().snapshot(0) }), 'wall')).toEqual({ kind: 'up', reportsHeartbeats: true, heartbeatAgeMs: null });
  });

  it('ignores beats closer than the minimum interval and bounds the number of screens', () => {
    const h = new ScreenHeartbeats({ maxScreens: 2, minIntervalMs: 1000 });
    expect(h.beat('a', 0)).toBe('accepted');
    expect(h.beat('a', 500)).toBe('too-soon');
    expect(h.beat('a', 1000)).toBe('accepted');
    expect(h.beat('b', 0)).toBe('accepted');
    expect(h.beat('c', 0)).toBe('full');
    expect(h.stats).toEqual({ accepted: 3, tooSoon: 1, full: 1 });
    expect(Object.keys(h.snapshot(2000))).toEqual(['a', 'b']);
  });

  it('a flood of screen ids stays bounded', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 64 }), { maxLength: 500 }), (ids) => {
      const h = new ScreenHeartbeats({ maxScreens: 8 });
      ids.forEach((id, i) => h.beat(id, i * 2000));
      return Object.keys(h.snapshot(1e9)).length <= 8;
    }));
  });

  it('kiosk events show as restarts of a screen that heartbeats', () => {
    const h = new ScreenHeartbeats();
    h.kioskEvent('wall', { restarts: 1, exits: 0, lastRestart: { at: 5, reason: 'heartbeat-stale' } });
    expect(h.snapshot(10)).toEqual({});
    h.beat('wall', 20);
    expect(h.snapshot(30)).toEqual({ wall: { lastHeartbeatMs: 20, ageMs: 10, kioskRestarts: 1, lastKioskRestart: { at: 5, reason: 'heartbeat-stale' } } });
  });

  it('lists every screen for the setup page, those known by their kiosk only too, by id', () => {
    const h = new ScreenHeartbeats();
    h.kioskEvent('lobby', { restarts: 3, exits: 1, lastRestart: { at: 5, reason: 'no-heartbeat' } });
    h.beat('wall', 20, '/urban');
    expect(h.rows(50)).toEqual([
      { id: 'lobby', lastHeartbeatMs: null, ageMs: null, page: null, kioskRestarts: 3, lastKioskRestart: { at: 5, reason: 'no-heartbeat' } },
      { id: 'wall', lastHeartbeatMs: 20, ageMs: 30, page: '/urban', kioskRestarts: null, lastKioskRestart: null },
    ]);
  });

  it('validates ids and bodies at the edge', () => {
    expect(screenIdSchema.safeParse('wall').success).toBe(true);
    expect(screenIdSchema.safeParse('../x').success).toBe(false);
    expect(heartbeatBodySchema.safeParse(undefined).success).toBe(true);
    expect(heartbeatBodySchema.safeParse({ page: '/urban' }).success).toBe(true);
    expect(heartbeatBodySchema.safeParse({ page: 'x'.repeat(300) }).success).toBe(false);
    expect(kioskEventSchema.safeParse({ restarts: 1, exits: 2, lastRestart: null }).success).toBe(true);
    expect(kioskEventSchema.safeParse({ restarts: -1, exits: 2, lastRestart: null }).success).toBe(false);
  });
});
