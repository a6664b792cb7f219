// Poison input at the edge: impossible times, future timestamps, optional
// fields of the wrong shape, PII at any depth, __proto__ keys. Each costs one
// rejection with a reason, or a dropped field, never the entity that matters.
import { describe, it, expect } from 'vitest';
import { classify, type Classified } from './messages.js';
import { isInstant } from './payloads.js';
import { MAP_DISTRICTS } from './map-districts.js';

const NOW = Date.parse('2026-11-29T10:00:00+09:00');
const opts = { root: 'scpm/v1', officeId: 'demo', maxBytes: 65_536, districts: MAP_DISTRICTS, maxFutureSkewMs: 600_000, now: () => NOW };
const b = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const ts = '2026-11-29T09:41:00+09:00';
const incident = {
  id: 'inc-1', kind: 'fire', title: 'Building fire', severity: 3, district: '11230',
  location: { lat: 37.4979, lon: 127.0276, address: 'Gangnam-daero 396' }, status: 'dispatched',
  receivedAt: '2026-11-29T09:40:12+09:00', dispatchedAt: '2026-11-29T09:41:02+09:00', onSceneAt: null, closedAt: null,
  units: ['Gangnam fire station 2'], cameras: ['gangnam-station-east'], ts,
};
const complaint = {
  id: 'cmp-1', kind: 'complaint', category: 'noise', district: '11040', summary: 'Loud', status: 'received',
  reportedAt: '2026-11-29T08:12:00+09:00', receivedAt: '2026-11-29T08:15:00+09:00', handledAt: null, ts,
};
const poll = {
  id: 'poll-1', title: 'Park name', kind: 'policy', visibility: 'public', status: 'open',
  opensAt: '2026-11-20T00:00:00+09:00', closesAt: '2026-11-30T23:59:59+09:00', totalVoters: 10,
  options: [{ id: 'a', label: 'A', votes: 4 }, { id: 'b', label: 'B', votes: 6 }], ts,
};
const urban = { metric: 'pm25', district: '11230', value: 18, unit: 'ug/m3', ts };
const orderStatus = { orderId: 'ord-1', status: 'received', ts };
const indicatorValue = { indicator: 'employment-rate', district: '11230', period: '2026-10', value: 61.2, ts };
const pledge = { id: 'pledge-07', title: 'Homes', progress: 63, status: 'on-track', budget: { allocated: 10, executed: 5, currency: 'KRW' }, ts };
const trend = { id: 'fine-dust', keyword: { en: 'fine dust', ko: '미세먼지' }, mentions: 1840, window: '1h', ts };

const accepted = (r: Classified) => {
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r as Extract<Classified, { ok: true }>;
};

const IMPOSSIBLE = [
  '2026-13-01T00:00:00+09:00', '2026-00-10T00:00:00+09:00', '2026-11-31T00:00:00+09:00', '2026-02-29T00:00:00+09:00',
  '2026-11-29T25:00:00+09:00', '2026-11-29T24:00:00+09:00', '2026-11-29T10:60:00+09:00', '2026-11-29T10:00:61+09:00',
  '2026-11-29T10:00:00+99:99', '2026-11-29T10:00:00+09:60', '2026-11-29T10:00:00+15:00', '0000-00-00T00:00:00Z',
];

describe('times are real instants', () => {
  it('isInstant accepts real instants in every form the contract allows', () => {
    for (const s of ['2026-11-23T09:41:07+09:00', '2026-11-23T09:41+09:00', '2026-11-23T00:41:00Z', '2028-02-29T12:00:00.123456789-05:30', '2026-11-29T23:59:59+14:00']) expect(isInstant(s), s).toBe(true);
  });

  it.each(IMPOSSIBLE)('isInstant refuses %s', (s) => {
    expect(isInstant(s)).toBe(false);
  });

  it.each(IMPOSSIBLE)('a required ts of %s rejects the message as schema, on every entity', (bad) => {
    const cases: [string, Record<string, unknown>][] = [
      ['scpm/v1/urban/pm25/11230', urban], ['scpm/v1/incidents/inc-1', incident], ['scpm/v1/complaints/cmp-1', complaint],
      ['scpm/v1/polls/poll-1', poll], ['scpm/v1/offices/demo/order-status/ord-1', orderStatus],
      ['scpm/v1/indicators/employment-rate/11230/all/all', indicatorValue], ['scpm/v1/pledges/pledge-07', pledge], ['scpm/v1/trends/fine-dust', trend],
    ];
    for (const [topic, payload] of cases) expect(classify(topic, b({ ...payload, ts: bad }), opts), topic).toMatchObject({ ok: false, reason: 'schema' });
    expect(classify('scpm/v1/incidents/inc-1', b({ ...incident, receivedAt: bad }), opts)).toMatchObject({ ok: false, reason: 'schema' });
    expect(classify('scpm/v1/complaints/cmp-1', b({ ...complaint, reportedAt: bad }), opts)).toMatchObject({ ok: false, reason: 'schema' });
  });

  it('an optional time that is impossible is dropped and counted; the entity is kept', () => {
    const r = accepted(classify('scpm/v1/incidents/inc-1', b({ ...incident, dispatchedAt: '2026-11-29T25:00:00+09:00' }), opts));
    expect(r.message.data).not.toHaveProperty('dispatchedAt');
    expect(r.droppedFields).toEqual([{ entity: 'incident', field: 'dispatchedAt' }]);
  });
});

