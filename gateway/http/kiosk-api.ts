// The gateway's side of the kiosk contract (docs/kiosk.md): heartbeats from
// the wall pages, and the kiosk launcher's restart report. Both are bounded in
// gateway/kiosk/heartbeats.ts; /healthz shows them under `screens`.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ScreenHeartbeats } from '../kiosk/heartbeats.js';
import { heartbeatBodySchema, kioskEventSchema, screenIdSchema } from '../kiosk/heartbeats.js';
import { requireAccess, type AccessConfig } from './access.js';
import { crossSiteGuard } from './cross-site.js';

export function createKioskApi(deps: { heartbeats: ScreenHeartbeats; access: AccessConfig; knows(screen: string): boolean; now?: () => number }): Hono {
  const now = deps.now ?? Date.now;
  const api = new Hono();
  const small = bodyLimit({ maxSize: 1024, onError: (c) => c.json({ error: 'body too large (1 KiB at most)' }, 413) });
  const screenOf = (id: string) => (screenIdSchema.safeParse(id).success && deps.knows(id) ? id : null);

  api.post('/screens/:screen/heartbeat', crossSiteGuard(), requireAccess(deps.access, ['loopback', 'device']), small, async (c) => {
    const screen = screenOf(c.req.param('screen'));
    if (!screen) return c.json({ error: 'no such screen' }, 404);
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return c.json({ error: 'expected a JSON object or nothing' }, 400);
    }
    const parsed = heartbeatBodySchema.safeParse(body);
    if (!parsed.success) return c.json({ error: 'expected {"page": "..."} or nothing' }, 400);
    const r = deps.heartbeats.beat(screen, now(), parsed.data?.page);
    return c.json({ result: r }, r === 'full' ? 503 : 200);
  });

  api.post('/screens/:screen/kiosk', crossSiteGuard(), requireAccess(deps.access, ['loopback']), small, async (c) => {
    const screen = screenOf(c.req.param('screen'));
    if (!screen) return c.json({ error: 'no such screen' }, 404);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'expected a JSON object' }, 400);
    }
    const parsed = kioskEventSchema.safeParse(body);
    if (!parsed.success) return c.json({ error: 'expected {"restarts","exits","lastRestart"}' }, 400);
    return c.json({ result: deps.heartbeats.kioskEvent(screen, parsed.data) });
  });
  return api;
}
