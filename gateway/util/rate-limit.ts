// A token bucket per key (a principal, an address): `perMinute` a minute on average, up to
// `perMinute` at once. The keys are bounded: past `maxKeys` the oldest bucket
// is forgotten (which can only be lenient, never lock anyone out).
export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket { tokens: number; at: number }

export class PerKeyRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly perMinute: number, private readonly maxKeys = 1024, private readonly now: () => number = Date.now) {
    if (!(perMinute >= 1)) throw new Error(`rate limit: perMinute must be ≥ 1, got ${perMinute}`);
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token of `key`'s bucket, or says in how many whole seconds one will be there. */
  take(key: string): Take {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
      b = { tokens: this.perMinute, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.perMinute, b.tokens + Math.max(0, t - b.at) * this.perMs);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  /** Buckets held (for tests of the bound). */
  get size(): number {
    return this.buckets.size;
  }
}
