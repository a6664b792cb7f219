import { describe, expect, it } from 'vitest';
import { pairRatios, pairSummary } from './live-report.js';
import type { IngestRun } from './live-report.js';

const run = (screens: boolean, rate: number, gatewayCpuUs = NaN): IngestRun => ({ screens, rate, received: 100_000, pushed: 0, gatewayCpuUs, mainOnCore: NaN, mainWaiting: NaN });

describe('pairRatios', () => {
  it('sets each run with screens against the run without just before it', () => {
    expect(pairRatios([run(false, 100), run(true, 90), run(false, 80), run(true, 88)])).toEqual([0.9, 1.1]);
  });

  it('takes a pair in either order, the screens\' run always over the other', () => {
    expect(pairRatios([run(false, 100), run(true, 90), run(true, 88), run(false, 80)])).toEqual([0.9, 1.1]);
  });

  it('skips what is not a pair (two runs alike, a rate of zero)', () => {
    expect(pairRatios([run(false, 0), run(true, 10), run(true, 20), run(true, 95), run(false, 100)])).toEqual([0.95]);
  });

  it('sets any figure of the pair against the other, and skips a pair where it was not read', () => {
    const runs = [run(false, 100, 10), run(true, 90, 10.7), run(true, 90, NaN), run(false, 100, 10), run(true, 90, 11), run(false, 100, 10)];
    const s = pairSummary(runs, (r) => r.gatewayCpuUs)!;
    expect(s.ratios.map((x) => x.toFixed(2))).toEqual(['1.07', '1.10']);
  });

  it('sums the pairs up: with an even count, the median is the mean of the middle two', () => {
    const runs = [[100, 102], [100, 106], [100, 86], [100, 85]].flatMap(([a, b]) => [run(false, a!), run(true, b!)]);
    const s = pairSummary(runs)!;
    expect(s.median).toBeCloseTo(0.94, 10);
    expect([s.min, s.max]).toEqual([0.85, 1.06]);
    expect(pairSummary(runs.slice(0, 6))!.median).toBeCloseTo(1.02, 10);
    expect(pairSummary([run(true, 1)])).toBeNull();
  });
});
