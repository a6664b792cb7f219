// Heap tuning for a small always-on daemon: one compacting GC in quiet time
// when a burst left the heap fragmented (see ../heap-compactor.ts and
// docs/decisions/2026-11-23-memory.md). Registers its own gauges.
import type { Logger } from '../logger.js';
import type { MetricsPort } from '../metrics.js';
import { HeapCompactor, compactingGc, loopUtilization, oldSpaceBytes, watchFullGcs } from '../heap-compactor.js';

const MiB = 2 ** 20;

export function startHeapTuning(log: Logger, metrics: MetricsPort): { stop(): void } {
  const fullGcs = watchFullGcs();
  const compactor = new HeapCompactor({ checkEveryMs: 1_000, maxUtilization: 0.3, minIntervalMs: 10 * 60_000, minFreeBytes: 4 * MiB }, {
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
    stop() {
      compactor.stop();
      fullGcs.stop();
    },
  };
}
