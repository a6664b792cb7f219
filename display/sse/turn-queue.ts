// Panel redraws, one view per event-loop turn. The redraws behind figure patches of several views often come due in
// the same timer tick (their windows opened on the same commit); drawn back to back, a city message that arrives
// meanwhile waits behind all of them. Between two turns the loop polls its sockets, so a value waits behind one
// redraw at most.

/** Runs `run` in a later turn of the event loop (setImmediate: after the loop has polled its sockets). */
export type NextTurn = (run: () => void) => void;

export const nextTurn: NextTurn = (run) => { setImmediate(run); };

/**
 * Panels waiting to be drawn, per view: one view's are drawn per turn, in the order their views came due. A view
 * queued again before its turn has its panels merged into its place. Bounded by the number of views.
 */
export class TurnQueue {
  private readonly waiting = new Map<string, Set<string>>();
  private armed = false;

  constructor(
    private readonly draw: (view: string, panels: Set<string>) => void,
    private readonly next: NextTurn = nextTurn,
  ) {}

  get size(): number { return this.waiting.size; }

  add(view: string, panels: Set<string>): void {
    const into = this.waiting.get(view);
    if (into) for (const p of panels) into.add(p);
    else this.waiting.set(view, panels);
    if (!this.armed) this.arm();
  }

  /** A view's panels still waiting (taken out of the queue): a push drawn now draws them too. */
  take(view: string): Set<string> | undefined {
    const panels = this.waiting.get(view);
    this.waiting.delete(view);
    return panels;
  }

  clear(): void { this.waiting.clear(); }

  private arm(): void {
    this.armed = true;
    this.next(() => this.drawOne());
  }

  private drawOne(): void {
    this.armed = false;
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [view, panels] = first.value;
    this.waiting.delete(view);
    try {
      this.draw(view, panels);
    } finally {
      if (this.waiting.size > 0 && !this.armed) this.arm();
    }
  }
}
