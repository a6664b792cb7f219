import { describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import { MIRROR_MAX_METRICS, MIRROR_MAX_ROWS, UrbanLatestMirror } from './urban-latest-mirror.js';
import type { CityMessage } from '../contract/messages.js';
import type { UrbanLatestRow } from './types.js';

const at = (s: number) => `2026-11-23T09:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}+09:00`;
const reading = (metric: string, district: string, value: number, sec: number): CityMessage =>
  ({ kind: 'urban', data: { metric, district, value, unit: 'ug/m3', ts: at(sec) } });

/** `urban_latest` as the table holds it, bypassing the mirror. */
function tableRows(s: Store, metric: string): UrbanLatestRow[] {
  return (s.db.prepare('SELECT * FROM urban_latest WHERE metric = ? ORDER BY district').all(metric) as Record<string, unknown>[])
    .map((r) => ({ metric: r.metric, district: r.district, value: r.value, unit: r.unit, ts: r.ts, tsMs: r.ts_ms, receivedAt: r.received_ms }) as UrbanLatestRow);
}

describe('urban_latest mirror', () => {
  it('reads the same as the table through commits, older readings, redeliveries and rolled-back transactions', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    s.apply(reading('pm25', '11110', 1, 1), 1);
    for (let round = 0; round < 300; round++) {
      const batch = Array.from({ length: 1 + rnd(5) }, () => reading(rnd(3) ? 'pm25' : 'no2', `11${100 + rnd(8) * 10}`, rnd(1000), rnd(600)));
      const fail = rnd(6) === 0;
      try {
        s.transaction(() => {
          s.applyAll(batch.map((message) => ({ message, receivedMs: round })));
          if (fail) throw new Error('rolled back');
        });
      } catch { /* the rolled-back ones */ }
      if (rnd(4) === 0) s.apply(reading('pm25', '11150', rnd(1000), rnd(600)), round); // outside a transaction
      for (const metric of ['pm25', 'no2']) expect(s.urbanLatest({ metric })).toEqual(tableRows(s, metric));
    }
    expect(s.urbanLatest({ metric: 'pm25', limit: 2, offset: 1 })).toEqual(tableRows(s, 'pm25').slice(1, 3));
  });

  it('never shows a reading whose transaction rolled back, even one read inside it', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    s.apply(reading('pm25', '11230', 10, 1), 1);
    expect(s.urbanLatest({ metric: 'pm25' })[0]!.value).toBe(10); // held from here on
    expect(() => s.transaction(() => {
      s.apply(reading('pm25', '11230', 99, 2), 2);
      expect(s.urbanLatest({ metric: 'pm25' })[0]!.value).toBe(10); // the mirror holds only what committed…
      throw new Error('disk full');
    })).toThrow('disk full');
    expect(s.urbanLatest({ metric: 'pm25' })[0]!.value).toBe(10);
    s.transaction(() => { s.apply(reading('pm25', '11230', 42, 3), 3); });
    expect(s.urbanLatest({ metric: 'pm25' })[0]!.value).toBe(42); // …and what did, once it did
  });

  it('holds a bounded number of metrics and of rows per metric', () => {
    const m = new UrbanLatestMirror();
    const row = (metric: string, district: string): UrbanLatestRow => ({ metric, district, value: 1, unit: null, ts: at(1), tsMs: 1, receivedAt: 1 });
    for (let i = 0; i <= MIRROR_MAX_METRICS; i++) m.load(`m${i}`, [row(`m${i}`, '11110')]);
    expect(m.rows('m0')).toBeNull(); // the first one loaded made room
    expect(m.rows(`m${MIRROR_MAX_METRICS}`)).toHaveLength(1);
    expect(m.load('big', Array.from({ length: MIRROR_MAX_ROWS + 1 }, (_, i) => row('big', String(i))))).toBe(false);
    expect(m.rows('big')).toBeNull();
    m.load('full', Array.from({ length: MIRROR_MAX_ROWS }, (_, i) => row('full', String(i))));
    m.stage(row('full', 'one more'), false);
    expect(m.rows('full')).toBeNull(); // grew past the bound: read from the table again
  });
});
