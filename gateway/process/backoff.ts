// The supervisor's restart delay: failures count from 1, and the jitter is
// ±25 % so children that failed together (a camera switch rebooting) do not
// retry in step.
import { CENTRED_JITTER, backoffDelay as retryDelay } from '../util/backoff.js';

export interface BackoffLimits { minMs: number; maxMs: number }

/** Delay before the next start after `failures` consecutive failures (1 = the first). `random` in [0, 1). */
export function backoffDelay(failures: number, limits: BackoffLimits, random: () => number): number {
  return retryDelay(Math.max(failures, 1) - 1, limits.minMs, limits.maxMs, random, CENTRED_JITTER);
}
