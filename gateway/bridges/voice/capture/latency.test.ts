import { describe, expect, it } from 'vitest';
import { LatencyRing } from './latency.js';

describe('latency ring', () => {
  it('is empty until something is measured, then gives the median and 95th percentile', () => {
    const r = new LatencyRing();
    expect(r.summary()).toBeNull();
    for (let i = 1; i <= 100; i++) r.push(i);
    expect(r.summary()).toEqual({ p50: 51, p95: 96, n: 100 });
  });

  it('keeps only the newest values', () => {
    const r = new LatencyRing(3);
    for (const v of [1000, 1000, 1000, 5, 6, 7]) r.push(v);
    expect(r.summary()).toEqual({ p50: 6, p95: 7, n: 3 });
  });
});
