// Deterministic randomness. Every generator derives its numbers from the run's
// seed plus a key naming what is being generated (e.g. "incident", slot 1234), so
// a value never depends on the order things are generated in: a restarted
// simulator with the same seed republishes the same entities with the same ids.

/** FNV-1a over the parts, then a murmur3 finaliser for good bit mixing. */
export function hashKey(seed: number, ...parts: readonly (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for simulated data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static of(seed: number, ...parts: readonly (string | number)[]): Rng {
    return new Rng(hashKey(seed, ...parts));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** Uniform in [0, 1) for one key, without keeping a generator around. */
export function unit(seed: number, ...parts: readonly (string | number)[]): number {
  return Rng.of(seed, ...parts).next();
}

/**
 * Smooth noise in [-1, 1] over time: random values at knots every `stepMs`,
 * cosine-interpolated between them. A stateless stand-in for a smooth random walk.
 */
export function smoothNoise(seed: number, key: string, timeMs: number, stepMs: number): number {
  const x = timeMs / stepMs;
  const k = Math.floor(x);
  const a = unit(seed, key, k) * 2 - 1;
  const b = unit(seed, key, k + 1) * 2 - 1;
  const f = (1 - Math.cos((x - k) * Math.PI)) / 2;
  return a + (b - a) * f;
}
