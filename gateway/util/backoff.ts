// One exponential backoff with jitter for everything that retries: bridges,
// the city link and its orders, serial ports, child processes.

/** Where in the step a delay may fall, as shares of the step. */
export interface Jitter { low: number; high: number }
/** [step/2, step]: clients retrying one server spread out, never sooner than half the step. */
export const EQUAL_JITTER: Jitter = { low: 0.5, high: 1 };
/** ±25 % around the step: the step stays the typical delay (child restarts). */
export const CENTRED_JITTER: Jitter = { low: 0.75, high: 1.25 };

/** Delay before retry `attempt` (from 0): minMs doubled per attempt up to maxMs, jittered, never above maxMs. `random` in [0, 1). */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random, jitter: Jitter = EQUAL_JITTER): number {
  const step = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(Math.min(maxMs, step * (jitter.low + (jitter.high - jitter.low) * r)));
}
