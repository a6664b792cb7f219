// Many messages from the future mean a clock problem (the gateway's or the
// city's), not many bad publishers: say so once in the log and in /healthz
// instead of one warning per message.
import type { Logger } from '../logger.js';

/** This many future-ts rejections within WINDOW_MS raise the warning. */
export const FUTURE_TS_THRESHOLD = 10;
const WINDOW_MS = 60_000;
/** The warning clears after this long without one. */
const CLEAR_AFTER_MS = 10 * 60_000;

export class FutureTsWatch {
  private recent: number[] = [];
  private active: { since: number; last: number; count: number; detail: string } | null = null;

  constructor(private readonly log: Logger, private readonly now: () => number) {}

  seen(detail: string): void {
    const t = this.now();
    if (this.active) {
      this.active.last = t;
      this.active.count++;
      this.active.detail = detail;
      return;
    }
    this.recent = this.recent.filter((at) => t - at < WINDOW_MS);
    this.recent.push(t);
    if (this.recent.length >= FUTURE_TS_THRESHOLD) {
      this.active = { since: t, last: t, count: this.recent.length, detail };
      this.recent = [];
      this.log.warn({ count: FUTURE_TS_THRESHOLD, withinSeconds: WINDOW_MS / 1000, latest: detail }, 'many city messages are timestamped in the future: check the clock of this gateway (chrony/NTP) and of the city hub');
    }
  }

  /** The warning for /healthz, or null. */
  warning(): string | null {
    if (!this.active) return null;
    if (this.now() - this.active.last > CLEAR_AFTER_MS) {
      this.active = null;
      return null;
    }
    return `clock: ${this.active.count} city messages timestamped in the future since ${new Date(this.active.since).toISOString()} (latest: ${this.active.detail}); check this gateway's clock and the city hub's`;
  }
}
