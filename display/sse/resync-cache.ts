// A full redraw shared by the clients that show the same thing. A crowd on
// one public page that falls behind is resynced once per view, not once per
// client: the messages (and their encoded bytes) are reused while nothing the
// page shows has changed and the render is younger than `maxAgeMs` (ages on
// the page are counted from the render's clock).
import type { SseMessage } from './hub.js';

export class ResyncCache {
  private readonly entries = new Map<string, { version: number; at: number; msgs: SseMessage[] }>();
  private version = 0;
  renders = 0;
  hits = 0;

  constructor(private readonly o: { maxAgeMs: number; maxEntries: number; now: () => number }) {}

  /** Something any page may show changed (a commit, the link, the disk): every entry is stale. */
  invalidate(): void {
    this.version++;
    this.entries.clear();
  }

  get(key: string, render: () => SseMessage[]): SseMessage[] {
    const t = this.o.now();
    const hit = this.entries.get(key);
    if (hit && hit.version === this.version && t - hit.at <= this.o.maxAgeMs) {
      this.hits++;
      return hit.msgs;
    }
    const msgs = render();
    this.renders++;
    if (this.entries.size >= this.o.maxEntries) this.entries.clear();
    this.entries.set(key, { version: this.version, at: t, msgs });
    return msgs;
  }
}
