// Timed changes of a screen (a caption's end, a confirmation's expiry, the
// end of listening): one timer per key, re-armed replaces, a failure logged.
import type { Logger } from '../logger.js';

export class KeyedTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly log: Logger) {}

  arm(key: string, ms: number, fn: () => void): void {
    this.disarm(key);
    const t = setTimeout(() => {
      this.timers.delete(key);
      try {
        fn();
      } catch (err) {
        this.log.error({ err: (err as Error).message, key }, 'actions: a timed state change failed');
      }
    }, ms);
    t.unref();
    this.timers.set(key, t);
  }

  disarm(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
