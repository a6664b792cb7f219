// Poison input against a real mosquitto and a real gateway process, as a city
// hub aggregating systems that are not ours would send it: at QoS 0 and QoS 1,
// retained (waiting for the gateway when it subscribes) and live. Afterwards
// the gateway is the same process, the link never restarted, every bad message
// is counted under its reason, and a valid message after the corpus is in the
// API at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, handledTotal, items, publish1, scrapeMetrics, sqlite, waitFor, waitHandled, type Gateway, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';
import { DISTRICT_CODES } from '../scripts/simulator/districts.js';

const OFFICE = 'poison-office';
const HOUR = 3_600_000;
const IMPOSSIBLE = ['2026-13-01T00:00:00+09:00', '2026-11-29T25:00:00+09:00', '2026-02-30T10:00:00+09:00', '2026-11-29T10:61:00+09:00', '2026-11-29T10:00:00+99:99'];

type Expect = { reject: string } | { dropped: string } | 'ingested';
interface Case { name: string; topic: string; payload: string | Buffer; expect: Expect }

/** A payload's JSON text with raw tokens JSON.stringify cannot write (1e999, huge integers). */
const withRaw = (obj: object, raw: string) => `${JSON.stringify(obj).slice(0, -1)},${raw}}`;

/** The JSON text with its XXXX replaced by bytes that are not UTF-8. */
function invalidUtf8Title(json: string): Buffer {
  const buf = Buffer.from(json);
  Buffer.from([0xc3, 0x28, 0xff, 0xfe]).copy(buf, buf.indexOf('XXXX'));
  return buf;
}

