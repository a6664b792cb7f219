// The gateway's side of the kiosk contract (docs/kiosk.md): heartbeats from
// the wall pages and kiosk events from the kiosk's launcher, kept per screen
// in a bounded table, and the `screens` object of GET /healthz. Pure state:
// the HTTP routes (gateway/http) parse the body with the schemas below, call
// beat()/kioskEvent(), and count what they reject.
import { z } from 'zod';

export const screenIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a screen id slug');

/** Body of POST /api/v1/screens/{screen}/heartbeat (optional: an empty body is a heartbeat too). */
export const heartbeatBodySchema = z.strictObject({ page: z.string().max(256).optional() }).optional();

/** Body of POST /api/v1/screens/{screen}/kiosk, sent by scripts/kiosk/supervisor.ts. */
export const kioskEventSchema = z.strictObject({
  restarts: z.number().int().min(0).max(1e9),
  exits: z.number().int().min(0).max(1e9),
  lastRestart: z.strictObject({ at: z.number().int().min(0), reason: z.string().max(64) }).nullable(),
});
export type KioskEvent = z.infer<typeof kioskEventSchema>;

export interface ScreenHealth {
  lastHeartbeatMs: number;
  ageMs: number;
  page?: string;
  kioskRestarts?: number;
  lastKioskRestart?: { at: number; reason: string } | null;
}

/** A screen as the setup page lists it: null where nothing was heard (no heartbeat yet, no kiosk report). */
export interface ScreenRow {
  id: string;
  lastHeartbeatMs: number | null;
  ageMs: number | null;
  page: string | null;
  kioskRestarts: number | null;
  lastKioskRestart: { at: number; reason: string } | null;
}

export interface HeartbeatOptions {
  /** At most this many screens are tracked; a new one beyond is refused (default 32). */
  maxScreens?: number;
  /** Beats closer than this per screen are ignored (default 1000 ms). */
  minIntervalMs?: number;
}

export type BeatResult = 'accepted' | 'too-soon' | 'full';

interface Entry { last: number; page?: string; kiosk?: KioskEvent }

export class ScreenHeartbeats {
  private readonly screens = new Map<string, Entry>();
  private readonly maxScreens: number;
  private readonly minIntervalMs: number;
  readonly stats = { accepted: 0, tooSoon: 0, full: 0 };

  constructor(o: HeartbeatOptions = {}) {
    this.maxScreens = o.maxScreens ?? 32;
    this.minIntervalMs = o.minIntervalMs ?? 1000;
  }

  /** A heartbeat from `screen` (already validated with screenIdSchema). */
  beat(screen: string, now: number, page?: string): BeatResult {
    const e = this.screens.get(screen);
    if (!e && this.screens.size >= this.maxScreens) {
      this.stats.full++;
      return 'full';
    }
    if (e && e.last >= 0 && now - e.last < this.minIntervalMs) {
      this.stats.tooSoon++;
      return 'too-soon';
    }
    this.screens.set(screen, { ...e, last: now, ...(page !== undefined ? { page } : {}) });
    this.stats.accepted++;
    return 'accepted';
  }

  /** The kiosk's own report after a watchdog restart (no heartbeat implied). */
  kioskEvent(screen: string, event: KioskEvent): BeatResult {
    const e = this.screens.get(screen);
    if (!e) {
      if (this.screens.size >= this.maxScreens) {
        this.stats.full++;
        return 'full';
      }
      // Known by its kiosk only: no heartbeat yet (last = -1 marks it; not reported as a beat).
      this.screens.set(screen, { last: -1, kiosk: event });
      return 'accepted';
    }
    e.kiosk = event;
    return 'accepted';
  }

  /** Every screen known since start, by id, with those known by their kiosk only (no heartbeat yet): the setup page's table. */
  rows(now: number): ScreenRow[] {
    return [...this.screens].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, e]) => ({
      id,
      lastHeartbeatMs: e.last < 0 ? null : e.last,
      ageMs: e.last < 0 ? null : Math.max(0, now - e.last),
      page: e.page ?? null,
      kioskRestarts: e.kiosk?.restarts ?? null,
      lastKioskRestart: e.kiosk?.lastRestart ?? null,
    }));
  }

  /** `screens` of GET /healthz: one entry per screen that has sent a heartbeat since start. */
  snapshot(now: number): Record<string, ScreenHealth> {
    const out: Record<string, ScreenHealth> = {};
    for (const [id, e] of this.screens) {
      if (e.last < 0) continue;
      out[id] = {
        lastHeartbeatMs: e.last,
        ageMs: Math.max(0, now - e.last),
        ...(e.page !== undefined ? { page: e.page } : {}),
        ...(e.kiosk ? { kioskRestarts: e.kiosk.restarts, lastKioskRestart: e.kiosk.lastRestart } : {}),
      };
    }
    return out;
  }
}
