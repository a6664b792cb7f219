// One exponential backoff with jitter for everything that retries (bridges, the city link, children).
/** Exponential backoff with full jitter in [base/2, base]; attempt counts from 0. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 20));
  return Math.round(base / 2 + (random() * base) / 2);
}
