// A chart's series: the last reading of each bucket, however many readings a bucket has.
import { describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';

const base = Date.parse('2026-11-23T00:00:00Z');
const reading = (s: Store, i: number, tsMs: number, district = '11230') =>
  s.apply({ kind: 'urban', data: { metric: 'pm25', district, value: i, ts: new Date(tsMs).toISOString() } }, 1);

describe('urban series for a chart (bucketMs)', () => {
  it('gives the last reading of each bucket that has any, oldest first, ending on the latest', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    // One reading a second for two hours, with the third ten minutes silent; another district beside it.
    let n = 0;
    for (let t = 0; t < 7200; t++) {
      if (t >= 1200 && t < 1800) continue;
      reading(s, n++, base + t * 1000);
      if (t % 600 === 0) reading(s, -1, base + t * 1000, '11680');
    }
    const all = s.urbanSeries('pm25', '11230', base);
    expect(all).toHaveLength(n);
    const chart = s.urbanSeries('pm25', '11230', base + 30_000, { bucketMs: 60_000 });
    // 120 one-minute buckets, 10 of them empty.
    expect(chart).toHaveLength(110);
    expect(chart.every((p, i) => i === 0 || p.tsMs - chart[i - 1]!.tsMs >= 1000)).toBe(true);
    // Each point is the bucket's last reading: the first bucket's is at 59 s (its first 30 s are before `since`).
    expect(chart[0]).toEqual({ tsMs: base + 59_000, value: 59 });
    expect(chart[19]).toEqual({ tsMs: base + 1_199_000, value: 1199 });
    expect(chart[20]).toEqual({ tsMs: base + 1_859_000, value: 1199 + 60 });
    expect(chart.at(-1)).toEqual(all.at(-1));
    expect(chart.every((p) => p.value >= 0)).toBe(true); // never the other district's
  });

  it('keeps the downsampled buckets before the first raw reading', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    for (let i = 0; i < 180; i++) reading(s, i, base + i * 60_000);
    s.maintain(base + 180 * 60_000); // TEST_LIMITS: a 1 h raw window, hourly buckets
    const chart = s.urbanSeries('pm25', '11230', base, { bucketMs: 600_000 });
    expect(chart.map((p) => p.value)).toEqual([29.5, 89.5, 129, 139, 149, 159, 169, 179]);
  });

  it('stops at MAX_CHART_BUCKETS however fine the buckets', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    for (let i = 0; i < 1500; i++) reading(s, i, base + i * 1000);
    expect(s.urbanSeries('pm25', '11230', base, { bucketMs: 1 })).toHaveLength(1000);
  });
});
