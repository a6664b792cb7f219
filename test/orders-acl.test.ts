// A city broker whose ACL denies the office's orders topic (mosquitto
// acl_file + password_file), seen by the real gateway:
// - MQTT 5: mosquitto answers each publish with PUBACK 0x87 (not authorized).
//   Orders go `refused` with the reason, are retried with a doubling wait
//   (seen on the wire through a tap and in `attempts` over 10 s), logged once
//   each, never dropped: once the ACL allows the topic they are delivered.
// - MQTT 3.1.1: mosquitto acknowledges the denied publish as if delivered, so
//   orders go `sent` and, with no order-status from the city within
//   upstream.orders.unconfirmedAfterSeconds, `unconfirmed`. An order the city
//   answers goes `received` instead.
import { afterAll, describe, expect, it } from 'vitest';
import { Rig, getJson, httpJson, items, metric, publishesById, sleep, waitFor, writeConfig, type Gateway } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const OFFICE = 'acl-office';
const TOKEN = 'acl-test-token-0123456789';
const ORDERS = fx.topics.orders(OFFICE);
const USERS = { city: 'city-desk-pw', [OFFICE]: 'office-pw' };
/** The office may read the city's data and write its status, but not its orders. */
const DENY_ORDERS = ['user city', 'topic readwrite #', `user ${OFFICE}`, 'topic read scpm/v1/#', `topic write scpm/v1/offices/${OFFICE}/status`];
const ALLOW_ORDERS = [...DENY_ORDERS, `topic write ${ORDERS}`];

const rig = new Rig('orders-acl');
afterAll(() => rig.cleanup());

interface OrderItem { id: string; state: string; attempts: number; refusals: number; refusedCode: number | null; lastError: string | null; nextAttemptAt: number | null; sentAt: number | null; city: { status: string } | null }

async function post(gw: Gateway, text: string): Promise<string> {
  const res = await httpJson<{ id: string }>(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body: JSON.stringify({ text }) });
  expect(res.status).toBe(202);
  return res.body.id;
}

const logLines = (gw: Gateway) => gw.logs().flatMap((l) => {
  try {
    return [JSON.parse(l) as { level: number; msg: string; orderId?: string; reasonCode?: number }];
  } catch {
    return [];
  }
});

async function cityDesk(url: string, got: Map<string, number>) {
  return rig.client(url, { username: 'city', password: USERS.city, clientId: 'city-orders-desk', clean: false, properties: { sessionExpiryInterval: 600 } }, (topic, payload) => {
    if (topic !== ORDERS) return;
    const id = String((JSON.parse(payload.toString()) as { id: string }).id);
    got.set(id, (got.get(id) ?? 0) + 1);
  });
}

describe('an ACL denying the orders topic, MQTT 5', () => {
  it('refuses with the reason code, backs off (attempts over 10 s), logs once per order, delivers once allowed', async () => {
    const broker = await rig.mosquitto({ users: USERS, acl: DENY_ORDERS });
    const tap = await rig.tap(broker.port);
    const got = new Map<string, number>();
    const desk = await cityDesk(broker.url, got);
    await desk.subscribeAsync(ORDERS, { qos: 1 });
    const configPath = writeConfig(rig.tempDir('v5-config'), {
      officeId: OFFICE, upstreamUrl: tap.url, reconnectMinMs: 200, reconnectMaxMs: 1000,
      upstream: ['protocolVersion: 5', `username: ${OFFICE}`, `password: ${USERS[OFFICE]}`, 'orders: { retryMinMs: 1000 }'],
    });
    const gw = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN } });
    await gw.waitConnected();

    const ids = [await post(gw, 'Report on incident inc-20261123-0042 by 15:00'), await post(gw, 'Send the air quality summary'), await post(gw, 'Call back about cmp-88213')];
    await waitFor(async () => (await items<OrderItem>(gw, '/api/v1/orders?state=refused')).length === 3, { what: 'three refused orders', timeoutMs: 10_000 });
    const first = Date.now();
    // Watch `attempts` for 10 s.
    const samples: { at: number; attempts: number[] }[] = [];
    while (Date.now() - first < 10_000) {
      const list = await items<OrderItem>(gw, '/api/v1/orders');
      samples.push({ at: Date.now() - first, attempts: ids.map((id) => list.find((o) => o.id === id)!.attempts) });
      await sleep(500);
    }
    const list = await items<OrderItem>(gw, '/api/v1/orders');
    for (const id of ids) {
      const o = list.find((x) => x.id === id)!;
      expect(o).toMatchObject({ state: 'refused', refusedCode: 0x87, lastError: '0x87 Not authorized' });
      expect(o.nextAttemptAt).toBeGreaterThan(Date.now() - 1000);
      // Doubling from 1 s with jitter: 4-5 publishes in the first ~10 s, not hundreds.
      expect(o.attempts).toBeGreaterThanOrEqual(3);
      expect(o.attempts).toBeLessThanOrEqual(6);
    }
    expect(got.size).toBe(0);
    // On the wire: every publish answered 0x87, the waits between them growing. Read once every publish has its
    // answer: a retry can be on its way at the end of the 10 s (its PUBACK a moment later).
    const wire = await waitFor(() => {
      const w = publishesById(tap.events, ORDERS);
      return ids.every((id) => w.get(id)?.every((p) => p.acked !== null)) ? w : null;
    }, { timeoutMs: 3000, what: 'an answer to every order publish' });
    for (const id of ids) {
      const pubs = wire.get(id)!;
      expect(pubs.every((p) => p.acked?.reasonCode === 0x87)).toBe(true);
      const gaps = pubs.slice(1).map((p, i) => p.t - pubs[i]!.t);
      expect(gaps.length).toBeGreaterThanOrEqual(2);
      expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);
      expect(gaps[0]!).toBeGreaterThanOrEqual(450);
    }
    // A handful of log lines: one refusal line per order, whatever the attempts.
    const refusedLines = logLines(gw).filter((l) => /refused an order/.test(l.msg));
    expect(refusedLines.map((l) => l.orderId).sort()).toEqual([...ids].sort());
    expect(refusedLines.every((l) => l.reasonCode === 0x87)).toBe(true);
    expect(await metric(gw, 'scpm_orders_refused')).toBe(3);
    expect(await metric(gw, 'scpm_outbox_pending')).toBe(3);

    // The city fixes its ACL: the next retry of each goes through; nothing was dropped.
    await broker.setAcl(ALLOW_ORDERS);
    await waitFor(() => ids.every((id) => got.has(id)), { what: 'the three orders at the city', timeoutMs: 25_000 });
    await waitFor(async () => (await items<OrderItem>(gw, '/api/v1/orders')).every((o) => o.state === 'sent'), { what: 'every order sent', timeoutMs: 5000 });
    expect([...got.values()]).toEqual([1, 1, 1]);
    const after = logLines(gw);
    expect(after.filter((l) => /after refusals/.test(l.msg)).map((l) => l.orderId).sort()).toEqual([...ids].sort());
    expect(after.filter((l) => /refused an order/.test(l.msg))).toHaveLength(3);
    process.stderr.write(`acl v5: attempts per order over 10 s ${JSON.stringify(samples.at(-1)!.attempts)}; publish gaps (ms) ${JSON.stringify(ids.map((id) => wire.get(id)!.slice(1).map((p, i) => p.t - wire.get(id)![i]!.t)))}\n`);
  }, 90_000);
});

