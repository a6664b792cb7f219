// The last N openings and closings of cameras (who, which camera, when), for
// accountability. A ring: memory is bounded whatever the traffic.
import type { ViewLogEntry } from './ports.js';

export class ViewLog {
  private readonly ring: ViewLogEntry[] = [];
  private next = 0;
  total = 0;

  constructor(private readonly size: number) {}

  add(e: ViewLogEntry): void {
    this.total++;
    if (this.ring.length < this.size) this.ring.push(e);
    else this.ring[this.next] = e;
    this.next = (this.next + 1) % this.size;
  }

  /** Oldest first. */
  entries(): ViewLogEntry[] {
    return this.ring.length < this.size ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
