// Coalesces 'city:changed' notices into compact batches for office devices:
// at most one publish per window, a bounded set of pending keys (the oldest is
// dropped and counted when full) and a bounded payload size (what does not fit
// waits for the next window).

export interface ChangeBatcherOptions {
  /** Minimum time between two publishes, and the longest a change waits. */
  windowMs: number;
  /** Pending distinct keys kept; beyond it the oldest is dropped. */
  maxKeys: number;
  /** Largest payload published (bytes of UTF-8 JSON). */
  maxBytes: number;
  publish: (payload: string) => void;
}

const WRAPPER_BYTES = Buffer.byteLength('{"changes":[]}');

export class ChangeBatcher {
  /** key → latest ts; Map order = age (a re-changed key moves to the end). */
  private readonly pending = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Keys dropped because the buffer was full or one entry could never fit a payload. */
  dropped = 0;

  constructor(private readonly opts: ChangeBatcherOptions) {}

  get size(): number {
    return this.pending.size;
  }

  add(changes: readonly { key: string; ts: string }[]): void {
    if (this.stopped) return;
    for (const change of changes) {
      if (typeof change?.key !== 'string' || typeof change.ts !== 'string') continue;
      this.pending.delete(change.key);
      this.pending.set(change.key, change.ts);
      if (this.pending.size > this.opts.maxKeys) {
        const oldest = this.pending.keys().next().value as string;
        this.pending.delete(oldest);
        this.dropped++;
      }
    }
    this.arm();
  }

  /** Clears pending changes and the timer; add() is ignored afterwards until start(). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  start(): void {
    this.stopped = false;
  }

  private arm(): void {
    if (this.timer || this.pending.size === 0 || this.stopped) return;
    this.timer = setTimeout(() => this.flush(), this.opts.windowMs);
    this.timer.unref();
  }

  private flush(): void {
    this.timer = null;
    const parts: string[] = [];
    let bytes = WRAPPER_BYTES;
    for (const [key, ts] of this.pending) {
      const part = JSON.stringify({ key, ts });
      const size = Buffer.byteLength(part) + (parts.length > 0 ? 1 : 0);
      if (WRAPPER_BYTES + Buffer.byteLength(part) > this.opts.maxBytes) {
        // Could never be published: drop it rather than block the queue.
        this.pending.delete(key);
        this.dropped++;
        continue;
      }
      if (bytes + size > this.opts.maxBytes) break;
      parts.push(part);
      bytes += size;
      this.pending.delete(key);
    }
    if (parts.length > 0) this.opts.publish(`{"changes":[${parts.join(',')}]}`);
    // What did not fit goes out one window later.
    this.arm();
  }
}
