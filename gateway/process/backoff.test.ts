import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from minMs per failure up to maxMs (no jitter at random = 0.5)', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { minMs: 500, maxMs: 5000 }, () => 0.5));
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('stays within ±25 % of the step and never above maxMs, for any failure count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), (n, r, minMs, extra) => {
        const maxMs = minMs + extra;
        const d = backoffDelay(n, { minMs, maxMs }, () => r);
        expect(Number.isFinite(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(Math.floor(minMs * 0.75));
        expect(d).toBeLessThanOrEqual(maxMs);
      }),
    );
  });
});
