// Heap tuning for a small always-on daemon: one compacting GC in quiet time
// when a burst left the heap fragmented (see ../heap-compactor.ts and
// docs/decisions/2026-11-23-memory.md). Registers its own gauges.
import type { Logger } from '../logger.js';
import type { MetricsPort } from '../metrics.js';
import { HeapCompactor, compactingGc, loopUtilization, oldSpaceBytes, watchFullGcs } from '../heap-compactor.js';

const MiB = 2 ** 20;

/** `input()` is told of each city change: a compaction's pause waits for a quiet spell in the feed or a gap after a value. */
export function startHeapTuning(log: Logger, metrics: MetricsPort): { input(): void; stop(): void } {
  const fullGcs = watchFullGcs();
  const compactor = new HeapCompactor({ checkEveryMs: 1_000, maxUtilization: 0.3, minIntervalMs: 10 * 60_000, minFreeBytes: 4 * MiB, quietMs: 2_000, minGapMs: 50, maxWaitMs: 30 * 60_000 }, {
    utilization: loopUtilization(),
    oldSpaceBytes,
    freeAfterLastFullGc: fullGcs.freeAfterLastFullGc,
    compact: compactingGc(),
    onRun: (r) => log.info({ ms: r.ms, freeMiB: +(r.freeBytes / MiB).toFixed(1), oldSpaceMiB: [r.beforeBytes, r.afterBytes].map((b) => +(b / MiB).toFixed(1)) }, 'heap compacted in quiet time (free after the last full GC; old space before, after)'),
  });
  if (!compactor.stats.available) log.warn('this Node offers no way to compact the heap in quiet time; idle memory stays at what bursts left');
  metrics.gauge('scpm_heap_compactions', 'Compacting garbage collections run in quiet time since start (when a full GC left the heap fragmented).', () => compactor.stats.runs);
  metrics.gauge('scpm_heap_compaction_last_ms', 'Duration of the last compacting garbage collection.', () => compactor.stats.lastMs);
  metrics.gauge('scpm_process_resident_bytes', 'Resident memory of the gateway.', () => process.memoryUsage().rss);
  return {
    input: () => compactor.input(),
    stop() {
      compactor.stop();
      fullGcs.stop();
    },
  };
}
