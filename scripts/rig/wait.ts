// Bounded waiting: every wait in the rig ends, with a message saying what it waited for.

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error. */
  what?: string;
  /** Checked on every round: an Error returned here ends the wait at once (e.g. the process died). */
  abort?: () => Error | null;
}

/**
 * Polls `fn` until it returns a value other than undefined/null/false, and
 * returns that value. A throwing `fn` counts as "not yet"; its last error is
 * reported on timeout.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, opts: WaitOptions = {}): Promise<Exclude<T, undefined | null | false>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  let lastValue: unknown;
  for (;;) {
    const fatal = opts.abort?.();
    if (fatal) throw fatal;
    try {
      const v = await fn();
      lastValue = v;
      if (v !== undefined && v !== null && v !== false) return v as Exclude<T, undefined | null | false>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? `; last error: ${(lastError as Error).message ?? String(lastError)}` : `; last value: ${JSON.stringify(lastValue)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'a condition'}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Rejects with a clear message if `p` does not settle within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
