// When a child that ended is started again: after consecutive failures the
// delay doubles (backoff.ts); a run that was ready for healthyAfterMs clears
// the count; a missing executable is retried at the longest delay.
import { backoffDelay, type BackoffLimits } from './backoff.js';
import { DEFAULTS } from './child-deps.js';
import type { ChildSpec } from './types.js';

export class RestartPolicy {
  private failures = 0;
  private readonly limits: BackoffLimits;
  private readonly healthyAfterMs: number;

  constructor(restart: ChildSpec['restart'], private readonly random: () => number) {
    const r = restart || {};
    const minMs = r.minMs ?? DEFAULTS.restartMinMs;
    this.limits = { minMs, maxMs: Math.max(minMs, r.maxMs ?? DEFAULTS.restartMaxMs) };
    this.healthyAfterMs = r.healthyAfterMs ?? DEFAULTS.healthyAfterMs;
  }

  /** The start failed: not installed (retried slowly, until someone installs it), or another reason (counted). */
  afterStartFailure(missing: boolean): number {
    if (missing) return backoffDelay(Number.MAX_SAFE_INTEGER, this.limits, this.random);
    return backoffDelay(++this.failures, this.limits, this.random);
  }

  /** A run ended; `readyFor` is how long it had been ready (null: never). */
  afterExit(readyFor: number | null): number {
    if (readyFor !== null && readyFor >= this.healthyAfterMs) this.failures = 0;
    return backoffDelay(++this.failures, this.limits, this.random);
  }
}
