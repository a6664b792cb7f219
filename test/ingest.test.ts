// Every entity of the city data contract, published QoS 1 retained to a real
// mosquitto, comes out of the gateway's API with the right fields; a
// redelivered message and an out-of-order (older ts) update change nothing.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, getJson, handledTotal, httpJson, items, metric, publish1, scrapeMetrics, waitHandled, type Gateway, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const OFFICE = 'ingest-office';
const TOKEN = 'ingest-test-token-0123456789';
const rig = new Rig('ingest');
let gw: Gateway;
let city: MqttClient;
/** Messages published to the gateway so far (each is handled exactly once: ingested or rejected). */
let published = 0;

async function pub(topic: string, payload: unknown, retain = true): Promise<void> {
  await publish1(city, topic, JSON.stringify(payload), { retain });
  published++;
}
const settle = () => waitHandled(gw, published);

/** A raw GET with a chosen Host header (fetch does not let one set Host). */
function getWithHost(path: string, host: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gw.port, path, headers: { host, ...(token ? { authorization: `Bearer ${token}` } : {}) }, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const broker = await rig.mosquitto();
  city = await rig.client(broker.url);
  // The catalogue is retained before the gateway ever connects: it must arrive on subscribe.
  await pub(fx.topics.indicatorDef('employment-rate'), fx.indicatorDef());
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: OFFICE, SCPM_API_TOKEN: TOKEN } });
  await gw.waitConnected();
  await settle();
});
afterAll(() => rig.cleanup());

describe('ingest of every contract entity', () => {
  it('indicator definition (retained before the gateway connected)', async () => {
    const defs = await items(gw, '/api/v1/indicator-defs');
    expect(defs).toHaveLength(1);
    expect(defs[0]).toMatchObject(fx.indicatorDef());
    expect(typeof defs[0]!.receivedAt).toBe('string');
  });

  it('indicator value with a breakdown and back-filled history', async () => {
    const v = fx.indicatorValue();
    await pub(fx.topics.indicator('employment-rate', '11230', 'female', '20-29'), v);
    await settle();
    const rows = await items(gw, '/api/v1/indicators?indicator=employment-rate&district=11230&gender=female&ageBand=20-29');
    expect(rows.map((r) => [r.period, r.value])).toEqual([['2026-10', 61.2], ['2026-09', 60.8], ['2026-08', 60.5]]);
    for (const r of rows) {
      expect(r).toMatchObject({ indicator: 'employment-rate', district: '11230', gender: 'female', ageBand: '20-29' });
      expect(typeof r.ts).toBe('string');
      expect(typeof r.receivedAt).toBe('string');
    }
    expect(rows[0]!.ts).toBe(v.ts);
    // The breakdown is its own series: nothing leaked into all/all.
    expect(await items(gw, '/api/v1/indicators?indicator=employment-rate&district=11230')).toEqual([]);
  });

  it('indicator value without a breakdown is the all/all series', async () => {
    const v = { ...fx.indicatorValue(), breakdown: undefined, history: undefined, value: 62.0 };
    await pub(fx.topics.indicator('employment-rate', '11230', 'all', 'all'), v);
    await settle();
    const rows = await items(gw, '/api/v1/indicators?indicator=employment-rate&district=11230');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ indicator: 'employment-rate', district: '11230', gender: 'all', ageBand: 'all', period: '2026-10', value: 62 });
  });

  it('urban reading', async () => {
    const r = fx.urban(18);
    await pub(fx.topics.urban('pm25', '11230'), r);
    await settle();
    const rows = await items(gw, '/api/v1/urban?metric=pm25&district=11230');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ metric: 'pm25', district: '11230', value: 18, unit: 'ug/m3', ts: r.ts });
    expect(typeof rows[0]!.receivedAt).toBe('string');
  });

  it.each([
    ['incidents', () => fx.incident()],
    ['complaints', () => fx.complaint()],
    ['polls', () => fx.poll()],
    ['pledges', () => fx.pledge()],
    ['trends', () => fx.trend()],
  ] as const)('%s', async (plural, make) => {
    const payload = make() as { id: string; ts: string };
    await pub(fx.topics.entity(plural, payload.id), payload);
    await settle();
    const rows = await items(gw, `/api/v1/${plural}`);
    const row = rows.find((x) => x.id === payload.id);
    expect(row, `${plural}/${payload.id} in the API`).toBeDefined();
    if ('receivedAt' in payload) {
      // Incidents and complaints carry their own receivedAt (when the city took the call or the complaint).
      expect(row!.receivedAt, "the entity's own receivedAt (a contract field) must not be replaced by the gateway's receive time").toBe(payload.receivedAt);
    }
    // Every field of the payload is kept (unknown extras too).
    expect(row).toMatchObject(payload);
    expect(typeof row!.receivedAt).toBe('string');
    expect(Number.isNaN(Date.parse(row!.receivedAt as string))).toBe(false);
  });

  it('unknown extra fields are kept', async () => {
    const p = { ...fx.pledge(), id: 'pledge-extra', extraField: { a: 1 }, tags: ['x'] };
    await pub(fx.topics.entity('pledges', p.id), p);
    await settle();
    const row = (await items(gw, '/api/v1/pledges')).find((x) => x.id === p.id);
    expect(row).toMatchObject({ extraField: { a: 1 }, tags: ['x'] });
  });

  it('limit and offset page the lists', async () => {
    for (const n of [1, 2, 3]) await pub(fx.topics.entity('trends', `trend-page-${n}`), { ...fx.trend(fx.at(-n * 60_000)), id: `trend-page-${n}` });
    await settle();
    const all = await getJson<{ items: { id: string }[] }>(gw, '/api/v1/trends?limit=500');
    const page = await items(gw, '/api/v1/trends?limit=2&offset=1');
    expect(page.map((x) => x.id)).toEqual(all.items.slice(1, 3).map((x) => x.id));
  });

  it('order status from the city appears on the order', async () => {
    const post = await httpJson<{ id: string }>(`${gw.baseUrl}/api/v1/orders`, {
      method: 'POST', token: TOKEN, body: JSON.stringify({ text: 'Report on incident inc-20261123-0042 by 15:00', ref: 'inc-20261123-0042' }),
    });
    expect(post.status).toBe(202);
    const id = post.body.id;
    const status = fx.orderStatus(id, 'in-progress');
    await pub(fx.topics.orderStatus(OFFICE, id), status);
    await settle();
    const order = (await items(gw, '/api/v1/orders')).find((o) => o.id === id);
    expect(order).toBeDefined();
    expect(order!.city).toMatchObject({ status: 'in-progress', note: status.note, by: status.by, ts: status.ts });
  });
});

