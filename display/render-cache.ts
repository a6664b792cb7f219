// A page rendered once and served to everyone who asks within `ttlMs` (the
// public mirror: N anonymous loads cost one render). Bounded in entries.
export class RenderCache<T> {
  private readonly entries = new Map<string, { at: number; body: T }>();
  renders = 0;

  constructor(private readonly ttlMs: number, private readonly max: number, private readonly now: () => number = Date.now) {}

  /** Whether `get(key, …)` now would be served without a render. */
  fresh(key: string): boolean {
    const hit = this.entries.get(key);
    return !!hit && this.now() - hit.at < this.ttlMs;
  }

  get(key: string, render: () => T): T {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.body;
    const body = render();
    this.renders++;
    if (!hit && this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: t, body });
    return body;
  }
}
