import { describe, expect, it } from 'vitest';
import { classify, type Classified } from './messages.js';
import { districtList, unknownDistrict } from './districts.js';
import { MAP_DISTRICTS } from './map-districts.js';

const TS = '2026-11-23T09:41:00+09:00';
const opts = { root: 'scpm/v1', officeId: 'demo', maxBytes: 65_536, districts: MAP_DISTRICTS };
const b = (v: unknown) => Buffer.from(JSON.stringify(v));
const urban = (district: string) => ({ metric: 'pm25', district, value: 18, unit: 'ug/m3', ts: TS });
const indicator = (district: string) => ({ indicator: 'employment-rate', district, period: '2026-10', value: 61.2, ts: TS });
const incident = (district: string) => ({ id: 'inc-1', kind: 'fire', title: 'Fire', district, status: 'received', receivedAt: TS, ts: TS });
const complaint = (district: string) => ({ id: 'cmp-1', kind: 'complaint', category: 'noise', district, summary: 'Loud', status: 'reported', reportedAt: TS, ts: TS });

/** Each kind that names a district, on its topic. */
const KINDS: [string, (d: string) => [string, object]][] = [
  ['urban reading', (d) => [`scpm/v1/urban/pm25/${d}`, urban(d)]],
  ['indicator value', (d) => [`scpm/v1/indicators/employment-rate/${d}/all/all`, indicator(d)]],
  ['incident', (d) => ['scpm/v1/incidents/inc-1', incident(d)]],
  ['complaint', (d) => ['scpm/v1/complaints/cmp-1', complaint(d)]],
];

const refused = (r: Classified) => (r.ok === false ? { reason: r.reason, detail: r.detail } : null);

describe('a district not on the office map', () => {
  it('the map is the shipped one: Seoul\'s 25 districts, named by its file', () => {
    expect(opts.districts.codes.size).toBe(25);
    expect(opts.districts.codes.has('11230')).toBe(true);
    expect(opts.districts.source).toBe('display/data/seoul-districts.geojson');
  });

  it.each(KINDS)('%s: five digits off the map are refused, naming the code and the map', (_kind, make) => {
    for (const code of ['99999', '00000', '11650', '11255']) {
      const [topic, payload] = make(code);
      const r = refused(classify(topic, b(payload), opts));
      expect(r, code).toEqual({ reason: 'unknown-district', detail: expect.stringContaining(`"${code}"`) as string });
      expect(r!.detail).toContain('display/data/seoul-districts.geojson');
    }
  });

  it.each(KINDS)('%s: a district of the map and `city` are taken', (_kind, make) => {
    for (const code of ['11010', '11230', '11250', 'city']) {
      const [topic, payload] = make(code);
      expect(classify(topic, b(payload), opts).ok, code).toBe(true);
    }
  });

  it('a topic and payload that disagree are a topic-mismatch, whichever side names the unknown code', () => {
    expect(refused(classify('scpm/v1/urban/pm25/11230', b(urban('99999')), opts))?.reason).toBe('topic-mismatch');
    expect(refused(classify('scpm/v1/urban/pm25/99999', b(urban('11230')), opts))?.reason).toBe('topic-mismatch');
    expect(refused(classify('scpm/v1/indicators/employment-rate/99999/all/all', b(indicator('11230')), opts))?.reason).toBe('topic-mismatch');
  });

  it('a kind without a district keeps an extra `district` field as the contract keeps unknown fields', () => {
    const poll = { id: 'poll-1', title: 'Park', kind: 'policy', visibility: 'public', status: 'open', options: [{ id: 'a', label: 'A', votes: 1 }], district: '99999', ts: TS };
    expect(classify('scpm/v1/polls/poll-1', b(poll), opts).ok).toBe(true);
  });

  it('another office\'s map is respected: its codes are taken, Seoul\'s refused', () => {
    const busan = districtList(['26110', '26140'], 'busan-districts.geojson');
    const other = { ...opts, districts: busan };
    expect(classify('scpm/v1/urban/pm25/26110', b(urban('26110')), other).ok).toBe(true);
    expect(refused(classify('scpm/v1/urban/pm25/11230', b(urban('11230')), other))?.detail).toContain('busan-districts.geojson');
    expect(unknownDistrict(busan, 'city')).toBeNull();
  });
});
