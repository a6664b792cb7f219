// Touch pads: `pad-<n>` when a pad is touched, and from the timing of down and
// up: `tap` (released within tapMaxMs), `double-tap` (a second tap on the same
// pad starting within doubleTapMs after the first ended; it replaces that
// second tap) and `long-touch` (held longTouchMs: given while still held, by
// `poll`, so the official needs no release to be heard). Pure: time comes in.
import { MAX_PAD, padKey, type InputKey } from './gestures.js';

export interface PadWindows {
  tapMaxMs: number;
  doubleTapMs: number;
  longTouchMs: number;
}

interface PadState {
  downAt: number | null;
  longGiven: boolean;
  lastTapEnd: number | null;
}

export class PadTiming {
  private readonly pads: PadState[];

  constructor(private readonly w: PadWindows) {
    this.pads = Array.from({ length: MAX_PAD + 1 }, () => ({ downAt: null, longGiven: false, lastTapEnd: null }));
  }

  edge(pad: number, edge: 'down' | 'up', now: number): InputKey[] {
    const s = this.pads[pad];
    if (!s || pad < 1) return [];
    if (edge === 'down') {
      if (s.downAt !== null) return []; // a repeated down (chatter) is one touch
      s.downAt = now;
      s.longGiven = false;
      return [padKey(pad)];
    }
    if (s.downAt === null) return []; // a release we never saw pressed
    const downAt = s.downAt;
    const held = now - downAt;
    s.downAt = null;
    if (s.longGiven) return [];
    if (held >= this.w.longTouchMs) return ['long-touch']; // poll came late
    if (held > this.w.tapMaxMs) return [];
    if (s.lastTapEnd !== null && downAt - s.lastTapEnd <= this.w.doubleTapMs) {
      s.lastTapEnd = null;
      return ['double-tap'];
    }
    s.lastTapEnd = now;
    return ['tap'];
  }

  /** Long-touches due at `now`. */
  poll(now: number): InputKey[] {
    const out: InputKey[] = [];
    for (const s of this.pads) {
      if (s.downAt !== null && !s.longGiven && now - s.downAt >= this.w.longTouchMs) {
        s.longGiven = true;
        s.lastTapEnd = null;
        out.push('long-touch');
      }
    }
    return out;
  }

  /** When `poll` next has something to give, or null. */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const s of this.pads) {
      if (s.downAt !== null && !s.longGiven) {
        const due = s.downAt + this.w.longTouchMs;
        if (next === null || due < next) next = due;
      }
    }
    return next;
  }

  /** Forget touches in progress (the device was unplugged mid-touch). */
  reset(): void {
    for (const s of this.pads) {
      s.downAt = null;
      s.longGiven = false;
      s.lastTapEnd = null;
    }
  }
}
