// Warnings a device (an outsider) can trigger: at most `perMinute` a minute at
// warn, the rest at debug, so a hostile device cannot flood the journal.
import type { Logger } from '../../logger.js';

export type LimitedWarn = (fields: Record<string, unknown>, msg: string) => void;

export function limitedWarn(log: Logger, perMinute: number, now: () => number): LimitedWarn {
  let windowStart = -Infinity;
  let count = 0;
  return (fields, msg) => {
    const t = now();
    if (t - windowStart >= 60_000) {
      if (count > perMinute) log.warn({ suppressed: count - perMinute }, 'serial: more warnings were logged at debug level');
      windowStart = t;
      count = 0;
    }
    if (++count <= perMinute) log.warn(fields, msg);
    else log.debug(fields, msg);
  };
}
