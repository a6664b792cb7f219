import { describe, it, expect } from 'vitest';
import { Bus } from './bus.js';
import { createLogger } from './logger.js';

describe('Bus', () => {
  it('a throwing listener never reaches the emitter; the others still run; the throw is counted and logged rate-limited', () => {
    const lines: string[] = [];
    const bus = new Bus(createLogger('info', { write: (l: string) => lines.push(l) }));
    const seen: number[] = [];
    bus.on('link', () => {
      throw new Error('render failed');
    }, 'display');
    bus.on('link', (e) => seen.push(e.at));
    for (let i = 0; i < 100; i++) expect(() => bus.emit('link', { up: true, at: i })).not.toThrow();
    expect(seen).toHaveLength(100);
    expect(bus.errors.get({ event: 'link' })).toBe(100);
    expect(lines.filter((l) => l.includes('a listener failed')).length).toBeLessThanOrEqual(5);
  });

  it('scopes: an owner\'s listeners go together; the others stay', () => {
    const bus = new Bus();
    const a = bus.scope('a');
    const b = bus.scope('b');
    let n = 0;
    a.on('link', () => n++);
    a.on('city:changed', () => n++);
    const offB = b.on('link', () => n++);
    expect(bus.listenerCount('link')).toBe(2);
    a.dispose();
    expect(bus.listenerCount('link')).toBe(1);
    expect(bus.listenerCount('city:changed')).toBe(0);
    expect(a.size).toBe(0);
    bus.emit('link', { up: true, at: 1 });
    expect(n).toBe(1);
    offB();
    expect(b.size).toBe(0);
    expect(bus.listenerCount('link')).toBe(0);
  });

  it('100 register/dispose cycles leave no listener', () => {
    const bus = new Bus();
    for (let i = 0; i < 100; i++) {
      const s = bus.scope(`bridge-${i % 3}`);
      s.on('link', () => undefined);
      s.on('screen:changed', () => undefined);
      s.dispose();
    }
    expect(bus.listenerCount('link') + bus.listenerCount('screen:changed')).toBe(0);
  });

  it('a listener removing itself (or another) during an emit does not skip or repeat one', () => {
    const bus = new Bus();
    const calls: string[] = [];
    const offA = bus.on('link', () => {
      calls.push('a');
      offA();
    });
    bus.on('link', () => calls.push('b'));
    bus.emit('link', { up: true, at: 1 });
    bus.emit('link', { up: true, at: 2 });
    expect(calls).toEqual(['a', 'b', 'b']);
  });
});
