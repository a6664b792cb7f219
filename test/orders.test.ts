// Orders from the office to the city: store-and-forward through a broker
// outage, a gateway restart and a SIGKILL right after the 202, delivered QoS 1
// by id, marked sent, then received with the city's order status shown back
// on them; a retried POST (same Idempotency-Key) is one order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, freePort, getJson, httpJson, items, metric, sleep, waitFor, writeConfig, type Gateway, type Mosquitto } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const OFFICE = 'orders-office';
const TOKEN = 'orders-test-token-0123456789';
const CITY_SUB = { clientId: 'city-orders-desk', clean: false, properties: { sessionExpiryInterval: 3600 } };
const rig = new Rig('orders');
let port: number;
let brokerDir: string;
let configPath: string;
let gw: Gateway;
let broker: Mosquitto | null = null;
type OrderBody = { text: string; ref?: string; source?: { screen?: string; via?: string }; test?: boolean };
const posted: ({ id: string } & OrderBody)[] = [];

interface OrderItem { id: string; text: string; ref: string | null; state: string; principal: string; test: boolean; city: { status: string; note?: string | null; by?: string | null; ts?: string } | null }

async function postOrder(body: OrderBody, key?: string) {
  const res = await httpJson<{ id: string }>(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body: JSON.stringify(body), headers: key ? { 'idempotency-key': key } : {} });
  expect(res.status).toBe(202);
  expect(typeof res.body.id).toBe('string');
  posted.push({ id: res.body.id, ...body });
  return res.body.id;
}

beforeAll(async () => {
  port = await freePort();
  brokerDir = rig.tempDir('broker');
  // The city's order desk subscribes once with a persistent session, so the broker
  // queues orders for it from the moment it comes back, whoever connects first.
  const b = await rig.mosquitto({ persistence: true, dir: brokerDir, port });
  const desk = await rig.client(b.url, CITY_SUB);
  await desk.subscribeAsync(fx.topics.orders('+'), { qos: 1 });
  await desk.endAsync();
  await b.stop();
  configPath = writeConfig(rig.tempDir('config'), { officeId: OFFICE, upstreamUrl: `mqtt://127.0.0.1:${port}`, reconnectMinMs: 200, reconnectMaxMs: 1000 });
  gw = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN } });
  await gw.waitHealthy();
}, 60_000);
afterAll(() => rig.cleanup());

