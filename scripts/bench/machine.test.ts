import { describe, expect, it } from 'vitest';
import { busyCoreSeconds, busyTicks } from './machine.js';

describe('busyTicks', () => {
  it('adds user, nice, system, irq, softirq and steal of the all-cores line, not idle or iowait', () => {
    const stat = 'cpu  100 2 30 5000 40 6 7 8 0 0\ncpu0 50 1 15 2500 20 3 3 4 0 0\nintr 1\n';
    expect(busyTicks(stat)).toBe(100 + 2 + 30 + 6 + 7 + 8);
  });

  it('is NaN without the line, or with a field that is not a number', () => {
    expect(busyTicks('intr 1\n')).toBeNaN();
    expect(busyTicks('cpu  1 2 x 4 5 6 7 8\n')).toBeNaN();
  });

  it('reads this machine: a count that only grows', () => {
    const a = busyCoreSeconds();
    let x = 0;
    for (let i = 0; i < 5e6; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(busyCoreSeconds()).toBeGreaterThanOrEqual(a);
    expect(a).toBeGreaterThan(0);
  });
});