describe('health, metrics and access', () => {
  it('/healthz says ok with the city link up, with every bridge listed', async () => {
    const h = await httpJson<{ status: string; upstream: { connected: boolean }; bridges: Record<string, { state: string }> }>(`${gw.baseUrl}/healthz`);
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('ok');
    expect(h.body.upstream).toEqual(expect.objectContaining({ connected: true }));
    expect(Object.keys(h.body.bridges).length).toBeGreaterThan(0);
    for (const b of Object.values(h.body.bridges)) expect(typeof b.state).toBe('string');
  });

  it('/metrics has every series of the spec', async () => {
    const m = await scrapeMetrics(gw.baseUrl);
    for (const name of ['scpm_ingested_messages_total', 'scpm_pii_fields_stripped_total', 'scpm_outbox_pending', 'scpm_store_size_bytes']) {
      expect(m.has(name), name).toBe(true);
    }
    for (const reason of ['not-json', 'schema', 'too-large', 'unknown-topic', 'topic-mismatch']) {
      expect(m.has(`scpm_rejected_messages_total{reason="${reason}"}`), reason).toBe(true);
    }
    expect(m.get('scpm_upstream_connected')).toBe(1);
    expect(m.get('scpm_store_size_bytes')).toBeGreaterThan(0);
  });

  it('the read API answers loopback, refuses a foreign Host header (DNS rebinding) unless the token is given', async () => {
    expect(await getWithHost('/api/v1/incidents', `127.0.0.1:${gw.port}`)).toBe(200);
    expect(await getWithHost('/api/v1/incidents', `localhost:${gw.port}`)).toBe(200);
    expect(await getWithHost('/api/v1/incidents', 'evil.example')).toBe(401);
    expect(await getWithHost('/api/v1/incidents', 'evil.example', 'wrong-token-0123456789')).toBe(401);
    expect(await getWithHost('/api/v1/incidents', 'evil.example', TOKEN)).toBe(200);
    expect(await getWithHost('/metrics', 'evil.example')).toBe(401);
  });
});

