// How the bench waits for a run's tail: until `count()` reaches n, stops
// growing for `idleMs` (QoS 0 may drop, a receiver may stall), or `timeoutMs`
// passes. A count that throws (a busy gateway answering late) keeps the last value.
import { sleep } from '../rig/wait.js';

export interface SettleOptions { idleMs: number; intervalMs: number; timeoutMs: number }

export async function settle(count: () => Promise<number> | number, n: number, o: SettleOptions): Promise<number> {
  const deadline = Date.now() + o.timeoutMs;
  let seen = -1;
  let idleSince = Date.now();
  for (;;) {
    let now = seen;
    try {
      now = await count();
    } catch {
      // keep polling until the deadline
    }
    if (now >= n || Date.now() > deadline) return now;
    if (now !== seen) {
      seen = now;
      idleSince = Date.now();
    } else if (Date.now() - idleSince > o.idleMs) return now;
    await sleep(o.intervalMs);
  }
}