describe('an ACL denying the orders topic, MQTT 3.1.1', () => {
  it('looks sent (the broker acknowledges the denied publish) and turns unconfirmed; an order the city answers turns received', async () => {
    const broker = await rig.mosquitto({ users: USERS, acl: DENY_ORDERS });
    const got = new Map<string, number>();
    const desk = await cityDesk(broker.url, got);
    await desk.subscribeAsync(ORDERS, { qos: 1 });
    const configPath = writeConfig(rig.tempDir('v4-config'), {
      officeId: OFFICE, upstreamUrl: broker.url, reconnectMinMs: 200, reconnectMaxMs: 1000,
      upstream: ['protocolVersion: 4', `username: ${OFFICE}`, `password: ${USERS[OFFICE]}`, 'orders: { unconfirmedAfterSeconds: 5 }'],
    });
    const gw = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN } });
    await gw.waitConnected();

    const lost = [await post(gw, 'Report on incident inc-20261123-0042 by 15:00'), await post(gw, 'Send the air quality summary')];
    await waitFor(async () => (await items<OrderItem>(gw, '/api/v1/orders')).filter((o) => o.state === 'sent').length === 2, { what: 'both orders "sent"', timeoutMs: 10_000 });
    const sentAt = Date.now();
    await waitFor(async () => (await items<OrderItem>(gw, '/api/v1/orders?state=unconfirmed')).length === 2, { what: 'both orders unconfirmed', timeoutMs: 15_000 });
    const flaggedAfterMs = Date.now() - sentAt;
    expect(flaggedAfterMs).toBeGreaterThanOrEqual(3000);
    expect(got.size).toBe(0);
    expect(await metric(gw, 'scpm_orders_unconfirmed_total')).toBe(2);
    expect(await metric(gw, 'scpm_orders_unconfirmed')).toBe(2);
    expect(logLines(gw).filter((l) => /not confirmed an order/.test(l.msg)).map((l) => l.orderId).sort()).toEqual([...lost].sort());

    // Once the ACL allows the topic, the city gets the next order and answers it: received, never unconfirmed.
    await broker.setAcl(ALLOW_ORDERS);
    const ok = await post(gw, 'Call back about cmp-88213');
    await waitFor(() => got.has(ok), { what: 'the order at the city', timeoutMs: 10_000 });
    const city = await rig.client(broker.url, { username: 'city', password: USERS.city });
    await city.publishAsync(fx.topics.orderStatus(OFFICE, ok), JSON.stringify(fx.orderStatus(ok, 'received')), { qos: 1, retain: true });
    await waitFor(async () => (await getJson<OrderItem>(gw, `/api/v1/orders/${ok}`)).state === 'received', { what: 'the order received', timeoutMs: 10_000 });
    await sleep(6000);
    const final = await getJson<{ counts: Record<string, number> }>(gw, '/api/v1/orders');
    expect(final.counts).toMatchObject({ unconfirmed: 2, received: 1, sent: 0, queued: 0 });
    process.stderr.write(`acl v3.1.1: unconfirmed ${flaggedAfterMs} ms after "sent" (window 5 s)\n`);
  }, 90_000);
});
