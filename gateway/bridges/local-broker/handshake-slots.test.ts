import { describe, it, expect } from 'vitest';
import { HandshakeSlots } from './handshake-slots.js';

class FakeSocket {
  destroyed = false;
  constructor(readonly name: string) {}
  destroy(): void {
    this.destroyed = true;
  }
}

describe('HandshakeSlots', () => {
  it('holds at most max; a newcomer closes the oldest of the busiest address', () => {
    const evictedFrom: string[] = [];
    const slots = new HandshakeSlots<FakeSocket>(3, (a) => evictedFrom.push(a));
    const a1 = new FakeSocket('a1');
    const a2 = new FakeSocket('a2');
    const b1 = new FakeSocket('b1');
    slots.admit(a1, 'A');
    slots.admit(b1, 'B');
    slots.admit(a2, 'A');
    const c1 = new FakeSocket('c1');
    slots.admit(c1, 'C');
    expect(a1.destroyed).toBe(true);
    expect([a2, b1, c1].some((s) => s.destroyed)).toBe(false);
    expect(evictedFrom).toEqual(['A']);
    expect(slots.size).toBe(3);
    expect(slots.evicted).toBe(1);
  });

  it('a released (authenticated or closed) connection frees its place', () => {
    const slots = new HandshakeSlots<FakeSocket>(2);
    const s1 = new FakeSocket('1');
    const s2 = new FakeSocket('2');
    slots.admit(s1, 'A');
    slots.admit(s2, 'A');
    slots.release(s1);
    slots.release(s1);
    const s3 = new FakeSocket('3');
    slots.admit(s3, 'A');
    expect([s1, s2, s3].some((s) => s.destroyed)).toBe(false);
    expect(slots.has(s1)).toBe(false);
    expect(slots.size).toBe(2);
  });

  it('a flood from one address only ever closes its own; the newest connection keeps its place', () => {
    const slots = new HandshakeSlots<FakeSocket>(8);
    const other = new FakeSocket('other');
    slots.admit(other, 'B');
    const flood = Array.from({ length: 1000 }, (_, i) => new FakeSocket(`f${i}`));
    for (const s of flood) slots.admit(s, 'A');
    expect(other.destroyed).toBe(false);
    expect(flood.at(-1)!.destroyed).toBe(false);
    expect(flood.filter((s) => !s.destroyed)).toHaveLength(7);
    expect(slots.size).toBe(8);
  });
});
