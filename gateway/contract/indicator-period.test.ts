// An indicator value's rows are pruned by period only: a period that starts
// after the message's ts (e.g. 9999-12, or a history of future years) would
// never be pruned, so it is refused at the edge.
import { describe, it, expect } from 'vitest';
import { classify } from './messages.js';
import { MAP_DISTRICTS } from './map-districts.js';

const opts = { root: 'scpm/v1', officeId: 'demo', maxBytes: 65_536, districts: MAP_DISTRICTS };
const TOPIC = 'scpm/v1/indicators/employment-rate/11230/all/all';
const value = (o: object) => Buffer.from(JSON.stringify({ indicator: 'employment-rate', district: '11230', period: '2026-10', value: 61.2, ts: '2026-11-01T00:00:00+09:00', ...o }));

describe('indicator value periods', () => {
  it('refuses a period, or a history period, that starts after the message\'s ts', () => {
    expect(classify(TOPIC, value({ period: '9999-12' }), opts)).toMatchObject({ ok: false, reason: 'schema', detail: expect.stringContaining('9999-12') });
    expect(classify(TOPIC, value({ period: '2026-12' }), opts)).toMatchObject({ ok: false, reason: 'schema' });
    expect(classify(TOPIC, value({ period: '2027' }), opts)).toMatchObject({ ok: false, reason: 'schema' });
    const history = [{ period: '2026-09', value: 1 }, { period: '3000', value: 2 }];
    expect(classify(TOPIC, value({ history }), opts)).toMatchObject({ ok: false, reason: 'schema', detail: expect.stringContaining('3000') });
  });

  it('takes the ts\'s own month and year (in the ts\'s calendar, not UTC), and earlier ones', () => {
    // 00:00 KST on 1 November is still October in UTC: November's figure is not in the future.
    expect(classify(TOPIC, value({ period: '2026-11' }), opts)).toMatchObject({ ok: true });
    expect(classify(TOPIC, value({ period: '2026' }), opts)).toMatchObject({ ok: true });
    expect(classify(TOPIC, value({ history: [{ period: '2026-09', value: 1 }, { period: '2025', value: 2 }] }), opts)).toMatchObject({ ok: true });
  });
});
