// POST/GET /api/v1/orders in process (Hono's app.request, a real store on
// disk): idempotency per principal, the principal recorded, the test flag,
// 409 for a taken id, 429 with Retry-After, states and counts.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { join } from 'node:path';
import { createApi } from './api.js';
import { Store } from '../store/store.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { removeDir, tempDir } from '../../scripts/rig/tmp.js';

const API = 'api-token-0123456789abcdef';
const TABLET = 'tablet-token-0123456789abcdef';
let dir: string;
let store: Store;
let bus: Bus;
let metrics: Metrics;
let t: number;
let events: { id: string; state: string }[];

function app(perPrincipalPerMinute = 120) {
  return createApi({
    store, bus, metrics, now: () => t, orders: { perPrincipalPerMinute },
    access: { apiToken: API, deviceTokens: [{ id: 'tablet-1', token: TABLET }], allowedHosts: ['localhost'] },
  });
}

async function post(a: ReturnType<typeof app>, body: unknown, o: { token?: string; key?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  if (o.key !== undefined) headers['idempotency-key'] = o.key;
  const res = await a.request('/orders', { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

beforeEach(() => {
  dir = tempDir('orders-api');
  store = new Store(join(dir, 'scpm.db'), TEST_LIMITS);
  bus = new Bus();
  metrics = new Metrics();
  t = Date.parse('2026-11-29T01:00:00Z');
  events = [];
  bus.on('order:changed', (e) => events.push(e));
});
afterEach(() => {
  store.close();
  removeDir(dir);
});

describe('orders API', () => {
  it('accepts an order (202), records its principal and source, and announces it', async () => {
    const a = app();
    const r = await post(a, { text: 'Report on incident inc-1 by 15:00', ref: 'inc-1', source: { screen: 'wall', via: 'voice' } }, { token: API });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ state: 'queued', principal: 'api', test: false });
    expect(r.headers.get('location')).toBe(`/api/v1/orders/${r.body.id as string}`);
    expect(store.getOrder(r.body.id as string)).toMatchObject({ principal: 'api', source: { screen: 'wall', via: 'voice' }, state: 'queued' });
    expect(events).toEqual([{ id: r.body.id, state: 'queued' }]);
    // A device is its own principal, and its own screen unless it names one.
    const d = await post(a, { text: 'From the tablet' }, { token: TABLET });
    expect(d.status).toBe(202);
    expect(store.getOrder(d.body.id as string)).toMatchObject({ principal: 'device:tablet-1', source: { screen: 'tablet-1', via: 'api' } });
    // No token: refused, nothing stored.
    expect((await post(a, { text: 'anonymous' })).status).toBe(401);
    expect(store.listOrders()).toHaveLength(2);
  });

  it('a retried POST with the same Idempotency-Key returns the first order (200), per principal, for 24 h', async () => {
    const a = app();
    const first = await post(a, { text: 'Call back about cmp-88213' }, { token: API, key: 'desk-42' });
    expect(first.status).toBe(202);
    t += 3_600_000;
    const retry = await post(a, { text: 'Call back about cmp-88213' }, { token: API, key: 'desk-42' });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    // Another principal's key space is its own.
    const other = await post(a, { text: 'Call back about cmp-88213' }, { token: TABLET, key: 'desk-42' });
    expect(other.status).toBe(202);
    expect(other.body.id).not.toBe(first.body.id);
    expect(store.listOrders()).toHaveLength(2);
    expect(events.filter((e) => e.state === 'queued')).toHaveLength(2);
    // Past 24 h the key names a new order.
    t += 23 * 3_600_000 + 1;
    const later = await post(a, { text: 'Call back again' }, { token: API, key: 'desk-42' });
    expect(later.status).toBe(202);
    expect(later.body.id).not.toBe(first.body.id);
    expect(store.orders.byKey('api', 'desk-42')?.id).toBe(later.body.id);
    expect(metrics.counter('scpm_orders_accepted_total', '').get({ outcome: 'existing' })).toBe(1);
  });

  it('a client-chosen id is idempotent for its principal and a conflict for anyone else', async () => {
    const a = app();
    const first = await post(a, { id: 'ord-desk-0001', text: 'Send the air quality summary' }, { token: API });
    expect(first).toMatchObject({ status: 202, body: { id: 'ord-desk-0001' } });
    expect((await post(a, { id: 'ord-desk-0001', text: 'Send the air quality summary' }, { token: API })).status).toBe(200);
    expect((await post(a, { id: 'ord-desk-0001', text: 'mine now' }, { token: TABLET })).status).toBe(409);
    expect((await post(a, { id: 'not a slug!', text: 'x' }, { token: API })).status).toBe(400);
    expect(store.listOrders()).toHaveLength(1);
  });

  it('rejects a malformed Idempotency-Key', async () => {
    const a = app();
    expect((await post(a, { text: 'x' }, { token: API, key: 'a'.repeat(129) })).status).toBe(400);
    expect((await post(a, { text: 'x' }, { token: API, key: 'with space' })).status).toBe(400);
    expect(store.listOrders()).toHaveLength(0);
  });

  it('keeps the test flag of a technician\'s test order', async () => {
    const a = app();
    const r = await post(a, { text: 'Setup check', test: true }, { token: API });
    expect(r.body).toMatchObject({ test: true });
    expect(store.getOrder(r.body.id as string)).toMatchObject({ test: true });
    expect((await post(a, { text: 'x', test: 'yes' }, { token: API })).status).toBe(400);
  });

  it('rate-limits per principal: over the limit → 429 with Retry-After; retries of an existing order are not counted', async () => {
    const a = app(3);
    for (let i = 0; i < 3; i++) expect((await post(a, { text: `o${i}` }, { token: API, key: `k${i}` })).status).toBe(202);
    const over = await post(a, { text: 'o3' }, { token: API });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('20');
    expect(over.body).toMatchObject({ retryAfterSeconds: 20 });
    // An idempotent retry still answers; the device has its own budget.
    expect((await post(a, { text: 'o0' }, { token: API, key: 'k0' })).status).toBe(200);
    expect((await post(a, { text: 'from the tablet' }, { token: TABLET })).status).toBe(202);
    t += 20_000;
    expect((await post(a, { text: 'o3' }, { token: API })).status).toBe(202);
    expect(store.listOrders()).toHaveLength(5);
    expect(metrics.counter('scpm_orders_accepted_total', '').get({ outcome: 'rate-limited' })).toBe(1);
  });

  it('lists orders with their states, counts and a state filter', async () => {
    const a = app();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post(a, { text: `o${i}` }, { token: API })).body.id as string);
    store.orders.markSent(ids[0]!, t);
    store.orders.markRefused(ids[1]!, 0x87, '0x87 Not authorized', t, t + 2000);
    const res = await a.request('/orders', { headers: { authorization: `Bearer ${API}` } });
    const body = (await res.json()) as { items: { id: string; state: string; lastError: string | null; nextAttemptAt: number | null }[]; pending: number; counts: Record<string, number> };
    expect(body.pending).toBe(2);
    expect(body.counts).toEqual({ queued: 1, sent: 1, refused: 1, unconfirmed: 0, received: 0 });
    expect(body.items.find((o) => o.id === ids[1])).toMatchObject({ state: 'refused', lastError: '0x87 Not authorized', nextAttemptAt: t + 2000 });
    const refused = await a.request('/orders?state=refused', { headers: { authorization: `Bearer ${API}` } });
    expect(((await refused.json()) as { items: { id: string }[] }).items.map((o) => o.id)).toEqual([ids[1]]);
    expect((await a.request('/orders?state=lost', { headers: { authorization: `Bearer ${API}` } })).status).toBe(400);
  });
});
