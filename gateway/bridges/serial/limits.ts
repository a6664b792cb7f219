// Per-device limits against a chattering or hostile device: a token bucket on
// frames, and a refractory window per input key (one action per window).

/** Token bucket: `perSecond` frames a second on average, bursts up to `perSecond`. */
export class RateCap {
  private tokens: number;
  private last: number | null = null;

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  take(now: number): boolean {
    if (this.last !== null && now > this.last) this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    if (this.last === null || now > this.last) this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** At most one pass per key per `windowMs`, counted from the pass (suppressed ones do not extend it). */
export class Refractory {
  private readonly lastPass = new Map<string, number>();

  constructor(private readonly windowMs: number, private readonly maxKeys = 64) {}

  allow(key: string, now: number): boolean {
    const last = this.lastPass.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    if (last === undefined && this.lastPass.size >= this.maxKeys) {
      for (const [k, t] of this.lastPass) if (now - t >= this.windowMs) this.lastPass.delete(k);
      // Still full of live keys: a device inventing names faster than the rate cap allows; refuse.
      if (this.lastPass.size >= this.maxKeys) return false;
    }
    this.lastPass.set(key, now);
    return true;
  }

  size(): number {
    return this.lastPass.size;
  }
}