describe('idempotence', () => {
  const snapshot = async () => ({
    defs: await items(gw, '/api/v1/indicator-defs'),
    indicators: await items(gw, '/api/v1/indicators?indicator=employment-rate&district=11230&gender=female&ageBand=20-29'),
    urban: await items(gw, '/api/v1/urban'),
    incidents: await items(gw, '/api/v1/incidents'),
    complaints: await items(gw, '/api/v1/complaints'),
    polls: await items(gw, '/api/v1/polls'),
    pledges: await items(gw, '/api/v1/pledges'),
    trends: await items(gw, '/api/v1/trends'),
  });

  it('a redelivered message (the same bytes again) changes nothing, receivedAt included', async () => {
    // Publish a fresh set once, then exactly the same bytes again.
    const msgs: [string, unknown][] = [
      [fx.topics.indicatorDef('employment-rate'), fx.indicatorDef()],
      [fx.topics.indicator('employment-rate', '11230', 'female', '20-29'), fx.indicatorValue(fx.at(-30 * 60_000))],
      [fx.topics.urban('pm25', '11230'), fx.urban(19, fx.at(-30_000))],
      [fx.topics.entity('incidents', 'inc-20261123-0042'), fx.incident('dispatched', fx.at(-20 * 60_000))],
      [fx.topics.entity('complaints', 'cmp-88213'), fx.complaint('cmp-88213', {}, fx.at(-60 * 60_000))],
      [fx.topics.entity('polls', 'poll-311'), fx.poll(fx.at(-5 * 60_000))],
      [fx.topics.entity('pledges', 'pledge-07'), fx.pledge(fx.at(-12 * 3_600_000))],
      [fx.topics.entity('trends', 'fine-dust'), fx.trend(fx.at(-30 * 60_000))],
    ];
    for (const [t, p] of msgs) await pub(t, p);
    await settle();
    const before = await snapshot();
    const unchangedBefore = await metric(gw, 'scpm_unchanged_messages_total');
    const handledBefore = await handledTotal(gw);
    for (const [t, p] of msgs) await pub(t, p);
    await settle();
    expect(await handledTotal(gw)).toBe(handledBefore + msgs.length);
    expect(await snapshot()).toEqual(before);
    expect(await metric(gw, 'scpm_unchanged_messages_total')).toBe(unchangedBefore + msgs.length);
  });

  it('an older update after a newer one is ignored (the API still shows the newer)', async () => {
    const newer = fx.at(-60_000);
    const older = fx.at(-600_000);
    const inc = (status: string, ts: string) => ({ ...fx.incident(status, ts), id: 'inc-order-1' });
    await pub(fx.topics.entity('incidents', 'inc-order-1'), inc('on-scene', newer));
    await pub(fx.topics.entity('incidents', 'inc-order-1'), inc('dispatched', older));
    await pub(fx.topics.urban('pm10', '11110'), { metric: 'pm10', district: '11110', value: 25, unit: 'ug/m3', ts: newer });
    await pub(fx.topics.urban('pm10', '11110'), { metric: 'pm10', district: '11110', value: 5, unit: 'ug/m3', ts: older });
    const iv = (value: number, ts: string) => ({ indicator: 'employment-rate', district: '11110', period: '2026-10', value, ts });
    await pub(fx.topics.indicator('employment-rate', '11110', 'all', 'all'), iv(61.5, newer));
    await pub(fx.topics.indicator('employment-rate', '11110', 'all', 'all'), iv(99, older));
    const pollAt = (votes: number, ts: string) => ({ ...fx.poll(ts), id: 'poll-order', options: [{ id: 'a', label: 'A', votes }] });
    await pub(fx.topics.entity('polls', 'poll-order'), pollAt(500, newer));
    await pub(fx.topics.entity('polls', 'poll-order'), pollAt(100, older));
    const cmp = (status: string, ts: string) => fx.complaint('cmp-order', { status }, ts);
    await pub(fx.topics.entity('complaints', 'cmp-order'), cmp('in-progress', newer));
    await pub(fx.topics.entity('complaints', 'cmp-order'), cmp('received', older));
    await settle();

    expect((await items(gw, '/api/v1/incidents')).find((x) => x.id === 'inc-order-1')).toMatchObject({ status: 'on-scene', ts: newer });
    expect(await items(gw, '/api/v1/urban?metric=pm10&district=11110')).toMatchObject([{ value: 25, ts: newer }]);
    expect(await items(gw, '/api/v1/indicators?indicator=employment-rate&district=11110')).toMatchObject([{ period: '2026-10', value: 61.5, ts: newer }]);
    expect((await items(gw, '/api/v1/polls')).find((x) => x.id === 'poll-order')).toMatchObject({ options: [{ votes: 500 }], ts: newer });
    expect((await items(gw, '/api/v1/complaints')).find((x) => x.id === 'cmp-order')).toMatchObject({ status: 'in-progress', ts: newer });
  });

  it('an older order status after a newer one is ignored', async () => {
    const post = await httpJson<{ id: string }>(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body: JSON.stringify({ text: 'Check the pm10 sensors' }) });
    expect(post.status).toBe(202);
    const id = post.body.id;
    await pub(fx.topics.orderStatus(OFFICE, id), fx.orderStatus(id, 'done', fx.at(-1000)));
    await pub(fx.topics.orderStatus(OFFICE, id), fx.orderStatus(id, 'received', fx.at(-60_000)));
    await settle();
    const order = (await items(gw, '/api/v1/orders')).find((o) => o.id === id);
    expect(order!.city).toMatchObject({ status: 'done' });
  });
});