function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** The corpus for one pass; `tag` keeps each pass's ids and topics apart. */
function corpus(tag: string): Case[] {
  const id = (base: string) => `${base}-${tag}`;
  const cases: Case[] = [];
  const incidentTimes = ['receivedAt', 'dispatchedAt', 'onSceneAt', 'closedAt', 'ts'] as const;
  IMPOSSIBLE.forEach((bad, n) => {
    for (const field of incidentTimes) {
      const i = id(`inc-t${n}-${field}`);
      cases.push({ name: `incident ${field} = ${bad}`, topic: fx.topics.entity('incidents', i), payload: JSON.stringify({ ...fx.incident(), id: i, [field]: bad }), expect: field === 'receivedAt' || field === 'ts' ? { reject: 'schema' } : { dropped: `incident/${field}` } });
    }
    for (const field of ['reportedAt', 'receivedAt', 'handledAt', 'ts'] as const) {
      const c = id(`cmp-t${n}-${field}`);
      cases.push({ name: `complaint ${field} = ${bad}`, topic: fx.topics.entity('complaints', c), payload: JSON.stringify(fx.complaint(c, { [field]: bad })), expect: field === 'reportedAt' || field === 'ts' ? { reject: 'schema' } : { dropped: `complaint/${field}` } });
    }
    const district = DISTRICT_CODES[n * 2 + tag.length]!; // a district of the map: only the time is wrong
    cases.push({ name: `urban ts = ${bad}`, topic: fx.topics.urban('pm10', district), payload: JSON.stringify({ ...fx.urban(), metric: 'pm10', district, ts: bad }), expect: { reject: 'schema' } });
    const p = id(`poll-t${n}`);
    cases.push({ name: `poll closesAt = ${bad}`, topic: fx.topics.entity('polls', p), payload: JSON.stringify({ ...fx.poll(), id: p, closesAt: bad }), expect: { dropped: 'poll/closesAt' } });
    cases.push({ name: `order-status ts = ${bad}`, topic: fx.topics.orderStatus(OFFICE, id(`ord-t${n}`)), payload: JSON.stringify(fx.orderStatus(id(`ord-t${n}`), 'received', bad)), expect: { reject: 'schema' } });
  });
  const inc = (base: string, extra: Record<string, unknown>) => JSON.stringify({ ...fx.incident(), id: id(base), ...extra });
  cases.push(
    { name: 'urban value 1e999 (Infinity)', topic: fx.topics.urban('no2', '11230'), payload: withRaw({ ...fx.urban(), metric: 'no2' }, '"value":1e999'), expect: { reject: 'schema' } },
    { name: 'urban value -1e999', topic: fx.topics.urban('no2', '11220'), payload: withRaw({ ...fx.urban(), metric: 'no2', district: '11220' }, '"value":-1e999'), expect: { reject: 'schema' } },
    { name: 'incident severity 1e999', topic: fx.topics.entity('incidents', id('inc-inf')), payload: withRaw(JSON.parse(inc('inc-inf', {})) as object, '"severity":1e999'), expect: { dropped: 'incident/severity' } },
    { name: 'poll totalVoters a huge integer', topic: fx.topics.entity('polls', id('poll-huge')), payload: withRaw({ ...fx.poll(), id: id('poll-huge') }, `"totalVoters":${'9'.repeat(400)}`), expect: { dropped: 'poll/totalVoters' } },
    { name: 'pledge progress a huge integer (required)', topic: fx.topics.entity('pledges', id('pledge-huge')), payload: withRaw({ ...fx.pledge(), id: id('pledge-huge') }, `"progress":${'9'.repeat(40)}`), expect: { reject: 'schema' } },
    { name: 'deep JSON (1,000 levels)', topic: fx.topics.entity('incidents', id('inc-deep')), payload: inc('inc-deep', { extra: deep(1000) }), expect: { reject: 'schema' } },
    { name: 'wide JSON (3,000 keys)', topic: fx.topics.entity('incidents', id('inc-wide')), payload: inc('inc-wide', { extra: Object.fromEntries(Array.from({ length: 3000 }, (_, k) => [`k${k}`, k])) }), expect: 'ingested' },
    { name: '__proto__ keys', topic: fx.topics.entity('incidents', id('inc-proto')), payload: `{"__proto__":{"status":"closed","polluted":1},${inc('inc-proto', { meta: 1 }).slice(1, -1)},"meta2":{"__proto__":{"x":1}}}`, expect: { dropped: 'incident/__proto__' } },
    { name: 'invalid UTF-8 in a string', topic: fx.topics.entity('incidents', id('inc-utf8')), payload: invalidUtf8Title(inc('inc-utf8', { title: 'XXXX' })), expect: 'ingested' },
    { name: 'invalid UTF-8 bytes alone', topic: fx.topics.urban('so2', '11230'), payload: Buffer.from([0xff, 0xfe, 0xfd, 0x7b]), expect: { reject: 'not-json' } },
    { name: 'cameras as objects', topic: fx.topics.entity('incidents', id('inc-cams')), payload: inc('inc-cams', { cameras: [{ id: 'cam-1', url: 'rtsp://x' }] }), expect: { dropped: 'incident/cameras' } },
    { name: 'units as a number', topic: fx.topics.entity('incidents', id('inc-units')), payload: inc('inc-units', { units: 3 }), expect: { dropped: 'incident/units' } },
    { name: 'location as a string', topic: fx.topics.entity('incidents', id('inc-loc')), payload: inc('inc-loc', { location: 'Gangnam' }), expect: { dropped: 'incident/location' } },
    { name: 'handledAt as a number', topic: fx.topics.entity('complaints', id('cmp-handled')), payload: JSON.stringify(fx.complaint(id('cmp-handled'), { handledAt: 1732600000 })), expect: { dropped: 'complaint/handledAt' } },
    { name: 'department as an object', topic: fx.topics.entity('complaints', id('cmp-dept')), payload: JSON.stringify(fx.complaint(id('cmp-dept'), { department: { name: 'x' } })), expect: { dropped: 'complaint/department' } },
    { name: 'budget as a string', topic: fx.topics.entity('pledges', id('pledge-budget')), payload: JSON.stringify({ ...fx.pledge(), id: id('pledge-budget'), budget: 'lots' }), expect: { dropped: 'pledge/budget' } },
    { name: 'sentiment out of range', topic: fx.topics.entity('trends', id('trend-sent')), payload: JSON.stringify({ ...fx.trend(), id: id('trend-sent'), sentiment: 7 }), expect: { dropped: 'trend/sentiment' } },
    { name: 'indicator history of the wrong shape', topic: fx.topics.indicator('employment-rate', '11230', 'all', 'all'), payload: JSON.stringify({ ...fx.indicatorValue(), breakdown: undefined, history: 'none' }), expect: { dropped: 'indicator-value/history' } },
    { name: 'a far-future ts', topic: fx.topics.urban('o3', '11210'), payload: JSON.stringify({ ...fx.urban(99), metric: 'o3', district: '11210', ts: fx.at(48 * HOUR) }), expect: { reject: 'future-ts' } },
    { name: 'a current ts after the future one', topic: fx.topics.urban('o3', '11210'), payload: JSON.stringify({ ...fx.urban(42), metric: 'o3', district: '11210', ts: fx.at(-60_000) }), expect: 'ingested' },
    { name: 'a row the store refuses (a trigger aborts it)', topic: fx.topics.entity('incidents', id('inc-store-poison')), payload: inc('inc-store-poison', {}), expect: { reject: 'store-error' } },
  );
  return cases;
}

const rig = new Rig('poison');
let gw: Gateway;
let city: MqttClient;
let pid: number;
let before: Map<string, number>;
let after: Map<string, number>;
let all: (Case & { qos: 0 | 1; retain: boolean })[] = [];
let validPublishedAt = 0;
let validSeenAt = 0;

