import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DISTRICTS, DISTRICT_CODES } from './districts.js';
import {
  catalogueMessages, complaintChangeMessages, complaintMessages, incidentChangeMessages, incidentMessages, indicatorMessages,
  isoKst, pledgeMessages, pollMessages, snapshotMessages, trendMessages, urbanMessages, type SimMessage,
} from './generate.js';
import { BREAKDOWNS } from './indicators.js';

// Schemas written from shared/docs/city-data-contract.md, independent of the gateway's.
const slug = z.string().regex(/^[A-Za-z0-9_.-]+$/);
const kst = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
// The office's map, as the gateway ships it: a code outside it is refused at the gateway's edge.
const MAP = JSON.parse(readFileSync(new URL('../../display/data/seoul-districts.geojson', import.meta.url), 'utf8')) as { features: { properties: { code: string } }[] };
const mapCode = z.enum(MAP.features.map((f) => f.properties.code) as [string, ...string[]]);
const district = z.union([mapCode, z.literal('city')]);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const oneDecimal = z.number().refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, 'one decimal at most');
const GENDER = ['all', 'female', 'male'] as const;
const AGE = ['all', '0-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-plus'] as const;

const indicatorDef = z.strictObject({
  id: slug, name: z.strictObject({ en: z.string().min(1), ko: z.string().min(1) }), unit: z.string().min(1), category: slug,
  direction: z.enum(['up', 'down']), target: z.number(), period: z.literal('month'),
});
const indicatorValue = z.strictObject({
  indicator: slug, district, period, value: oneDecimal.nullable(),
  breakdown: z.strictObject({ gender: z.enum(GENDER), ageBand: z.enum(AGE) }).optional(),
  history: z.array(z.strictObject({ period, value: oneDecimal.nullable() })).length(11), ts: kst,
});
const urban = z.strictObject({ metric: slug, district, value: z.number(), unit: z.string(), ts: kst });
const incident = z.strictObject({
  id: z.string().regex(/^inc-\d{8}-\d{4,}$/), kind: z.enum(['fire', 'rescue', 'police', 'disaster']), title: z.string().min(5),
  severity: z.number().int().min(1).max(5), district: mapCode,
  location: z.strictObject({ lat: z.number(), lon: z.number(), address: z.string().min(3) }),
  status: z.enum(['received', 'dispatched', 'on-scene', 'closed']), receivedAt: kst,
  dispatchedAt: kst.nullable(), onSceneAt: kst.nullable(), closedAt: kst.nullable(), units: z.array(z.string()), ts: kst,
});
const complaint = z.strictObject({
  id: z.string().regex(/^cmp-\d{5}$/), kind: z.enum(['complaint', 'suggestion']),
  category: z.enum(['illegal-parking', 'illegal-banner', 'illegal-dumping', 'sidewalk-repair', 'streetlight-repair', 'noise', 'sewage', 'public-facility', 'hazard', 'other']),
  district: mapCode, summary: z.string().min(5), channel: z.enum(['app', 'web', 'phone', 'visit']),
  status: z.enum(['reported', 'received', 'in-progress', 'resolved', 'rejected']), reportedAt: kst, receivedAt: kst.nullable(),
  handledAt: kst.nullable(), department: z.string().nullable(), reporter: z.string().optional(),
  phone: z.string().regex(/^010-0000-\d{4}$/).optional(), ts: kst,
});
const poll = z.strictObject({
  id: slug, title: z.string(), kind: z.enum(['policy', 'community']), visibility: z.enum(['public', 'private']), status: z.enum(['open', 'closed']),
  opensAt: kst, closesAt: kst, totalVoters: z.number().int().min(0),
  options: z.array(z.strictObject({ id: slug, label: z.string(), votes: z.number().int().min(0) })).min(2), ts: kst,
});
const pledge = z.strictObject({
  id: slug, title: z.string(), area: z.string(), progress: z.number().min(0).max(100), status: z.enum(['on-track', 'at-risk', 'delayed', 'done']),
  budget: z.strictObject({ allocated: z.number().min(1e10), executed: z.number().min(0), currency: z.literal('KRW') }), ts: kst,
});
const trend = z.strictObject({
  id: slug, keyword: z.strictObject({ en: z.string(), ko: z.string() }), mentions: z.number().int().min(0),
  sentiment: z.number().min(-1).max(1), window: z.literal('1h'), ts: kst,
});

