// Logging for anything an outsider can trigger (a rejected message, a refused
// login): per kind, the first `burst` lines of an interval are logged in full,
// the rest only counted, and one summary line per kind closes the interval.
// A flood of 10,000 bad messages costs a handful of lines, not 10,000.
import type { Logger } from '../logger.js';

export type Level = 'warn' | 'info' | 'error';

export interface RateLimitedLogOptions {
  /** Lines per kind logged in full per interval (default 5). */
  burst?: number;
  /** Interval in ms (default 60 s). */
  intervalMs?: number;
  now?: () => number;
}

interface Window { start: number; logged: number; suppressed: number; level: Level; msg: string }

/** Kinds are bounded: past this many, the oldest window is closed early. */
const MAX_KINDS = 256;

export interface RateLimitedLog {
  (kind: string, level: Level, fields: object, msg: string): void;
  /** Writes the summary line of every interval with suppressed lines, now. */
  flush(): void;
  /** Lines suppressed since start, all kinds. */
  readonly suppressed: number;
}

export function rateLimitedLog(log: Logger, opts: RateLimitedLogOptions = {}): RateLimitedLog {
  const burst = opts.burst ?? 5;
  const intervalMs = opts.intervalMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const windows = new Map<string, Window>();
  let suppressedTotal = 0;
  let timer: NodeJS.Timeout | null = null;

  const close = (kind: string, w: Window) => {
    if (w.suppressed > 0) log[w.level]({ kind, suppressed: w.suppressed, seconds: Math.round((now() - w.start) / 1000) }, `${w.msg} (and ${w.suppressed} more like it, not logged one by one)`);
    windows.delete(kind);
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const [kind, w] of [...windows]) close(kind, w);
  };
  const arm = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const t = now();
      for (const [kind, w] of [...windows]) if (t - w.start >= intervalMs) close(kind, w);
      if ([...windows.values()].some((w) => w.suppressed > 0)) arm();
    }, intervalMs);
    timer.unref();
  };

  const fn = ((kind: string, level: Level, fields: object, msg: string) => {
    const t = now();
    let w = windows.get(kind);
    if (w && t - w.start >= intervalMs) {
      close(kind, w);
      w = undefined;
    }
    if (!w) {
      if (windows.size >= MAX_KINDS) {
        const [oldKind, oldW] = windows.entries().next().value as [string, Window];
        close(oldKind, oldW);
      }
      w = { start: t, logged: 0, suppressed: 0, level, msg };
      windows.set(kind, w);
    }
    if (w.logged < burst) {
      w.logged++;
      log[level](fields, msg);
      return;
    }
    w.suppressed++;
    suppressedTotal++;
    arm();
  }) as RateLimitedLog;
  fn.flush = flush;
  Object.defineProperty(fn, 'suppressed', { get: () => suppressedTotal });
  return fn;
}
