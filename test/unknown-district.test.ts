// City messages naming a district that is not on the office's map (five
// digits, so the schema takes them), against a real mosquitto and a real
// gateway: each costs one rejection `unknown-district` whose detail names the
// code and the map file, counted on /metrics and on the setup page, and
// nothing of it reaches the store; `city` and the map's codes are taken, and
// the valid message after them is in at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, getJson, handledTotal, items, publish1, scrapeMetrics, sqlite, waitFor, waitHandled, type Gateway, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const OFFICE = 'district-office';
const MAP_FILE = 'display/data/seoul-districts.geojson';

interface Case { name: string; topic: string; payload: string; code: string; qos: 0 | 1; retain?: boolean }

/** Five digits each, none a district of Seoul's map (11010…11250): a typo, a code of the newer scheme, another city's. */
const unknown: Case[] = [
  { name: 'urban reading, 99999', topic: fx.topics.urban('pm25', '99999'), payload: JSON.stringify({ ...fx.urban(70), district: '99999' }), code: '99999', qos: 1 },
  { name: 'urban reading, 11650 (the newer KOSTAT scheme)', topic: fx.topics.urban('pm10', '11650'), payload: JSON.stringify({ ...fx.urban(71), metric: 'pm10', district: '11650' }), code: '11650', qos: 0 },
  { name: 'urban reading, retained, 26110 (Busan)', topic: fx.topics.urban('o3', '26110'), payload: JSON.stringify({ ...fx.urban(72), metric: 'o3', district: '26110' }), code: '26110', qos: 1, retain: true },
  { name: 'indicator value, 00000', topic: fx.topics.indicator('employment-rate', '00000', 'female', '20-29'), payload: JSON.stringify({ ...fx.indicatorValue(), district: '00000' }), code: '00000', qos: 1 },
  { name: 'incident, 11260', topic: fx.topics.entity('incidents', 'inc-nowhere'), payload: JSON.stringify({ ...fx.incident(), id: 'inc-nowhere', district: '11260' }), code: '11260', qos: 1 },
  { name: 'complaint, 12345', topic: fx.topics.entity('complaints', 'cmp-nowhere'), payload: JSON.stringify(fx.complaint('cmp-nowhere', { district: '12345' })), code: '12345', qos: 0 },
];

/** The topic and the payload disagreeing about the district is caught first, whichever of the two is unknown. */
const mismatched = [
  { topic: fx.topics.urban('pm25', '11230'), payload: JSON.stringify({ ...fx.urban(80), district: '99998' }) },
  { topic: fx.topics.urban('pm25', '99998'), payload: JSON.stringify({ ...fx.urban(81), district: '11230' }) },
];

const rig = new Rig('unknown-district');
let gw: Gateway;
let city: MqttClient;
let before: Map<string, number>;
let after: Map<string, number>;

/** Rows naming the unknown codes in every table that keeps a district (the store itself, not the API). */
async function rowsNamingUnknown(): Promise<number> {
  const codes = [...unknown.map((c) => c.code), '99998'].map((c) => `'${c}'`).join(',');
  const tables = ['urban_readings', 'urban_latest', 'indicator_values', 'incidents', 'complaints'];
  return Number(await sqlite(gw.dbPath, `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t} WHERE district IN (${codes}))`).join(' + ')};`));
}

beforeAll(async () => {
  const broker = await rig.mosquitto();
  city = await rig.client(broker.url);
  const retained = unknown.filter((c) => c.retain);
  for (const c of retained) await publish1(city, c.topic, c.payload, { retain: true });
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: OFFICE } });
  await gw.waitConnected();
  await waitHandled(gw, retained.length);
  before = await scrapeMetrics(gw.baseUrl);
  const handled0 = await handledTotal(gw);
  const live = unknown.filter((c) => !c.retain);
  for (const c of live) {
    if (c.qos === 1) await publish1(city, c.topic, c.payload);
    else await city.publishAsync(c.topic, c.payload, { qos: 0 });
  }
  for (const m of mismatched) await publish1(city, m.topic, m.payload);
  // The whole city and a district of the map: both taken.
  await publish1(city, fx.topics.urban('pm25', 'city'), JSON.stringify({ ...fx.urban(21), district: 'city' }));
  await publish1(city, fx.topics.urban('pm25', '11250'), JSON.stringify({ ...fx.urban(22), district: '11250' }));
  await waitHandled(gw, handled0 + live.length + mismatched.length + 2);
  await waitFor(async () => (await items(gw, '/api/v1/urban?metric=pm25&district=11250')).length === 1, { what: 'the valid reading after the unknown ones' });
  after = await scrapeMetrics(gw.baseUrl);
}, 60_000);
afterAll(() => rig.cleanup());

const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

describe('a district not on the office map', () => {
  it('costs one rejection each, counted under unknown-district (live and retained alike)', () => {
    const live = unknown.filter((c) => !c.retain).length;
    expect(delta('scpm_rejected_messages_total{reason="unknown-district"}')).toBe(live);
    expect(after.get('scpm_rejected_messages_total{reason="unknown-district"}')).toBe(unknown.length);
    expect(delta('scpm_rejected_messages_total{reason="topic-mismatch"}')).toBe(mismatched.length);
    expect(delta('scpm_rejected_messages_total{reason="schema"}')).toBe(0);
  });

  it.each(unknown.map((c) => [c.name, c] as const))('%s: listed with a reason naming the code and the map', async (_name, c) => {
    const rows = await items<{ reason: string; topic: string; detail: string }>(gw, '/api/v1/rejected?limit=100');
    const row = rows.find((r) => r.topic === c.topic);
    expect(row, c.topic).toBeDefined();
    expect(row!.reason).toBe('unknown-district');
    expect(row!.detail).toContain(`"${c.code}"`);
    expect(row!.detail).toContain(MAP_FILE);
  });

  it('stores nothing of them: no row in any table, nothing in the API', async () => {
    expect(await rowsNamingUnknown()).toBe(0);
    expect(await items(gw, '/api/v1/urban?district=99999')).toEqual([]);
    expect(await items(gw, '/api/v1/indicators?district=00000')).toEqual([]);
    expect((await fetch(`${gw.baseUrl}/api/v1/incidents/inc-nowhere`)).status).toBe(404);
    expect((await getJson(gw, '/api/v1/complaints')).total).toBe(0);
  });

  it('takes `city` and the map\'s codes, and the message after the rejections', async () => {
    expect(await items(gw, '/api/v1/urban?metric=pm25&district=city')).toMatchObject([{ value: 21 }]);
    expect(await items(gw, '/api/v1/urban?metric=pm25&district=11250')).toMatchObject([{ value: 22 }]);
    expect(delta('scpm_ingested_messages_total')).toBe(2);
  });

  it('shows the count by reason on the setup page', async () => {
    const html = await (await fetch(`${gw.baseUrl}/setup`)).text();
    expect(html).toContain(`unknown-district ${unknown.length}`);
  });

  it('logs the rejections rate-limited with their detail, and keeps the link up', async () => {
    const lines = gw.logs().filter((l) => l.includes('"message rejected"') && l.includes('unknown-district'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(lines[0]).toContain(MAP_FILE);
    expect((await gw.health()).body.upstream.connected).toBe(true);
  });
});