beforeAll(async () => {
  const broker = await rig.mosquitto();
  city = await rig.client(broker.url);
  // Retained poison waits on the broker: the gateway gets it when it subscribes, and again after any reconnect.
  const retained = corpus('r').filter((c) => !c.name.includes('store refuses') && !c.name.includes('current ts') && !c.name.includes('far-future'));
  for (const c of retained) await publish1(city, c.topic, c.payload, { retain: true });
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: OFFICE } });
  pid = gw.pid;
  await gw.waitConnected();
  await waitHandled(gw, retained.length);
  // A real store error: SQLite itself refuses these rows (a trigger made from outside, as a damaged database might).
  await sqlite(gw.dbPath, "CREATE TRIGGER poison_incident BEFORE INSERT ON incidents WHEN NEW.id LIKE 'inc-store-poison-%' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;");
  before = await scrapeMetrics(gw.baseUrl);
  const live = [...corpus('q0').map((c) => ({ ...c, qos: 0 as const, retain: false })), ...corpus('q1').map((c) => ({ ...c, qos: 1 as const, retain: false }))];
  const handled0 = await handledTotal(gw);
  for (const c of live) {
    if (c.qos === 1) await publish1(city, c.topic, c.payload);
    else await city.publishAsync(c.topic, c.payload, { qos: 0 });
  }
  all = [...retained.map((c) => ({ ...c, qos: 1 as const, retain: true })), ...live];
  await waitHandled(gw, handled0 + live.length, 30_000);
  // A valid message after the corpus: in the API within a second.
  validPublishedAt = Date.now();
  await publish1(city, fx.topics.urban('pm25', '11250'), JSON.stringify({ ...fx.urban(33), district: '11250' }));
  await waitFor(async () => (await items(gw, '/api/v1/urban?metric=pm25&district=11250')).length === 1, { what: 'the valid message after the corpus', intervalMs: 20 });
  validSeenAt = Date.now();
  after = await scrapeMetrics(gw.baseUrl);
}, 120_000);
afterAll(() => rig.cleanup());

const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

describe('poison input', () => {
  it('leaves the same gateway process running, with no bridge restart and one link-up', async () => {
    expect(gw.running()).toBe(true);
    expect(gw.pid).toBe(pid);
    for (const [k, v] of after) if (k.startsWith('scpm_bridge_restarts_total')) expect(v, k).toBe(0);
    const h = await gw.health();
    expect(h.body.upstream.connected).toBe(true);
    expect(gw.logs().filter((l) => l.includes('"city link up"'))).toHaveLength(1);
    expect(gw.logs().filter((l) => l.includes('"city link down"'))).toHaveLength(0);
  });

  it('counts every live bad message under its reason', () => {
    const live = all.filter((c) => !c.retain);
    for (const reason of ['schema', 'not-json', 'future-ts', 'store-error']) {
      const expected = live.filter((c) => typeof c.expect === 'object' && 'reject' in c.expect && c.expect.reject === reason).length;
      expect(delta(`scpm_rejected_messages_total{reason="${reason}"}`), reason).toBe(expected);
    }
  });

  it('keeps entities whose optional fields were malformed, counting each dropped field', () => {
    const live = all.filter((c) => !c.retain);
    const byField = new Map<string, number>();
    for (const c of live) if (typeof c.expect === 'object' && 'dropped' in c.expect) byField.set(c.expect.dropped, (byField.get(c.expect.dropped) ?? 0) + 1);
    for (const [key, n] of byField) {
      const [entity, field] = key.split('/');
      expect(delta(`scpm_fields_dropped_total{entity="${entity}",field="${field}"}`), key).toBe(n);
    }
  });

  it('stores the fire whose camera list was malformed, and the wide one, at both QoS levels and retained', async () => {
    for (const tag of ['r', 'q0', 'q1']) {
      const res = await fetch(`${gw.baseUrl}/api/v1/incidents/inc-cams-${tag}`);
      expect(res.status, tag).toBe(200);
      const body = await res.json() as { kind: string; cameras?: unknown };
      expect(body.kind).toBe('fire');
      expect(body.cameras).toBeUndefined();
      expect((await fetch(`${gw.baseUrl}/api/v1/incidents/inc-wide-${tag}`)).status).toBe(200);
    }
  });

  it('shows the current reading, not the far-future one', async () => {
    expect(await items(gw, '/api/v1/urban?metric=o3&district=11210')).toMatchObject([{ value: 42 }]);
  });

  it('shows a valid message published after the corpus within a second', () => {
    expect(validSeenAt - validPublishedAt).toBeLessThan(1000);
  });

  it('keeps prototypes clean', async () => {
    const res = await fetch(`${gw.baseUrl}/api/v1/incidents/inc-proto-q1`);
    const body = await res.json() as Record<string, unknown>;
    expect(body.status).toBe('dispatched');
    expect(body.polluted).toBeUndefined();
  });

  it('logs rejections rate-limited, not one line each', () => {
    const rejectedLines = gw.logs().filter((l) => l.includes('"message rejected"') || l.includes('could not be stored')).length;
    const rejectedCount = [...after].filter(([k]) => k.startsWith('scpm_rejected_messages_total')).reduce((n, [, v]) => n + v, 0);
    expect(rejectedCount).toBeGreaterThan(60);
    expect(rejectedLines).toBeLessThan(30);
  });
});
