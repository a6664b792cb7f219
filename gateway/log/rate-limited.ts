// Logging for anything an outsider can trigger (a rejected message, a refused
// login): per kind, the first `burst` lines of an interval are logged in full,
// the rest only counted, and one summary line per kind closes the interval.
// A flood of 10,000 bad messages costs a handful of lines, not 10,000.
import type { Logger } from '../logger.js';
import { LogLimiter } from './limiter.js';

export type Level = 'warn' | 'info' | 'error';

export interface RateLimitedLogOptions {
  /** Lines per kind logged in full per interval (default 5). */
  burst?: number;
  /** Interval in ms (default 60 s). */
  intervalMs?: number;
  now?: () => number;
}

interface Kind { limiter: LogLimiter; level: Level; msg: string }

/** Kinds are bounded: past this many, the oldest kind's interval is closed early. */
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
  const kinds = new Map<string, Kind>();
  let suppressedTotal = 0;
  let timer: NodeJS.Timeout | null = null;

  const close = (name: string, k: Kind) => {
    const suppressed = k.limiter.flush();
    if (suppressed > 0) log[k.level]({ kind: name, suppressed, seconds: Math.round((now() - k.limiter.started) / 1000) }, `${k.msg} (and ${suppressed} more like it, not logged one by one)`);
    kinds.delete(name);
  };
  const expired = (k: Kind, t: number) => t - k.limiter.started >= intervalMs;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const [name, k] of [...kinds]) close(name, k);
  };
  // A summary is due even when no further line of its kind comes.
  const arm = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const t = now();
      for (const [name, k] of [...kinds]) if (expired(k, t)) close(name, k);
      if ([...kinds.values()].some((k) => k.limiter.pending > 0)) arm();
    }, intervalMs);
    timer.unref();
  };

  const fn = ((kind: string, level: Level, fields: object, msg: string) => {
    let k = kinds.get(kind);
    if (k && expired(k, now())) {
      close(kind, k);
      k = undefined;
    }
    if (!k) {
      if (kinds.size >= MAX_KINDS) {
        const [oldName, oldKind] = kinds.entries().next().value as [string, Kind];
        close(oldName, oldKind);
      }
      k = { limiter: new LogLimiter(burst, intervalMs, now), level, msg };
      kinds.set(kind, k);
    }
    if (k.limiter.take().allow) {
      log[level](fields, msg);
      return;
    }
    suppressedTotal++;
    arm();
  }) as RateLimitedLog;
  fn.flush = flush;
  Object.defineProperty(fn, 'suppressed', { get: () => suppressedTotal });
  return fn;
}
