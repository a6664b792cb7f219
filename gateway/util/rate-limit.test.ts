// The per-principal token bucket: never more than perMinute at once plus the
// refill over any stretch of time, a Retry-After that is honest, a bounded map.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PerKeyRateLimit } from './rate-limit.js';

describe('PerKeyRateLimit', () => {
  it('allows perMinute at once, then one per 60/perMinute s, with an exact Retry-After', () => {
    let t = 0;
    const r = new PerKeyRateLimit(120, 1024, () => t);
    for (let i = 0; i < 120; i++) expect(r.take('api').ok).toBe(true);
    const over = r.take('api');
    expect(over).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Another principal has its own bucket.
    expect(r.take('device:tablet-1').ok).toBe(true);
    t += 499;
    expect(r.take('api').ok).toBe(false);
    t += 1;
    expect(r.take('api').ok).toBe(true);
    const slow = new PerKeyRateLimit(2, 1024, () => t);
    slow.take('k');
    slow.take('k');
    expect(slow.take('k')).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it('accepts at most perMinute + perMinute/60 000 per ms over any stretch (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 400 }),
      (perMinute, gaps) => {
        let t = 0;
        const r = new PerKeyRateLimit(perMinute, 8, () => t);
        const accepted: number[] = [];
        for (const g of gaps) {
          t += g;
          const x = r.take('k');
          if (x.ok) accepted.push(t);
          else if (!(x.retryAfterSeconds >= 1)) return false;
        }
        for (let i = 0; i < accepted.length; i++) {
          for (let j = i; j < accepted.length; j++) {
            const span = accepted[j]! - accepted[i]!;
            if (j - i + 1 > perMinute + (span * perMinute) / 60_000 + 1e-9) return false;
          }
        }
        return true;
      },
    ), { numRuns: 200 });
  });

  it('keeps at most maxKeys buckets', () => {
    const r = new PerKeyRateLimit(5, 16);
    for (let i = 0; i < 1000; i++) r.take(`device:${i}`);
    expect(r.size).toBe(16);
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new PerKeyRateLimit(0)).toThrow();
    expect(() => new PerKeyRateLimit(Number.NaN)).toThrow();
  });
});
