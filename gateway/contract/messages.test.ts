import { describe, it, expect } from 'vitest';
import { classify, createClassifier, redactedExcerpt, MAX_JSON_DEPTH } from './messages.js';
import { isUrbanReading, urbanReadingSchema } from './payloads.js';
import { MAP_DISTRICTS } from './map-districts.js';

const opts = { root: 'scpm/v1', officeId: 'demo', maxBytes: 65_536, districts: MAP_DISTRICTS };
const b = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const urban = { metric: 'pm25', district: '11230', value: 18, unit: 'ug/m3', ts: '2026-11-23T09:41:00+09:00' };
const complaint = {
  id: 'cmp-1', kind: 'complaint', category: 'noise', district: '11040', summary: 'Loud', status: 'reported',
  reportedAt: '2026-11-23T08:12:00+09:00', ts: '2026-11-23T08:12:00+09:00',
};

describe('classify', () => {
  it('accepts a contract message and keeps unknown extra fields', () => {
    const r = classify('scpm/v1/urban/pm25/11230', b({ ...urban, sensor: 'x1' }), opts);
    expect(r.ok).toBe(true);
    if (r.ok === true) expect(r.message).toEqual({ kind: 'urban', data: { ...urban, sensor: 'x1' } });
  });

  it.each([
    ['not-json', 'scpm/v1/urban/pm25/11230', b('{"metric":')],
    ['schema', 'scpm/v1/urban/pm25/11230', b({ ...urban, value: 'high' })],
    ['schema', 'scpm/v1/urban/pm25/11230', b([1, 2])],
    ['schema', 'scpm/v1/urban/pm25/11230', b('['.repeat(100) + ']'.repeat(100))],
    ['too-large', 'scpm/v1/urban/pm25/11230', Buffer.alloc(70_000, 32)],
    ['unknown-topic', 'scpm/v1/weather/today', b(urban)],
    ['unknown-topic', 'scpm/v1/offices/other/order-status/x', b({})],
    ['topic-mismatch', 'scpm/v1/urban/pm10/11230', b(urban)],
  ])('rejects %s (%s)', (reason, topic, payload) => {
    const r = classify(topic, payload, opts);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.reason).toBe(reason);
  });

  it('ignores a zero-length payload (a retained clear)', () => {
    expect(classify('scpm/v1/urban/pm25/11230', Buffer.alloc(0), opts)).toEqual({ ok: 'ignore' });
  });

  it('strips reporter fields of complaints and counts them, keeping the complaint', () => {
    const r = classify('scpm/v1/complaints/cmp-1', b({ ...complaint, reporter: 'Kim', phone: '010-1234-5678', email: 'k@x.kr', name: 'Kim' }), opts);
    expect(r.ok).toBe(true);
    if (r.ok === true) {
      expect(r.strippedFields).toBe(4);
      expect(JSON.stringify(r.message.data)).not.toMatch(/Kim|010-1234|k@x/);
    }
  });

  it('checks the breakdown against the topic and defaults it to all/all', () => {
    const v = { indicator: 'employment-rate', district: '11230', period: '2026-10', value: 61.2, ts: '2026-11-01T00:00:00+09:00' };
    const ok = classify('scpm/v1/indicators/employment-rate/11230/all/all', b(v), opts);
    expect(ok.ok === true && ok.message.kind === 'indicator-value' && ok.message.data.breakdown).toEqual({ gender: 'all', ageBand: 'all' });
    const bad = classify('scpm/v1/indicators/employment-rate/11230/female/all', b(v), opts);
    expect(bad).toMatchObject({ ok: false, reason: 'topic-mismatch' });
  });

  it('never quotes payload text in a not-json detail', () => {
    const r = classify('scpm/v1/urban/pm25/11230', b('홍길동 010-9999-8888'), opts);
    expect(r.ok === false && r.detail).not.toMatch(/010|홍/);
  });
});