describe('orders', () => {
  it('refuses orders without the API token or with a wrong one (401)', async () => {
    const body = JSON.stringify({ text: 'no token' });
    expect((await httpJson(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', body })).status).toBe(401);
    expect((await httpJson(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', body, token: 'wrong-token-0123456789' })).status).toBe(401);
    expect((await httpJson(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', body, headers: { authorization: `Basic ${Buffer.from('a:' + TOKEN).toString('base64')}` } })).status).toBe(401);
    expect((await items(gw, '/api/v1/orders'))).toEqual([]);
  });

  it('refuses a malformed order (400)', async () => {
    const bad = await httpJson(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body: JSON.stringify({ ref: 'x' }) });
    expect(bad.status).toBe(400);
  });

  it('accepts orders while the city broker is down (202) and keeps them queued', async () => {
    const h = await gw.health();
    expect(h.status).toBe(200);
    expect(h.body.upstream.connected).toBe(false);
    await postOrder({ text: 'Report on incident inc-20261123-0042 by 15:00', ref: 'inc-20261123-0042', source: { screen: 'wall', via: 'voice' } });
    await postOrder({ text: 'Send the air quality summary', source: { via: 'touch' } });
    await postOrder({ text: 'Call back about complaint cmp-88213', ref: 'cmp-88213' });
    await postOrder({ text: '강남구 침수 대비 현황 보고', source: { screen: 'tablet-1', via: 'gesture' } });
    await postOrder({ text: 'Order with "quotes" and <markup>' });
    await postOrder({ text: 'Setup check from the technician', test: true });
    const list = await items<OrderItem>(gw, '/api/v1/orders');
    expect(list.map((o) => o.id).sort()).toEqual(posted.map((p) => p.id).sort());
    expect(list.every((o) => o.state === 'queued' && o.principal === 'api')).toBe(true);
    expect(list.filter((o) => o.test).map((o) => o.text)).toEqual(['Setup check from the technician']);
    expect(await metric(gw, 'scpm_outbox_pending')).toBe(6);
  });

  it('a POST retried with the same Idempotency-Key is one order (200, same id)', async () => {
    const body = { text: 'Report on the Gangnam flood barriers by 17:00', ref: 'inc-20261123-0042' };
    const id = await postOrder(body, 'desk-2026-11-29-001');
    for (let i = 0; i < 3; i++) {
      const again = await httpJson<{ id: string; state: string }>(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body: JSON.stringify(body), headers: { 'idempotency-key': 'desk-2026-11-29-001' } });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id, state: 'queued' });
    }
    expect((await items<OrderItem>(gw, '/api/v1/orders')).filter((o) => o.text === body.text)).toHaveLength(1);
    expect(await metric(gw, 'scpm_outbox_pending')).toBe(7);
  });

  it('keeps queued orders across a gateway restart (SIGTERM, new process, same data dir)', async () => {
    const exit = await gw.stop();
    expect(exit.code).toBe(0);
    expect(exit.forced).toBe(false);
    gw = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN }, dataDir: gw.dataDir });
    await gw.waitHealthy();
    const list = await items<OrderItem>(gw, '/api/v1/orders');
    expect(list).toHaveLength(7);
    expect(list.every((o) => o.state === 'queued')).toBe(true);
    await postOrder({ text: 'One more after the restart' });
    await postOrder({ text: 'And another', ref: 'pledge-07', source: { screen: 'wall', via: 'api' } });
    expect(await metric(gw, 'scpm_outbox_pending')).toBe(9);
  });

  it('keeps an order answered 202 through a SIGKILL right after the answer', async () => {
    const id = await postOrder({ text: 'Written just before the power went', ref: 'cmp-88213' });
    const killed = await gw.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    gw = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN }, dataDir: gw.dataDir });
    await gw.waitHealthy();
    const list = await items<OrderItem>(gw, '/api/v1/orders');
    expect(list.find((o) => o.id === id)).toMatchObject({ state: 'queued', text: 'Written just before the power went', principal: 'api' });
    expect(list).toHaveLength(10);
    expect(await metric(gw, 'scpm_outbox_pending')).toBe(10);
  });

  it('delivers every order to the city, exactly once by id, when the broker is back', async () => {
    broker = await rig.mosquitto({ persistence: true, dir: brokerDir, port });
    await gw.waitConnected(15_000);
    const got: { topic: string; body: Record<string, unknown> }[] = [];
    await rig.client(broker.url, CITY_SUB, (topic, payload) => got.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
    await waitFor(() => new Set(got.map((g) => g.body.id)).size >= posted.length, { timeoutMs: 15_000, what: `${posted.length} orders at the city` });
    await sleep(500); // room for a duplicate to show up
    expect(got.map((g) => g.body.id).sort()).toEqual(posted.map((p) => p.id).sort());
    for (const g of got) {
      expect(g.topic).toBe(fx.topics.orders(OFFICE));
      const p = posted.find((x) => x.id === g.body.id)!;
      expect(g.body).toMatchObject({ id: p.id, text: p.text, ref: p.ref ?? null });
      expect(typeof g.body.createdAt).toBe('string');
      expect(Number.isNaN(Date.parse(g.body.createdAt as string))).toBe(false);
      expect(g.body.source).toMatchObject({ via: p.source?.via ?? 'api', screen: p.source?.screen ?? null });
      // The contract's optional test flag: present on a technician's test order only.
      expect(g.body.test).toBe(p.test ? true : undefined);
    }
  }, 40_000);

  it('shows them as sent', async () => {
    await waitFor(async () => (await items<OrderItem>(gw, '/api/v1/orders')).every((o) => o.state === 'sent'), { timeoutMs: 10_000, what: 'every order marked sent' });
    expect(await metric(gw, 'scpm_outbox_pending')).toBe(0);
  });

  it('moves an order to received on the city\'s order-status, and shows the city\'s later statuses', async () => {
    const id = posted[0]!.id;
    const city = await rig.client(broker!.url);
    const received = fx.orderStatus(id, 'received', fx.at(-1000));
    await city.publishAsync(fx.topics.orderStatus(OFFICE, id), JSON.stringify(received), { qos: 1, retain: true });
    let order = await waitFor(async () => (await items<OrderItem>(gw, '/api/v1/orders')).find((o) => o.id === id && o.city !== null), { what: 'the city status on the order' });
    expect(order).toMatchObject({ state: 'received', city: { status: 'received' } });
    const status = fx.orderStatus(id, 'in-progress');
    await city.publishAsync(fx.topics.orderStatus(OFFICE, id), JSON.stringify(status), { qos: 1, retain: true });
    order = await waitFor(async () => (await items<OrderItem>(gw, '/api/v1/orders')).find((o) => o.id === id && o.city?.status === 'in-progress'), { what: 'the later city status' });
    expect(order).toMatchObject({ state: 'received', city: { status: 'in-progress', note: status.note, by: status.by, ts: status.ts } });
    // Other orders have none, and stay sent.
    const list = await items<OrderItem>(gw, '/api/v1/orders');
    expect(list.filter((o) => o.city !== null)).toHaveLength(1);
    expect(list.filter((o) => o.state === 'sent')).toHaveLength(posted.length - 1);
    expect((await getJson<{ counts: Record<string, number> }>(gw, '/api/v1/orders')).counts).toMatchObject({ received: 1, sent: posted.length - 1, queued: 0, refused: 0 });
  });
});
