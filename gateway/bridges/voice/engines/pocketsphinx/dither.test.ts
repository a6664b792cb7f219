import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ditherHalfBit, mersenneTwister31 } from './dither.js';

describe('the half-bit dither', () => {
  it("draws MT19937's genrand_int31 sequence (reference values of init_genrand)", () => {
    // genrand_int32 from init_genrand(5489): 3499211612, 581869302; from init_genrand(1): 1791095845. int31 is >> 1.
    const std = mersenneTwister31(5489);
    expect([std(), std()]).toEqual([3499211612 >>> 1, 581869302 >>> 1]);
    expect(mersenneTwister31(1)()).toBe(1791095845 >>> 1);
    // Past the first twist (624 numbers) as well.
    const r = mersenneTwister31(5489);
    let last = 0;
    for (let i = 0; i < 1000; i++) last = r();
    expect(last).toBe(1341017984 >>> 1);
    // C++'s std::mt19937 conformance value: the 10000th number from the default seed.
    for (let i = 1000; i < 10000; i++) last = r();
    expect(last).toBe(4123659995 >>> 1);
  });

  it('gives the same samples for the same audio, adds 0 or 1 to each, about a quarter of them, and leaves the input alone', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 4000 }), (xs) => {
      const input = Int16Array.from(xs);
      const a = ditherHalfBit(input);
      expect(Array.from(input)).toEqual(xs);
      expect(ditherHalfBit(input)).toEqual(a);
      for (let i = 0; i < xs.length; i++) {
        const d = a[i]! - xs[i]!;
        expect(xs[i] === 32767 ? d === 0 : d === 0 || d === 1).toBe(true);
      }
    }), { numRuns: 50 });
    const zeros = ditherHalfBit(new Int16Array(16000));
    const ones = zeros.reduce((n, s) => n + s, 0);
    expect(ones / 16000).toBeGreaterThan(0.23);
    expect(ones / 16000).toBeLessThan(0.27);
  });
});
