// Restart delays: exponential from minMs, capped at maxMs, with ±25 % jitter so
// children that failed together (a camera switch rebooting) do not retry in step.

export interface BackoffLimits { minMs: number; maxMs: number }

/** Delay before the next start after `failures` consecutive failures (1 = the first). `random` in [0, 1). */
export function backoffDelay(failures: number, limits: BackoffLimits, random: () => number): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const base = Math.min(limits.maxMs, limits.minMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(Math.min(limits.maxMs, base * (0.75 + 0.5 * r)));
}
