// One compacting garbage collection in quiet time when a burst left the old
// generation fragmented: V8 may not compact an idle heap for minutes, and
// compacting on every full GC costs ingest throughput. Its pause waits for a
// quiet spell in the city feed, or goes in the gap just after a value, so it
// does not hold the next value back. Why and the figures:
// docs/decisions/2026-11-23-memory.md (2026-11-26 evening, 2026-11-30).
import v8 from 'node:v8';
import vm from 'node:vm';
import { PerformanceObserver, constants as perfConstants, performance } from 'node:perf_hooks';

export interface HeapCompactorOptions {
  /** How often to look at the heap and the event loop. */
  checkEveryMs: number;
  /** Run only when the event loop was busy for less than this share of the last interval (not in a flood). */
  maxUtilization: number;
  /** At most one run per this interval (the first may run at any time). */
  minIntervalMs: number;
  /** Run only when the last full GC left at least this much of the old generation's resident pages free (fragmentation). */
  minFreeBytes: number;
  /** Input (a city change) within this long holds a run back: a steady feed idles the loop, but the pause would land on a value. */
  quietMs: number;
  /** A held run goes just after an input that came at least this long after the one before: in the feed's gap. */
  minGapMs: number;
  /** A feed that is never quiet and never leaves such a gap holds a run back at most this long. */
  maxWaitMs: number;
}

export interface HeapCompactorDeps {
  /** Share of time the event loop was busy since the previous call (0–1). */
  utilization(): number;
  /** Resident size of the old generation, in bytes. */
  oldSpaceBytes(): number;
  /** Resident but free bytes of the old generation right after the last full GC (0 before the first). */
  freeAfterLastFullGc(): number;
  /** Runs one full, compacting garbage collection; null when this runtime cannot. */
  compact: (() => void) | null;
  /** Told of each run, for the log. */
  onRun?: (run: { ms: number; freeBytes: number; beforeBytes: number; afterBytes: number }) => void;
  now?: () => number;
  /** Runs a held compaction after the input's own work (its pushes) is done; `setImmediate` unless a test says otherwise. */
  defer?: (fn: () => void) => void;
}

export interface HeapCompactionStats { runs: number; lastMs: number; lastFreedBytes: number; available: boolean }

export class HeapCompactor {
  private readonly timer: NodeJS.Timeout | null;
  private lastRunMs: number | null = null;
  private lastInputMs = -Infinity;
  /** Since when a due run has been held back by input (null: none held). */
  private heldSinceMs: number | null = null;
  private readonly now: () => number;
  private readonly defer: (fn: () => void) => void;
  readonly stats: HeapCompactionStats;

  constructor(private readonly opts: HeapCompactorOptions, private readonly deps: HeapCompactorDeps) {
    this.now = deps.now ?? Date.now;
    this.defer = deps.defer ?? ((fn) => setImmediate(fn));
    this.stats = { runs: 0, lastMs: 0, lastFreedBytes: 0, available: deps.compact !== null };
    this.timer = deps.compact ? setInterval(() => this.check(), opts.checkEveryMs) : null;
    this.timer?.unref();
    deps.utilization(); // starts the first interval
  }

  /** One look: compacts when the loop and the input are quiet, the interval has passed and the last full GC left enough free. True when it ran. */
  check(): boolean {
    const busy = this.deps.utilization();
    if (busy > this.opts.maxUtilization || !this.due()) return false;
    const now = this.now();
    if (now - this.lastInputMs < this.opts.quietMs) {
      this.heldSinceMs ??= now;
      if (now - this.heldSinceMs < this.opts.maxWaitMs) return false;
    }
    this.run();
    return true;
  }

  /** An input was taken (a city change): a held run goes right after it when it came after a wide enough gap. */
  input(): void {
    const now = this.now();
    const gap = now - this.lastInputMs;
    this.lastInputMs = now;
    if (this.heldSinceMs === null || gap < this.opts.minGapMs) return;
    this.defer(() => {
      if (this.heldSinceMs !== null && this.due()) this.run();
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The interval has passed and the last full GC left enough free; forgets a held run that is no longer due. */
  private due(): boolean {
    const ok = (this.lastRunMs === null || this.now() - this.lastRunMs >= this.opts.minIntervalMs)
      && this.deps.compact !== null && this.deps.freeAfterLastFullGc() >= this.opts.minFreeBytes;
    if (!ok) this.heldSinceMs = null;
    return ok;
  }

  private run(): void {
    const freeBytes = this.deps.freeAfterLastFullGc();
    const before = this.deps.oldSpaceBytes();
    const t0 = performance.now();
    this.deps.compact?.();
    this.stats.lastMs = Math.round(performance.now() - t0);
    const after = this.deps.oldSpaceBytes();
    this.stats.runs++;
    this.stats.lastFreedBytes = Math.max(0, before - after);
    this.lastRunMs = this.now();
    this.heldSinceMs = null;
    this.deps.onRun?.({ ms: this.stats.lastMs, freeBytes, beforeBytes: before, afterBytes: after });
  }
}

/** Event-loop utilization since the previous call (perf_hooks), as `HeapCompactorDeps.utilization` wants it. */
export function loopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(now, last);
    last = now;
    return delta.utilization;
  };
}

function oldSpace(): v8.HeapSpaceInfo | undefined {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
}

/** Resident bytes of V8's old generation. */
export function oldSpaceBytes(): number {
  return oldSpace()?.physical_space_size ?? 0;
}

/**
 * Watches full GCs and remembers how much of the old generation's resident
 * pages each left free: right after one, "used" is close to what is live (at
 * other times it includes the garbage since), so resident − used is the
 * fragmentation a compaction could give back.
 */
export function watchFullGcs(): { freeAfterLastFullGc(): number; stop(): void } {
  let free = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // A 'gc' entry's detail.kind says which collector ran (Node ≥ 16).
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind !== perfConstants.NODE_PERFORMANCE_GC_MAJOR) continue;
      const space = oldSpace();
      free = space ? Math.max(0, space.physical_space_size - space.space_used_size) : 0;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { freeAfterLastFullGc: () => free, stop: () => observer.disconnect() };
}

/**
 * A full garbage collection that also moves objects off fragmented pages, or
 * null if this Node cannot do it. Node exposes no API for this: V8's `gc`
 * function is reached the way Jest's --logHeapUsage does (expose it, take it
 * from a fresh context), and compaction is switched on for that one collection.
 * If a later V8 dropped the flag, the collection would still run, uncompacted.
 */
export function compactingGc(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    if (typeof gc !== 'function') return null;
    return () => {
      v8.setFlagsFromString('--compact-on-every-full-gc');
      try {
        (gc as () => void)();
      } finally {
        v8.setFlagsFromString('--no-compact-on-every-full-gc');
      }
    };
  } catch {
    return null;
  }
}
