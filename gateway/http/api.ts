// Read API and orders: JSON over HTTP, validated at the edge with zod.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { Bus } from '../bus.js';
import type { EntityKind } from '../contract/messages.js';
import type { EntityRow } from '../store/types.js';
import { idSlug } from '../contract/payloads.js';
import { isoWithOffset } from '../store/time.js';
import { requireAccess, type AccessConfig, type Principal } from './access.js';
import { crossSiteGuard, type CrossSiteReason } from './cross-site.js';
import { requireJson } from './content-type.js';
import { limitBody } from './request-guards.js';

/** The largest order body (its text is at most 2,000 characters). */
export const MAX_ORDER_BODY_BYTES = 16 * 1024;

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const slugParam = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/).optional();

export const orderBody = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  ref: idSlug.nullable().optional(),
  source: z.strictObject({
    screen: idSlug.nullable().optional(),
    via: z.enum(['touch', 'voice', 'gesture', 'api']).default('api'),
  }).optional(),
});

function badRequest(error: z.ZodError) {
  return { error: 'invalid request', problems: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) };
}

/**
 * An entity as JSON: the payload's own fields win (incidents and complaints carry
 * a contract `receivedAt`); the gateway's receive time is always `gatewayReceivedAt`.
 */
function entityJson(r: EntityRow): Record<string, unknown> {
  const gatewayReceivedAt = new Date(r.receivedAt).toISOString();
  return { id: r.id, ts: r.ts, receivedAt: gatewayReceivedAt, ...r.data, gatewayReceivedAt };
}

const ENTITY_ROUTES: Record<string, EntityKind> = {
  incidents: 'incident', complaints: 'complaint', polls: 'poll', pledges: 'pledge', trends: 'trend',
};

export function createApi(deps: { store: Store; bus: Bus; access: AccessConfig; now?: () => number; onCrossSite?: (reason: CrossSiteReason, c: Context) => void }): Hono {
  const { store, bus, access } = deps;
  const now = deps.now ?? Date.now;
  const api = new Hono();
  const read = requireAccess(access, ['loopback', 'device', 'api']);

  for (const [path, kind] of Object.entries(ENTITY_ROUTES)) {
    api.get(`/${path}`, read, (c) => {
      const q = listQuery.safeParse(c.req.query());
      if (!q.success) return c.json(badRequest(q.error), 400);
      const items = store.listEntities(kind, q.data).map(entityJson);
      return c.json({ items, total: store.countEntities(kind), ...q.data });
    });
    api.get(`/${path}/:id`, read, (c) => {
      const row = store.getEntity(kind, c.req.param('id'));
      return row ? c.json(entityJson(row)) : c.json({ error: 'not found' }, 404);
    });
  }

  api.get('/indicator-defs', read, (c) => c.json({ items: store.indicatorDefs().map((d) => ({ ...d.data, receivedAt: new Date(d.receivedAt).toISOString() })) }));

  const indicatorQuery = listQuery.extend({ indicator: slugParam, district: slugParam, gender: slugParam, ageBand: slugParam, period: slugParam });
  api.get('/indicators', read, (c) => {
    const q = indicatorQuery.safeParse(c.req.query());
    if (!q.success) return c.json(badRequest(q.error), 400);
    const items = store.indicatorValues(q.data).map(({ tsMs: _t, receivedAt, ...r }) => ({ ...r, receivedAt: new Date(receivedAt).toISOString() }));
    return c.json({ items, limit: q.data.limit, offset: q.data.offset });
  });

  const urbanQuery = listQuery.extend({ metric: slugParam, district: slugParam });
  api.get('/urban', read, (c) => {
    const q = urbanQuery.safeParse(c.req.query());
    if (!q.success) return c.json(badRequest(q.error), 400);
    const items = store.urbanLatest(q.data).map(({ tsMs: _t, receivedAt, ...r }) => ({ ...r, receivedAt: new Date(receivedAt).toISOString() }));
    return c.json({ items, limit: q.data.limit, offset: q.data.offset });
  });

  api.get('/rejected', read, (c) => {
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) return c.json(badRequest(q.error), 400);
    return c.json({ items: store.listRejected(q.data).map((r) => ({ ...r, at: new Date(r.at).toISOString() })) });
  });

  // Orders: an API or device token is required (a loopback page gives orders through its own screen actions).
  const order = requireAccess(access, ['api', 'device']);
  api.post('/orders', crossSiteGuard({ onRefused: deps.onCrossSite }), order, requireJson(), limitBody(MAX_ORDER_BODY_BYTES), async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'invalid request', problems: ['(body): expected a JSON object'] }, 400);
    }
    const parsed = orderBody.safeParse(body);
    if (!parsed.success) return c.json(badRequest(parsed.error), 400);
    const who = c.get('principal' as never) as Principal;
    const ms = now();
    const row = store.enqueueOrder({
      text: parsed.data.text,
      ref: parsed.data.ref ?? null,
      screen: parsed.data.source?.screen ?? (who.kind === 'device' ? who.id : null),
      via: parsed.data.source?.via ?? 'api',
      nowMs: ms,
      createdAt: isoWithOffset(ms),
    });
    bus.emit('order:changed', { id: row.id, state: 'queued' });
    return c.json({ id: row.id, state: row.state, createdAt: row.createdAt }, 202);
  });
  api.get('/orders', requireAccess(access, ['loopback', 'device', 'api']), (c) => {
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) return c.json(badRequest(q.error), 400);
    return c.json({ items: store.listOrders(q.data), pending: store.pendingOrderCount() });
  });
  api.get('/orders/:id', requireAccess(access, ['loopback', 'device', 'api']), (c) => {
    const o = store.getOrder(c.req.param('id'));
    return o ? c.json(o) : c.json({ error: 'not found' }, 404);
  });
  return api;
}
