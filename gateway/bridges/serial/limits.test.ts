import { describe, expect, it } from 'vitest';
import { RateCap, Refractory } from './limits.js';

describe('refractory window', () => {
  it('lets one pass per key per window, counted from the pass', () => {
    const r = new Refractory(400);
    expect(r.allow('swipe-left', 0)).toBe(true);
    expect(r.allow('swipe-left', 399)).toBe(false);
    expect(r.allow('swipe-right', 100)).toBe(true);
    expect(r.allow('swipe-left', 400)).toBe(true);
  });

  it('at 100 inputs a second gives one pass per window', () => {
    const r = new Refractory(400);
    const passes: number[] = [];
    for (let t = 0; t < 2000; t += 10) if (r.allow('circle-cw', t)) passes.push(t);
    expect(passes).toEqual([0, 400, 800, 1200, 1600]);
  });

  it('stays bounded when a device invents new keys', () => {
    const r = new Refractory(400, 8);
    for (let i = 0; i < 100; i++) r.allow(`button-b${i}`, i);
    expect(r.size()).toBeLessThanOrEqual(8);
    // Once the window has passed, old keys make room.
    expect(r.allow('button-new', 10_000)).toBe(true);
  });
});

describe('rate cap', () => {
  it('allows a burst of perSecond, then perSecond a second', () => {
    const cap = new RateCap(40);
    let passed = 0;
    for (let i = 0; i < 100; i++) if (cap.take(0)) passed++;
    expect(passed).toBe(40);
    passed = 0;
    for (let t = 10; t <= 1000; t += 10) if (cap.take(t)) passed++;
    expect(passed).toBe(40);
  });

  it('does not refill when the clock goes backwards', () => {
    const cap = new RateCap(2);
    expect(cap.take(1000)).toBe(true);
    expect(cap.take(1000)).toBe(true);
    expect(cap.take(0)).toBe(false);
  });
});