const NOW = new Date('2026-11-23T00:41:07Z'); // 09:41:07 KST
const OPTS = { seed: 7 };
const ms = (iso: string | null) => (iso === null ? Infinity : Date.parse(iso));
const payloads = <T>(messages: readonly SimMessage[]) => messages.map((m) => m.payload as T);

describe('isoKst', () => {
  it('writes whole seconds with the +09:00 offset', () => {
    expect(isoKst(new Date('2026-11-23T00:41:07.890Z'))).toBe('2026-11-23T09:41:07+09:00');
    expect(isoKst(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01T00:00:00+09:00');
  });
});

describe('catalogue messages', () => {
  it('publishes 62 retained definitions with the contract fields only', () => {
    const messages = catalogueMessages(OPTS);
    expect(messages).toHaveLength(62);
    for (const m of messages) {
      const def = indicatorDef.parse(m.payload);
      expect(m.topic).toBe(`scpm/v1/catalog/indicators/${def.id}`);
      expect(m.retain).toBe(true);
    }
  });

  it('honours the topic root', () => {
    expect(catalogueMessages({ root: 'city/x' })[0]!.topic).toBe('city/x/catalog/indicators/employment-rate');
  });
});

describe('indicator values', () => {
  const messages = [...indicatorMessages(NOW, OPTS)];

  it('publishes 62 × 26 × 10 retained values whose payload agrees with the topic', () => {
    expect(messages).toHaveLength(62 * 26 * 10);
    for (const m of messages) {
      const v = indicatorValue.parse(m.payload);
      const [, , kind, id, d, gender, ageBand, ...rest] = m.topic.split('/');
      expect(kind).toBe('indicators');
      expect(rest).toHaveLength(0);
      expect(v.indicator).toBe(id);
      expect(v.district).toBe(d);
      expect(v.breakdown?.gender ?? 'all').toBe(gender);
      expect(v.breakdown?.ageBand ?? 'all').toBe(ageBand);
      // all/all leaves the breakdown out; the others spell it out.
      expect(v.breakdown === undefined).toBe(gender === 'all' && ageBand === 'all');
      expect(m.retain).toBe(true);
    }
  });

  it('has exactly the 10 uncrossed breakdown topics per indicator and district', () => {
    const expected = BREAKDOWNS.map((b) => `${b.gender}/${b.ageBand}`).sort();
    expect(expected).toHaveLength(10);
    expect(expected.filter((k) => !k.startsWith('all/') && !k.endsWith('/all'))).toEqual([]);
    const byKey = new Map<string, string[]>();
    for (const m of messages) {
      const parts = m.topic.split('/');
      const key = `${parts[3]}/${parts[4]}`;
      byKey.set(key, [...(byKey.get(key) ?? []), `${parts[5]}/${parts[6]}`]);
    }
    expect(byKey.size).toBe(62 * 26);
    for (const [key, topics] of byKey) expect(topics.sort(), key).toEqual(expected);
  });

  it('reports last month, with 11 earlier months newest first, released on the 1st at 00:00 KST', () => {
    for (const m of messages.slice(0, 300)) {
      const v = m.payload as { period: string; history: { period: string }[]; ts: string };
      expect(v.period).toBe('2026-10');
      expect(v.ts).toBe('2026-11-01T00:00:00+09:00');
      expect(v.history.map((h) => h.period)).toEqual(['2026-09', '2026-08', '2026-07', '2026-06', '2026-05', '2026-04', '2026-03', '2026-02', '2026-01', '2025-12', '2025-11']);
    }
  });

  it('keeps payloads small', () => {
    for (const m of messages) expect(JSON.stringify(m.payload).length).toBeLessThan(1024);
  });

  const value = (id: string, d: string, g: string, a: string) =>
    (messages.find((m) => m.topic === `scpm/v1/indicators/${id}/${d}/${g}/${a}`)!.payload as { value: number | null }).value;

  it('has women employed less than men in every district', () => {
    for (const d of [...DISTRICT_CODES, 'city']) {
      expect(value('employment-rate', d, 'female', 'all')!, d).toBeLessThan(value('employment-rate', d, 'male', 'all')!);
      expect(value('employment-rate', d, 'all', 'all')!, d).toBeGreaterThan(50);
      expect(value('employment-rate', d, 'all', 'all')!, d).toBeLessThan(72);
    }
  });

  it('adds district counts up to the city and averages rates', () => {
    const sum = DISTRICT_CODES.reduce((s, d) => s + value('jobs-created', d, 'all', 'all')!, 0);
    expect(value('jobs-created', 'city', 'all', 'all')).toBe(sum);
    const rates = DISTRICT_CODES.map((d) => value('unemployment-rate', d, 'all', 'all')!);
    const city = value('unemployment-rate', 'city', 'all', 'all')!;
    expect(city).toBeGreaterThanOrEqual(Math.min(...rates));
    expect(city).toBeLessThanOrEqual(Math.max(...rates));
  });

  it('marks breakdowns that do not exist as null (no PM2.5 by gender, no men in women’s employment)', () => {
    expect(value('pm25-monthly-mean', '11230', 'female', 'all')).toBeNull();
    expect(value('womens-employment-rate', '11230', 'male', 'all')).toBeNull();
    expect(value('womens-employment-rate', '11230', 'female', 'all')).not.toBeNull();
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = [...indicatorMessages(NOW, OPTS)].slice(0, 50);
    expect(again).toEqual(messages.slice(0, 50));
    const other = [...indicatorMessages(NOW, { seed: 8 })].slice(0, 50);
    expect(other).not.toEqual(messages.slice(0, 50));
  });
});

describe('urban readings', () => {
  it('publishes 6 metrics for 25 districts and the city, in plausible ranges', () => {
    const messages = urbanMessages(NOW, OPTS);
    expect(messages).toHaveLength(6 * 26);
    const ranges: Record<string, [number, number, string]> = {
      pm10: [1, 400, 'ug/m3'], pm25: [1, 250, 'ug/m3'], o3: [0, 0.2, 'ppm'], 'traffic-speed': [5, 70, 'km/h'],
      'water-turbidity': [0, 0.5, 'NTU'], temperature: [-20, 40, '°C'],
    };
    for (const m of messages) {
      const r = urban.parse(m.payload);
      expect(m.topic).toBe(`scpm/v1/urban/${r.metric}/${r.district}`);
      const [lo, hi, unit] = ranges[r.metric]!;
      expect(r.value, m.topic).toBeGreaterThanOrEqual(lo);
      expect(r.value, m.topic).toBeLessThanOrEqual(hi);
      expect(r.unit).toBe(unit);
      if (r.metric === 'o3') expect(Math.round(r.value * 1000)).toBeCloseTo(r.value * 1000, 6);
    }
  });

  it('changes smoothly from one reading to the next', () => {
    const at = (t: number) => (urbanMessages(new Date(t), OPTS, ['11230']).find((m) => m.topic.endsWith('/temperature/11230'))!.payload as { value: number }).value;
    for (let t = NOW.getTime(); t < NOW.getTime() + 3_600_000; t += 5000) expect(Math.abs(at(t + 5000) - at(t))).toBeLessThan(0.5);
  });
});

// Point in polygon against shared/data when it is beside the repository.
const GEOJSON = new URL('../../../shared/data/seoul-districts.geojson', import.meta.url);
function insideDistrict(code: string, lon: number, lat: number): boolean {
  const geo = JSON.parse(readFileSync(GEOJSON, 'utf8')) as { features: { properties: { code: string }; geometry: { coordinates: number[][][] } }[] };
  const ring = geo.features.find((f) => f.properties.code === code)!.geometry.coordinates[0]!;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > lat !== yj! > lat && lon < ((xj! - xi!) * (lat - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

function checkIncidentLifecycle(p: z.infer<typeof incident>): void {
  const stamps = [p.receivedAt, p.dispatchedAt, p.onSceneAt, p.closedAt];
  const reached = stamps.findIndex((s) => s === null);
  const count = reached === -1 ? 4 : reached;
  // Filled progressively: no gaps, in order, status matching the last one filled.
  expect(stamps.slice(count).every((s) => s === null), p.id).toBe(true);
  for (let i = 1; i < count; i++) expect(ms(stamps[i]!), p.id).toBeGreaterThanOrEqual(ms(stamps[i - 1]!));
  expect(p.status).toBe(['received', 'dispatched', 'on-scene', 'closed'][count - 1]);
  expect(p.ts).toBe(stamps[count - 1]);
  expect(p.units.length > 0).toBe(count >= 2);
}

describe('incidents', () => {
  const snapshot = incidentMessages(NOW, OPTS);

  it('holds a few hours of incidents, each valid, in Seoul, and in its lifecycle order', () => {
    expect(snapshot.length).toBeGreaterThan(150);
    const ids = new Set<string>();
    for (const m of snapshot) {
      const p = incident.parse(m.payload);
      expect(m.topic).toBe(`scpm/v1/incidents/${p.id}`);
      ids.add(p.id);
      checkIncidentLifecycle(p);
      expect(ms(p.receivedAt)).toBeLessThanOrEqual(NOW.getTime());
      expect(p.location.lat).toBeGreaterThan(37.42);
      expect(p.location.lat).toBeLessThan(37.71);
      expect(p.location.lon).toBeGreaterThan(126.76);
      expect(p.location.lon).toBeLessThan(127.19);
      if (existsSync(GEOJSON)) expect(insideDistrict(p.district, p.location.lon, p.location.lat), p.id).toBe(true);
    }
    expect(ids.size).toBe(snapshot.length);
    const statuses = new Set(snapshot.map((m) => (m.payload as { status: string }).status));
    expect(statuses).toEqual(new Set(['received', 'dispatched', 'on-scene', 'closed']));
  });

  it('moves each incident forward only, and clears it after it is done', () => {
    const seen = new Map<string, number>();
    const order = ['received', 'dispatched', 'on-scene', 'closed'];
    let clears = 0;
    let fresh = 0;
    const start = NOW.getTime();
    for (let t = start; t < start + 4 * 3_600_000; t += 60_000) {
      for (const m of incidentChangeMessages(new Date(t), new Date(t + 60_000), OPTS)) {
        const id = m.topic.split('/').pop()!;
        if (m.payload === null) {
          clears++;
          continue;
        }
        const p = incident.parse(m.payload);
        checkIncidentLifecycle(p);
        const step = order.indexOf(p.status);
        if (!seen.has(id)) fresh += ms(p.receivedAt) > start ? 1 : 0;
        expect(step, id).toBeGreaterThanOrEqual(seen.get(id) ?? 0);
        seen.set(id, step);
      }
    }
    // ~45 s apart: 4 h ≈ 320 new incidents; every incident of the first hour is cleared after 3 h.
    expect(fresh).toBeGreaterThan(240);
    expect(fresh).toBeLessThan(400);
    expect(clears).toBeGreaterThan(200);
  });

  it('agrees with the snapshot: changes up to t reproduce the state at t', () => {
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const state = new Map(snapshot.map((m) => [m.topic, m.payload]));
    for (const m of incidentChangeMessages(NOW, later, OPTS)) {
      if (m.payload === null) state.delete(m.topic);
      else state.set(m.topic, m.payload);
    }
    const expected = new Map(incidentMessages(later, OPTS).map((m) => [m.topic, m.payload]));
    expect(state).toEqual(expected);
  });
});

describe('complaints', () => {
  const snapshot = complaintMessages(NOW, OPTS);

  it('holds complaints and suggestions at every pipeline stage, valid and in order', () => {
    expect(snapshot.length).toBeGreaterThan(400);
    for (const m of snapshot) {
      const p = complaint.parse(m.payload);
      expect(m.topic).toBe(`scpm/v1/complaints/${p.id}`);
      expect(ms(p.reportedAt)).toBeLessThanOrEqual(ms(p.receivedAt));
      expect(ms(p.receivedAt)).toBeLessThanOrEqual(ms(p.handledAt));
      expect(p.receivedAt === null).toBe(p.status === 'reported');
      expect(p.handledAt !== null).toBe(p.status === 'resolved' || p.status === 'rejected');
      expect(p.department === null).toBe(p.status === 'reported');
      expect(ms(p.ts)).toBeLessThanOrEqual(NOW.getTime());
    }
    const statuses = new Set(payloads<{ status: string }>(snapshot).map((p) => p.status));
    expect(statuses).toEqual(new Set(['reported', 'received', 'in-progress', 'resolved', 'rejected']));
    const kinds = new Set(payloads<{ kind: string }>(snapshot).map((p) => p.kind));
    expect(kinds).toEqual(new Set(['complaint', 'suggestion']));
  });

  it('carries reporter PII on about 1 in 20, for the gateway to strip', () => {
    const withPii = payloads<{ reporter?: string; phone?: string }>(snapshot).filter((p) => p.reporter !== undefined);
    expect(withPii.length / snapshot.length).toBeGreaterThan(0.02);
    expect(withPii.length / snapshot.length).toBeLessThan(0.09);
    for (const p of withPii) expect(p.phone).toMatch(/^010-0000-\d{4}$/);
  });

  it('progresses between snapshots', () => {
    const later = new Date(NOW.getTime() + 30 * 60_000);
    const changes = complaintChangeMessages(NOW, later, OPTS);
    expect(changes.length).toBeGreaterThan(40);
    for (const m of changes) if (m.payload) complaint.parse(m.payload);
  });
});

describe('polls, pledges and trends', () => {
  it('publishes 6 polls, one private at least, with totals that only grow while open', () => {
    const since = NOW;
    const first = payloads<z.infer<typeof poll>>(pollMessages(NOW, { ...OPTS, since }));
    expect(first).toHaveLength(6);
    for (const p of first) {
      poll.parse(p);
      expect(p.totalVoters).toBe(p.options.reduce((s, o) => s + o.votes, 0));
    }
    expect(first.some((p) => p.visibility === 'private')).toBe(true);
    expect(new Set(first.map((p) => p.status))).toEqual(new Set(['open', 'closed']));
    const later = payloads<z.infer<typeof poll>>(pollMessages(new Date(NOW.getTime() + 30 * 60_000), { ...OPTS, since }));
    for (const [i, p] of later.entries()) {
      const before = first[i]!;
      p.options.forEach((o, k) => expect(o.votes).toBeGreaterThanOrEqual(before.options[k]!.votes));
      if (p.status === 'open') expect(p.totalVoters).toBeGreaterThan(before.totalVoters);
      else expect(p.totalVoters).toBe(before.totalVoters);
    }
  });

  it('publishes 12 pledges with KRW budgets in the hundreds of billions', () => {
    const list = payloads<z.infer<typeof pledge>>(pledgeMessages(NOW, OPTS));
    expect(list).toHaveLength(12);
    for (const p of list) {
      pledge.parse(p);
      expect(p.budget.executed).toBeLessThanOrEqual(p.budget.allocated);
      expect(p.budget.allocated).toBeGreaterThanOrEqual(5e10);
    }
    expect(new Set(list.map((p) => p.status))).toEqual(new Set(['on-track', 'at-risk', 'delayed', 'done']));
  });

  it('publishes 8 trends', () => {
    const list = trendMessages(NOW, OPTS);
    expect(list).toHaveLength(8);
    for (const m of list) expect(m.topic).toBe(`scpm/v1/trends/${trend.parse(m.payload).id}`);
  });
});

describe('the whole snapshot', () => {
  it('is retained, times in KST, every district covered', () => {
    const counts: Record<string, number> = {};
    const districts = new Set<string>();
    for (const m of snapshotMessages(NOW, OPTS)) {
      expect(m.retain).toBe(true);
      expect(m.payload).not.toBeNull();
      const kind = m.topic.split('/')[2]!;
      counts[kind] = (counts[kind] ?? 0) + 1;
      const text = JSON.stringify(m.payload);
      for (const t of text.match(/\d{4}-\d{2}-\d{2}T[0-9:]+[^"]*/g) ?? []) expect(t).toMatch(/\+09:00$/);
      if (kind === 'urban') districts.add((m.payload as { district: string }).district);
    }
    expect(districts.size).toBe(DISTRICTS.length + 1);
    expect(counts).toMatchObject({ catalog: 62, indicators: 16120, urban: 156, polls: 6, pledges: 12, trends: 8 });
  });
});
