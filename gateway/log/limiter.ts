// The window behind every rate-limited log line: at most `perWindow` lines a
// window are let through; the rest are counted, and the count is handed back
// once (when the window rolls over, or on flush) for one summary line.

export class LogLimiter {
  private windowStart = -Infinity;
  private used = 0;
  private dropped = 0;

  constructor(private readonly perWindow: number, private readonly windowMs: number, private readonly clock: () => number) {}

  /**
   * Whether the next line may be logged; `droppedBefore` is the count dropped in
   * the window that just closed, to be reported before this line.
   */
  take(): { allow: boolean; droppedBefore: number } {
    const t = this.clock();
    let droppedBefore = 0;
    if (t - this.windowStart >= this.windowMs) {
      droppedBefore = this.dropped;
      this.windowStart = t;
      this.used = 0;
      this.dropped = 0;
    }
    if (this.used < this.perWindow) {
      this.used++;
      return { allow: true, droppedBefore };
    }
    this.dropped++;
    return { allow: false, droppedBefore };
  }

  /** Lines dropped and not yet reported; resets the count. */
  flush(): number {
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }

  /** Lines dropped and not yet reported. */
  get pending(): number {
    return this.dropped;
  }

  /** When the current window began (-Infinity before the first line). */
  get started(): number {
    return this.windowStart;
  }
}
