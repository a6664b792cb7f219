import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeapCompactor, compactingGc, loopUtilization, oldSpaceBytes, type HeapCompactorOptions } from './heap-compactor.js';

const MiB = 2 ** 20;
const OPTS: HeapCompactorOptions = { checkEveryMs: 2_000, maxUtilization: 0.3, minIntervalMs: 600_000, minGrowthBytes: 4 * MiB };

/** A heap whose old generation the test sets, and a compaction that brings it back to `liveBytes`. */
function fakeHeap(startBytes: number) {
  const heap = { bytes: startBytes, liveBytes: startBytes, busy: 0, nowMs: 0, compactions: 0 };
  const deps = {
    utilization: () => heap.busy,
    oldSpaceBytes: () => heap.bytes,
    compact: () => {
      heap.compactions++;
      heap.bytes = heap.liveBytes;
    },
    now: () => heap.nowMs,
  };
  return { heap, deps };
}

describe('HeapCompactor', () => {
  afterEach(() => vi.useRealTimers());

  it('compacts once the old generation has grown and the loop is quiet, then waits for new growth', () => {
    const { heap, deps } = fakeHeap(10 * MiB);
    const runs: { baselineBytes: number; beforeBytes: number; afterBytes: number }[] = [];
    const c = new HeapCompactor(OPTS, { ...deps, onRun: (r) => runs.push(r) });
    heap.bytes = 13 * MiB; // grown by 3 MiB: not worth it
    expect(c.check()).toBe(false);
    heap.bytes = 19 * MiB;
    heap.liveBytes = 12 * MiB;
    expect(c.check()).toBe(true);
    expect(heap.compactions).toBe(1);
    expect(c.stats).toMatchObject({ runs: 1, lastFreedBytes: 7 * MiB, available: true });
    expect(runs).toEqual([{ ms: expect.any(Number), baselineBytes: 10 * MiB, beforeBytes: 19 * MiB, afterBytes: 12 * MiB }]);
    // The new baseline is the compacted size: 15 MiB is 3 MiB of growth, not 5.
    heap.nowMs += OPTS.minIntervalMs;
    heap.bytes = 15 * MiB;
    expect(c.check()).toBe(false);
    c.stop();
  });

  it('never runs while the event loop is busy (a flood), however much the heap grew', () => {
    const { heap, deps } = fakeHeap(10 * MiB);
    const c = new HeapCompactor(OPTS, deps);
    heap.bytes = 40 * MiB;
    heap.busy = 0.95;
    expect(c.check()).toBe(false);
    heap.busy = 0.31;
    expect(c.check()).toBe(false);
    heap.busy = 0.05;
    expect(c.check()).toBe(true);
    c.stop();
  });

  it('runs at most once per minimum interval', () => {
    const { heap, deps } = fakeHeap(10 * MiB);
    const c = new HeapCompactor(OPTS, deps);
    heap.bytes = heap.liveBytes = 20 * MiB; // the compaction frees nothing; the heap stays large
    expect(c.check()).toBe(true);
    heap.bytes = heap.liveBytes = 30 * MiB;
    heap.nowMs += OPTS.minIntervalMs - 1;
    expect(c.check()).toBe(false);
    heap.nowMs += 1;
    expect(c.check()).toBe(true);
    expect(heap.compactions).toBe(2);
    c.stop();
  });

  it('looks every checkEveryMs on an unref’d timer, and stops looking on stop()', () => {
    vi.useFakeTimers();
    const { heap, deps } = fakeHeap(10 * MiB);
    const c = new HeapCompactor(OPTS, deps);
    heap.bytes = 20 * MiB;
    vi.advanceTimersByTime(OPTS.checkEveryMs - 1);
    expect(heap.compactions).toBe(0);
    vi.advanceTimersByTime(1);
    expect(heap.compactions).toBe(1);
    c.stop();
    heap.nowMs += OPTS.minIntervalMs;
    heap.bytes = 40 * MiB;
    vi.advanceTimersByTime(10 * OPTS.checkEveryMs);
    expect(heap.compactions).toBe(1);
  });

  it('does nothing, and says so, where the runtime cannot compact', () => {
    vi.useFakeTimers();
    const { heap, deps } = fakeHeap(10 * MiB);
    const c = new HeapCompactor(OPTS, { ...deps, compact: null });
    heap.bytes = 40 * MiB;
    vi.advanceTimersByTime(10 * OPTS.checkEveryMs);
    expect(c.check()).toBe(false);
    expect(c.stats).toMatchObject({ runs: 0, available: false });
    c.stop();
  });
});

describe('compactingGc (the real V8 collection)', () => {
  it('gives back the old generation pages that a burst left behind', () => {
    const compact = compactingGc();
    expect(compact).not.toBeNull();
    // Old-generation objects first, then drop 15 of every 16: every page stays
    // in use, so only a compacting collection can free pages.
    let keep: object[] = [];
    const all: object[][] = [];
    for (let i = 0; i < 16; i++) all.push(Array.from({ length: 60_000 }, (_, j) => ({ i, j, pad: [j, j + 1, j + 2] })));
    compact!(); // promote them
    for (const part of all) keep = keep.concat(part.filter((_, j) => j % 16 === 0));
    all.length = 0;
    const before = oldSpaceBytes();
    compact!();
    const after = oldSpaceBytes();
    expect(keep.length).toBe(16 * 3_750);
    expect(before - after, `old space ${before} → ${after} bytes`).toBeGreaterThan(8 * MiB);
  });

  it('measures event-loop utilization between calls, from 0 to 1', async () => {
    const utilization = loopUtilization();
    const t = Date.now();
    while (Date.now() - t < 30); // busy
    await new Promise((resolve) => setTimeout(resolve, 30)); // idle
    const u = utilization();
    expect(u).toBeGreaterThan(0.2);
    expect(u).toBeLessThan(0.9);
  });
});
