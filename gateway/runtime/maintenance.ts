// The store's upkeep: retention and size cap once a minute, WAL checkpoints
// in quiet time. Registers the store's gauges.
import type { Logger } from '../logger.js';
import type { MetricsPort } from '../metrics.js';
import type { Store } from '../store/store.js';
import { IdleCheckpointer } from '../store/idle-checkpoint.js';

const MAINTAIN_EVERY_MS = 60_000;

export function startMaintenance(store: Store, log: Logger, metrics: MetricsPort, capMb: number): { stop(): void; checkpoints(): { runs: number; lastMs: number } } {
  const checkpointer = new IdleCheckpointer(store, { quietMs: 500, minIntervalMs: 5_000, maxIntervalMs: 60_000 });
  const timer = setInterval(() => {
    try {
      const deleted = store.maintain(Date.now());
      const h = store.health();
      if (h.overWarn) log.warn({ sizeMb: Math.round(h.sizeBytes / 1048576), capMb }, h.overCap ? 'database at its size cap: pruning raw readings harder' : 'database nearing its size cap: raise store.maxSizeMb or shorten retention');
      log.debug({ deleted }, 'store maintenance');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'store maintenance failed');
    }
  }, MAINTAIN_EVERY_MS);
  timer.unref();
  metrics.gauge('scpm_outbox_pending', 'Orders queued for the city, not yet acknowledged.', () => store.pendingOrderCount());
  metrics.gauge('scpm_store_size_bytes', 'Size of the SQLite database.', () => store.sizeBytes());
  metrics.gauge('scpm_store_cap_bytes', 'Configured size cap of the database.', () => capMb * 1024 * 1024);
  metrics.gauge('scpm_store_checkpoints', 'WAL checkpoints run since start (in quiet time, or every minute under steady load).', () => checkpointer.stats.runs);
  metrics.gauge('scpm_store_checkpoint_last_ms', 'Duration of the last WAL checkpoint.', () => checkpointer.stats.lastMs);
  return {
    checkpoints: () => ({ runs: checkpointer.stats.runs, lastMs: checkpointer.stats.lastMs }),
    stop() {
      clearInterval(timer);
      checkpointer.stop();
    },
  };
}
