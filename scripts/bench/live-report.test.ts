import { describe, expect, it } from 'vitest';
import { pairRatios } from './live-report.js';
import type { IngestRun } from './live-report.js';

const run = (screens: boolean, rate: number): IngestRun => ({ screens, rate, received: 100_000, pushed: 0 });

describe('pairRatios', () => {
  it('sets each run with screens against the run without just before it', () => {
    expect(pairRatios([run(false, 100), run(true, 90), run(false, 80), run(true, 88)])).toEqual([0.9, 1.1]);
  });

  it('skips what is not a pair (a run out of order, a rate of zero)', () => {
    expect(pairRatios([run(true, 50), run(false, 0), run(true, 10), run(false, 100), run(false, 100), run(true, 95)])).toEqual([0.95]);
  });
});
