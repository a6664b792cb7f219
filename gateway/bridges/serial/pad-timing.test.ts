import { describe, expect, it } from 'vitest';
import { PadTiming } from './pad-timing.js';

const W = { tapMaxMs: 300, doubleTapMs: 400, longTouchMs: 800 };

describe('pad timing', () => {
  it('gives pad-<n> on touch and tap on a quick release', () => {
    const p = new PadTiming(W);
    expect(p.edge(3, 'down', 1000)).toEqual(['pad-3']);
    expect(p.edge(3, 'up', 1200)).toEqual(['tap']);
  });

  it('gives double-tap for a second tap starting within the window, and not a second tap', () => {
    const p = new PadTiming(W);
    p.edge(1, 'down', 0);
    expect(p.edge(1, 'up', 100)).toEqual(['tap']);
    expect(p.edge(1, 'down', 450)).toEqual(['pad-1']);
    expect(p.edge(1, 'up', 550)).toEqual(['double-tap']);
    // A third tap starts a new pair.
    p.edge(1, 'down', 700);
    expect(p.edge(1, 'up', 750)).toEqual(['tap']);
  });

  it('gives two taps when the second starts after the window', () => {
    const p = new PadTiming(W);
    p.edge(1, 'down', 0);
    p.edge(1, 'up', 100);
    p.edge(1, 'down', 501);
    expect(p.edge(1, 'up', 600)).toEqual(['tap']);
  });

  it('keeps double-taps per pad', () => {
    const p = new PadTiming(W);
    p.edge(1, 'down', 0);
    p.edge(1, 'up', 50);
    p.edge(2, 'down', 100);
    expect(p.edge(2, 'up', 150)).toEqual(['tap']);
  });

  it('gives long-touch while still held, once, and nothing on release', () => {
    const p = new PadTiming(W);
    p.edge(5, 'down', 1000);
    expect(p.nextDeadline()).toBe(1800);
    expect(p.poll(1799)).toEqual([]);
    expect(p.poll(1800)).toEqual(['long-touch']);
    expect(p.poll(5000)).toEqual([]);
    expect(p.nextDeadline()).toBeNull();
    expect(p.edge(5, 'up', 6000)).toEqual([]);
  });

  it('gives long-touch on release when the poll came late', () => {
    const p = new PadTiming(W);
    p.edge(5, 'down', 0);
    expect(p.edge(5, 'up', 900)).toEqual(['long-touch']);
  });

  it('gives nothing for a press between tap and long-touch', () => {
    const p = new PadTiming(W);
    p.edge(2, 'down', 0);
    expect(p.edge(2, 'up', 500)).toEqual([]);
  });

  it('treats repeated downs as one touch and ignores a release never pressed, or out-of-range pads', () => {
    const p = new PadTiming(W);
    expect(p.edge(4, 'up', 0)).toEqual([]);
    expect(p.edge(4, 'down', 10)).toEqual(['pad-4']);
    expect(p.edge(4, 'down', 20)).toEqual([]);
    expect(p.edge(4, 'up', 100)).toEqual(['tap']);
    expect(p.edge(0, 'down', 0)).toEqual([]);
    expect(p.edge(13, 'down', 0)).toEqual([]);
  });

  it('forgets touches on reset', () => {
    const p = new PadTiming(W);
    p.edge(1, 'down', 0);
    p.reset();
    expect(p.nextDeadline()).toBeNull();
    expect(p.edge(1, 'up', 100)).toEqual([]);
  });

  it('a momentary touch (SEN0285: down and up at once) is a tap, two within the window a double-tap', () => {
    const p = new PadTiming(W);
    expect([...p.edge(1, 'down', 0), ...p.edge(1, 'up', 0)]).toEqual(['pad-1', 'tap']);
    expect([...p.edge(1, 'down', 350), ...p.edge(1, 'up', 350)]).toEqual(['pad-1', 'double-tap']);
  });
});
