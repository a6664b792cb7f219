import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CENTRED_JITTER, backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from minMs per attempt up to maxMs, in [step/2, step] by default', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, 100, 1000, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, 100, 1000, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });

  it('stays within its jitter of the step and never above maxMs, for any attempt (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), fc.boolean(), (n, r, minMs, extra, centred) => {
      const maxMs = minMs + extra;
      const d = backoffDelay(n, minMs, maxMs, () => r, centred ? CENTRED_JITTER : undefined);
      expect(Number.isFinite(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(Math.floor(minMs * (centred ? 0.75 : 0.5)));
      expect(d).toBeLessThanOrEqual(maxMs);
    }));
  });
});
