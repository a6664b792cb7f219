// WAL checkpoints in quiet time (docs/decisions/2026-11-26-ingest-batches.md).
// A checkpoint copies the WAL's pages into the database and fsyncs both; the
// fsyncs take 10–100 ms on this kind of disk, and SQLite's automatic
// checkpoint runs inside whichever commit crosses its threshold, i.e. in the
// middle of a flood. So the store's threshold is only a hard bound on the WAL
// (STORE_WAL_BOUND_PAGES) and this runs the checkpoints: once commits have
// paused for `quietMs` (but not more often than every `minIntervalMs`), and
// at the latest `maxIntervalMs` after the previous one while commits go on
// (then in the turn after the commit that crossed it, so what that commit
// tells the wall and the city link goes first).
// The fsync is also what makes commits safe against power loss (WAL with
// synchronous=NORMAL), so this bounds that window in time, too.
import type { Store } from './store.js';

export interface IdleCheckpointOptions { quietMs: number; minIntervalMs: number; maxIntervalMs: number; now?: () => number }

export class IdleCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private due: NodeJS.Immediate | null = null;
  private timerMs = 0;
  private dirty = false;
  private lastMs: number;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;
  /** Checkpoints run, WAL frames copied, duration of the last one, checkpoints that failed: for /metrics. */
  readonly stats = { runs: 0, frames: 0, lastMs: 0, failed: 0 };

  constructor(private readonly store: Store, private readonly opts: IdleCheckpointOptions) {
    this.now = opts.now ?? Date.now;
    this.lastMs = this.now();
    this.unsubscribe = store.onCommit(() => this.committed());
  }

  /** Told of each of the store's commits: cheap, one timer re-armed. */
  private committed(): void {
    this.dirty = true;
    if (this.now() - this.lastMs < this.opts.maxIntervalMs) this.arm(this.opts.quietMs);
    else this.due ??= setImmediate(() => this.run());
  }

  private arm(ms: number): void {
    // Under QoS 1 every message is a commit: re-arm the same timer, don't make a new one.
    if (this.timer && this.timerMs === ms) {
      this.timer.refresh();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.quiet(), ms);
    this.timerMs = ms;
    this.timer.unref();
  }

  private quiet(): void {
    this.timer = null;
    const wait = this.lastMs + this.opts.minIntervalMs - this.now();
    if (wait > 0) this.arm(wait);
    else this.run();
  }

  run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.due) clearImmediate(this.due);
    this.due = null;
    if (!this.dirty) return;
    this.dirty = false;
    this.lastMs = this.now();
    const t0 = performance.now();
    let checkpointed: number;
    try {
      ({ checkpointed } = this.store.checkpoint());
    } catch {
      // Run from a timer: a failing disk (or a closed store) costs this checkpoint, counted, and the WAL waits for the next.
      this.stats.failed++;
      this.dirty = true;
      return;
    }
    this.stats.runs++;
    this.stats.frames += checkpointed;
    this.stats.lastMs = Math.round(performance.now() - t0);
  }

  stop(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.due) clearImmediate(this.due);
    this.due = null;
  }
}
