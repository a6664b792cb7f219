import { describe, expect, it } from 'vitest';
import { LogLimiter } from './limiter.js';

describe('LogLimiter', () => {
  it('allows perWindow lines a window and reports the rest once the window rolls', () => {
    let t = 0;
    const limiter = new LogLimiter(3, 1000, () => t);
    const first = Array.from({ length: 10 }, () => limiter.take());
    expect(first.filter((r) => r.allow).length).toBe(3);
    t = 1000;
    expect(limiter.take()).toEqual({ allow: true, droppedBefore: 7 });
    expect(limiter.flush()).toBe(0);
    limiter.take();
    limiter.take();
    limiter.take();
    expect(limiter.flush()).toBe(1);
    expect(limiter.flush()).toBe(0);
  });
});
