import { describe, expect, it } from 'vitest';
import { lastAtOrBefore, pct, pctOf } from './latency.js';

describe('lastAtOrBefore: the chunk that carried a value', () => {
  const xs = [10, 20, 20, 35.5];
  it('finds the last arrival at or before the DOM change', () => {
    expect(lastAtOrBefore(xs, 20)).toBe(20);
    expect(lastAtOrBefore(xs, 34.9)).toBe(20);
    expect(lastAtOrBefore(xs, 35.5)).toBe(35.5);
    expect(lastAtOrBefore(xs, 1e9)).toBe(35.5);
  });
  it('has none before the first arrival, or with no arrivals', () => {
    expect(lastAtOrBefore(xs, 9.9)).toBeUndefined();
    expect(lastAtOrBefore([], 100)).toBeUndefined();
  });
  it('agrees with a linear scan', () => {
    const sorted = Array.from({ length: 200 }, (_, i) => Math.floor(i * 7.3) % 500).sort((a, b) => a - b);
    for (let t = -5; t < 520; t += 3.7) {
      const scan = sorted.filter((x) => x <= t).pop();
      expect(lastAtOrBefore(sorted, t)).toBe(scan);
    }
  });
});

describe('percentiles', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(pct(xs, 50)).toBe(50);
    expect(pct(xs, 99)).toBe(99);
    expect(pctOf([3, 1, 2], 100)).toBe(3);
    expect(pct([], 50)).toBeNaN();
  });
});
