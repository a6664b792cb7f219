// At most `perWindow` lines of a child's output per window go to the log; the
// rest are counted and reported as one summary line when the window rolls over
// (or the run ends), so a flooding child cannot flood the journal.

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
}
