import { describe, expect, it } from 'vitest';
import { pairRatios, pairSummary } from './live-report.js';
import type { IngestRun } from './live-report.js';

const run = (screens: boolean, rate: number): IngestRun => ({ screens, rate, received: 100_000, pushed: 0 });

describe('pairRatios', () => {
  it('sets each run with screens against the run without just before it', () => {
    expect(pairRatios([run(false, 100), run(true, 90), run(false, 80), run(true, 88)])).toEqual([0.9, 1.1]);
  });

  it('skips what is not a pair (a run out of order, a rate of zero)', () => {
    expect(pairRatios([run(true, 50), run(false, 0), run(true, 10), run(false, 100), run(false, 100), run(true, 95)])).toEqual([0.95]);
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
