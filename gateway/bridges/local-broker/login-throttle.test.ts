import { describe, it, expect } from 'vitest';
import { LoginThrottle, addressKey } from './login-throttle.js';

function throttle(maxAddresses?: number) {
  let t = 0;
  const th = new LoginThrottle({ freeFailures: 3, initialMs: 1000, maxMs: 8000, maxAddresses, now: () => t });
  return { th, advance: (ms: number) => (t += ms) };
}

describe('LoginThrottle', () => {
  it('free failures, then a wait that doubles per failure up to the ceiling', () => {
    const { th, advance } = throttle();
    expect([th.failure('a'), th.failure('a'), th.failure('a')]).toEqual([0, 0, 0]);
    expect(th.waitMs('a')).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      waits.push(th.failure('a'));
      advance(waits.at(-1)!);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('an address waits; others do not; a success clears it', () => {
    const { th, advance } = throttle();
    for (let i = 0; i < 4; i++) th.failure('a');
    expect(th.waitMs('a')).toBe(1000);
    expect(th.waitMs('b')).toBe(0);
    advance(400);
    expect(th.waitMs('a')).toBe(600);
    advance(600);
    expect(th.waitMs('a')).toBe(0);
    th.success('a');
    expect(th.failure('a')).toBe(0);
  });

  it('forgets an address long after its last failure, and holds at most maxAddresses', () => {
    const { th, advance } = throttle(100);
    for (let i = 0; i < 5; i++) th.failure('a');
    advance(2 * 8000 + 1);
    expect(th.waitMs('a')).toBe(0);
    expect(th.size).toBe(0);
    for (let i = 0; i < 1000; i++) th.failure(`10.0.${i >> 8}.${i & 255}`);
    expect(th.size).toBe(100);
  });

  it('one key per host: IPv4-mapped IPv6 is the IPv4 address', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('::1')).toBe('::1');
    expect(addressKey(undefined)).toBe('(unknown)');
  });
});
