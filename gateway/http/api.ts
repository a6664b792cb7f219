// Read API and orders: JSON over HTTP, validated at the edge with zod.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { Bus } from '../bus.js';
import type { EntityKind } from '../contract/messages.js';
import type { EntityRow } from '../store/types.js';
import { ORDER_STATES, type OrderRow } from '../store/types.js';
import type { MetricsPort } from '../metrics.js';
import { OrderDesk } from '../orders/desk.js';
import { DEFAULT_TIME_ZONE } from '../util/time.js';
import { idempotencyKey, orderInput } from '../orders/input.js';
import { principalLabel, requireAccess, type AccessConfig, type Principal } from './access.js';
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

/** What POST /orders answers: the order's id, state and times (GET /orders/{id} has the rest). */
function orderAnswer(o: OrderRow) {
  return { id: o.id, state: o.state, createdAt: o.createdAt, principal: o.principal, test: o.test };
}

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

export interface ApiOrdersConfig {
  /** core config orders.perPrincipalPerMinute */
  perPrincipalPerMinute: number;
  /** office.timezone (DEFAULT_TIME_ZONE when absent) */
  timeZone?: string;
}

export interface ApiDeps {
  store: Store; bus: Bus; access: AccessConfig; now?: () => number; onCrossSite?: (reason: CrossSiteReason, c: Context) => void;
  /** The order desk shared with the screen actions (one rate limit per principal); one of its own when absent. */
  desk?: OrderDesk; orders?: ApiOrdersConfig; metrics?: MetricsPort;
}

export function createApi(deps: ApiDeps): Hono {
  const api = new Hono();
  cityRoutes(api, deps.store, requireAccess(deps.access, ['loopback', 'device', 'api']));
  orderRoutes(api, deps);
  return api;
}

/** The city's data as the store holds it, for anyone on loopback or with a device or API token. */
function cityRoutes(api: Hono, store: Store, read: MiddlewareHandler): void {

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
}

/** Giving orders (an API or device token: a loopback page gives orders through its own screen actions) and reading them. */
function orderRoutes(api: Hono, deps: ApiDeps): void {
  const { store, bus, access } = deps;
  const desk = deps.desk ?? new OrderDesk({ store, bus, metrics: deps.metrics, now: deps.now, perPrincipalPerMinute: deps.orders?.perPrincipalPerMinute ?? 120, timeZone: deps.orders?.timeZone ?? DEFAULT_TIME_ZONE });
  const order = requireAccess(access, ['api', 'device']);
  api.post('/orders', crossSiteGuard({ onRefused: deps.onCrossSite }), order, requireJson(), limitBody(MAX_ORDER_BODY_BYTES), async (c) => {
    const key = c.req.header('idempotency-key');
    const parsedKey = key === undefined ? null : idempotencyKey.safeParse(key);
    if (parsedKey && !parsedKey.success) return c.json({ error: 'invalid request', problems: [`Idempotency-Key: ${parsedKey.error.issues[0]?.message ?? 'invalid'}`] }, 400);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'invalid request', problems: ['(body): expected a JSON object'] }, 400);
    }
    const parsed = orderInput.safeParse(body);
    if (!parsed.success) return c.json(badRequest(parsed.error), 400);
    const who = c.get('principal' as never) as Principal;
    const r = desk.accept(parsed.data, {
      principal: principalLabel(who, parsed.data.source?.screen ?? 'wall'),
      idempotencyKey: parsedKey?.data ?? null,
      defaultScreen: who.kind === 'device' ? who.id : null,
    });
    switch (r.status) {
      case 'rate-limited':
        return c.json({ error: 'too many orders', retryAfterSeconds: r.retryAfterSeconds }, 429, { 'retry-after': String(r.retryAfterSeconds) });
      case 'conflict':
        return c.json({ error: r.error }, 409);
      default:
        // 202: accepted, on disk, owed to the city; 200: a retry, the first order as it stands now.
        return c.json(orderAnswer(r.order), r.status === 'created' ? 202 : 200, { location: `/api/v1/orders/${r.order.id}` });
    }
  });
  const readOrders = requireAccess(access, ['loopback', 'device', 'api']);
  const ordersQuery = listQuery.extend({ state: z.enum(ORDER_STATES).optional() });
  api.get('/orders', readOrders, (c) => {
    const q = ordersQuery.safeParse(c.req.query());
    if (!q.success) return c.json(badRequest(q.error), 400);
    return c.json({ items: store.listOrders(q.data), pending: store.pendingOrderCount(), counts: store.orders.counts() });
  });
  api.get('/orders/:id', readOrders, (c) => {
    const o = store.getOrder(c.req.param('id'));
    return o ? c.json(o) : c.json({ error: 'not found' }, 404);
  });
}