describe('redactedExcerpt', () => {
  it('keeps structure and keys, masks values, including unterminated and bare text', () => {
    expect(redactedExcerpt(b('{"summary":"call 010-1234-5678","n":3}'))).toBe('{"summary":"…18ch","n":3}');
    expect(redactedExcerpt(b('{"phone":"010-1234-5678'))).not.toContain('010');
    expect(redactedExcerpt(b('kim@example.com 01012345678'))).not.toMatch(/kim|0101/);
  });

  it('a classifier with its route cache answers as classify does, topic after topic', () => {
    const cached = createClassifier(opts);
    const topics = ['scpm/v1/urban/pm25/11230', 'scpm/v1/urban/pm10/11230', 'scpm/v1/weather/today', 'scpm/v1/complaints/cmp-1', 'scpm/v1/offices/other/order-status/x'];
    for (let round = 0; round < 3; round++) {
      for (const t of topics) for (const p of [b(urban), b(complaint), b('{')]) expect(cached(t, p)).toEqual(classify(t, p, opts));
    }
  });

  it('rejects nesting deeper than MAX_JSON_DEPTH, in objects and arrays alike', () => {
    const nest = (depth: number, inArray: boolean): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = inArray && i % 2 ? [v] : { v };
      return v;
    };
    for (const inArray of [false, true]) {
      // The payload object itself is depth 0; `extra` adds one more level.
      const ok = classify('scpm/v1/urban/pm25/11230', b({ ...urban, extra: nest(MAX_JSON_DEPTH - 1, inArray) }), opts);
      expect(ok.ok).toBe(true);
      const bad = classify('scpm/v1/urban/pm25/11230', b({ ...urban, extra: nest(MAX_JSON_DEPTH, inArray) }), opts);
      expect(bad).toMatchObject({ ok: false, reason: 'schema', detail: `nesting deeper than ${MAX_JSON_DEPTH}` });
    }
  });
});

describe('isUrbanReading (the fast path of ingest)', () => {
  // Every field replaced by values of other types and edge values, one at a time and in pairs.
  const variants: Record<string, unknown[]> = {
    metric: [undefined, 'pm25', 'a'.repeat(128), 'a'.repeat(129), '', 'pm 25', 'pm/25', 7, null, ['pm25']],
    district: [undefined, '11230', 'city', '1123', '112300', 'City', 11230, null],
    value: [undefined, 0, -3.5, 1e308, '18', null, true, {}],
    unit: [undefined, '', 'ug/m3', 'x'.repeat(32), 'x'.repeat(33), 3, null],
    ts: [undefined, '2026-11-23T09:41:00+09:00', '2026-11-23T00:41Z', '2026-11-23T09:41:00.123456Z', '2026-11-23 09:41:00Z', '2026-11-23T09:41:00', 0, null],
  };
  const cases: Record<string, unknown>[] = [];
  const fields = Object.keys(variants);
  for (const f of fields) for (const v of variants[f]!) cases.push({ ...urban, [f]: v });
  for (const f of fields) for (const g of fields) if (f < g) for (const v of variants[f]!) for (const w of variants[g]!) cases.push({ ...urban, [f]: v, [g]: w });
  for (const c of cases) for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
  cases.push({ ...urban, extra: { nested: [1, 2] }, station: 's-1' });

  it('accepts only what the zod schema accepts, with the same output', () => {
    let accepted = 0;
    for (const c of cases) {
      const input = structuredClone(c);
      const zod = urbanReadingSchema.safeParse(structuredClone(c));
      if (isUrbanReading(input)) {
        accepted++;
        expect(zod.success, JSON.stringify(c)).toBe(true);
        expect(input).toEqual(zod.data);
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it('takes every reading zod takes (so the fast path is the one used)', () => {
    for (const c of cases) {
      if (urbanReadingSchema.safeParse(structuredClone(c)).success) expect(isUrbanReading(structuredClone(c)), JSON.stringify(c)).toBe(true);
    }
  });
});