describe('no pinning by the future', () => {
  it('rejects a ts more than maxFutureSkew ahead as future-ts, on every entity kind', () => {
    const future = '2026-11-29T11:00:00+09:00'; // an hour ahead of NOW
    for (const [topic, payload] of [['scpm/v1/urban/pm25/11230', urban], ['scpm/v1/incidents/inc-1', incident], ['scpm/v1/offices/demo/order-status/ord-1', orderStatus]] as const) {
      const r = classify(topic, b({ ...payload, ts: future }), opts);
      expect(r, topic).toMatchObject({ ok: false, reason: 'future-ts' });
      if (r.ok === false) expect(r.detail).toMatch(/3600 s ahead/);
    }
  });

  it('accepts a ts within the skew, and a poll closing in the future', () => {
    accepted(classify('scpm/v1/urban/pm25/11230', b({ ...urban, ts: '2026-11-29T10:09:00+09:00' }), opts));
    accepted(classify('scpm/v1/polls/poll-1', b({ ...poll, closesAt: '2027-06-30T00:00:00+09:00' }), opts));
  });

  it('without a skew limit, a future ts is accepted (the option is what rejects it)', () => {
    accepted(classify('scpm/v1/urban/pm25/11230', b({ ...urban, ts: '2030-01-01T00:00:00+09:00' }), { ...opts, maxFutureSkewMs: undefined }));
  });
});

describe('a malformed optional field never drops a record that matters', () => {
  it.each([
    ['cameras as objects', 'scpm/v1/incidents/inc-1', { ...incident, cameras: [{ id: 'cam-1' }] }, 'incident', ['cameras']],
    ['units as a string', 'scpm/v1/incidents/inc-1', { ...incident, units: 'engine 2' }, 'incident', ['units']],
    ['location with a text latitude', 'scpm/v1/incidents/inc-1', { ...incident, location: { lat: 'north', lon: 127 } }, 'incident', ['location']],
    ['severity as Infinity', 'scpm/v1/incidents/inc-1', `${JSON.stringify(incident).slice(0, -1)},"severity":1e999}`, 'incident', ['severity']],
    ['handledAt as a number', 'scpm/v1/complaints/cmp-1', { ...complaint, handledAt: 1732600000 }, 'complaint', ['handledAt']],
    ['a huge totalVoters', 'scpm/v1/polls/poll-1', { ...poll, totalVoters: 2 ** 100 }, 'poll', ['totalVoters']],
    ['a budget of the wrong shape', 'scpm/v1/pledges/pledge-07', { ...pledge, budget: 'lots' }, 'pledge', ['budget']],
    ['two at once', 'scpm/v1/incidents/inc-1', { ...incident, cameras: 7, onSceneAt: 'soon' }, 'incident', ['cameras', 'onSceneAt']],
  ] as const)('%s: dropped and counted, the entity kept', (_name, topic, payload, entity, fields) => {
    const r = accepted(classify(topic, b(payload), opts));
    for (const f of fields) expect(r.message.data).not.toHaveProperty(f);
    expect(r.droppedFields).toEqual(expect.arrayContaining(fields.map((field) => ({ entity, field }))));
    expect(r.droppedFields).toHaveLength(fields.length);
    expect((r.message.data as { id: string }).id).toBeDefined();
  });

  it('a required field of the wrong shape still rejects, naming it, even beside a bad optional one', () => {
    const r = classify('scpm/v1/incidents/inc-1', b({ ...incident, cameras: [{}], status: 'burning' }), opts);
    expect(r).toMatchObject({ ok: false, reason: 'schema' });
    if (r.ok === false) expect(r.detail).toMatch(/^status:/);
    expect(classify('scpm/v1/urban/pm25/11230', b(`${JSON.stringify(urban).slice(0, -1)},"value":1e999}`), opts)).toMatchObject({ ok: false, reason: 'schema' });
  });

  it('keeps a well-formed camera list (the contract\'s optional cameras)', () => {
    const r = accepted(classify('scpm/v1/incidents/inc-1', b(incident), opts));
    expect((r.message.data as { cameras: string[] }).cameras).toEqual(['gangnam-station-east']);
    expect(r.droppedFields).toEqual([]);
  });
});

describe('PII at any depth, and __proto__ keys', () => {
  it('strips reporter fields of a complaint wherever they occur', () => {
    const payload = { ...complaint, reporter: 'Kim', meta: { contact: { phone: '010-1234-5678', email: 'k@x.kr' }, list: [{ name: 'Kim Minsu' }] } };
    const r = accepted(classify('scpm/v1/complaints/cmp-1', b(payload), opts));
    expect(JSON.stringify(r.message.data)).not.toMatch(/Kim|010-1234|k@x/);
    expect(r.strippedFields).toBe(4);
  });

  it('removes __proto__ keys at any depth, leaving prototypes alone, and counts them', () => {
    const text = `{"__proto__":{"polluted":true},"metric":"pm25","district":"11230","value":18,"ts":"${ts}","extra":{"__proto__":{"x":1},"y":2}}`;
    const r = accepted(classify('scpm/v1/urban/pm25/11230', b(text), opts));
    expect(Object.getPrototypeOf(r.message.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(r.message.data)).toBe(`{"metric":"pm25","district":"11230","value":18,"ts":"${ts}","extra":{"y":2}}`);
    expect(r.droppedFields).toEqual([{ entity: 'urban', field: '__proto__' }]);
  });
});
