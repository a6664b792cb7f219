// The store's upkeep: retention and size cap once a minute, WAL checkpoints
// in quiet time. When writes fail for want of space (SQLITE_FULL: the page
// cap or the disk), retention prunes harder at once and every FULL_EVERY_MS
// while there is no room; once there is, the store clears its flag (or a
// write that fits does, whichever comes first). Registers the store's gauges.
import type { Logger } from '../logger.js';
import type { MetricsPort } from '../metrics.js';
import type { Store, StoreFull } from '../store/store.js';
import { IdleCheckpointer } from '../store/idle-checkpoint.js';
import { rateLimitedLog } from '../log/rate-limited.js';

const MAINTAIN_EVERY_MS = 60_000;
/** First hard pruning after the store went full: soon, but out of the writer's call stack. */
const FULL_FIRST_MS = 500;
/** Hard pruning again while the store stays full. */
const FULL_EVERY_MS = 30_000;

export interface MaintenanceOptions {
  maintainEveryMs?: number;
  fullFirstMs?: number;
  fullEveryMs?: number;
}

export function startMaintenance(store: Store, log: Logger, metrics: MetricsPort, capMb: number, opts: MaintenanceOptions = {}): { stop(): void; checkpoints(): { runs: number; lastMs: number } } {
  const checkpointer = new IdleCheckpointer(store, { quietMs: 500, minIntervalMs: 5_000, maxIntervalMs: 60_000 });
  const maintain = (hard: boolean) => {
    try {
      const deleted = store.maintain(Date.now(), { hard });
      const h = store.health();
      if (hard) log.warn({ deleted, usedMb: +(h.usedBytes / 1048576).toFixed(1), capMb: +(h.capBytes / 1048576).toFixed(1) }, 'store full: retention pruned harder (a quarter of the raw and closed windows)');
      else if (h.overWarn) log.warn({ sizeMb: Math.round(h.usedBytes / 1048576), capMb }, h.overCap ? 'database at its size cap: pruning raw readings harder' : 'database nearing its size cap: raise store.maxSizeMb or shorten retention');
      log.debug({ deleted }, 'store maintenance');
      // A checkpoint lets the WAL be reused rather than grown (it matters on a full disk).
      if (hard) store.checkpoint();
    } catch (err) {
      log.error({ err: (err as Error).message, code: (err as { code?: string }).code }, 'store maintenance failed');
    }
  };
  const timer = setInterval(() => maintain(false), opts.maintainEveryMs ?? MAINTAIN_EVERY_MS);
  timer.unref();

  let fullTimer: NodeJS.Timeout | null = null;
  // A store hovering at its cap may flip often: the transitions are logged rate-limited.
  const logLimited = rateLimitedLog(log);
  const onFull = (full: StoreFull | null) => {
    if (full) {
      logLimited('store-full', 'error', { cause: full.cause, capMb: +(store.health().capBytes / 1048576).toFixed(1) }, full.cause === 'size cap'
        ? 'store full: the database reached its size cap (store.maxSizeMb, or store.maxPages); new city data is rejected (store-full) until pruning frees room'
        : 'store full: the disk is full; new city data is rejected (store-full) until space returns');
      if (!fullTimer) {
        const every = opts.fullEveryMs ?? FULL_EVERY_MS;
        // Prune harder only while there is no room; once there is, clear "full" as soon as it may clear,
        // without waiting for the next city message (a quiet or broken link would keep it, and the pruning, on).
        const whileFull = () => {
          fullTimer = null;
          if (!store.fullState()) return;
          let room = store.fullHasRoom();
          if (!room) {
            maintain(true);
            room = store.fullHasRoom();
          }
          if (!store.recheckFull()) return;
          fullTimer = setTimeout(whileFull, room ? Math.max(50, store.fullClearableInMs()) : every);
          fullTimer.unref();
        };
        fullTimer = setTimeout(whileFull, opts.fullFirstMs ?? FULL_FIRST_MS);
        fullTimer.unref();
      }
    } else {
      if (fullTimer) clearTimeout(fullTimer);
      fullTimer = null;
      logLimited('store-writable', 'info', {}, 'store writable again: ingest resumed');
    }
  };
  const offFull = store.onFullChange(onFull);

  metrics.gauge('scpm_outbox_pending', 'Orders queued for the city, not yet acknowledged.', () => store.pendingOrderCount());
  metrics.gauge('scpm_store_size_bytes', 'Size of the SQLite database.', () => store.sizeBytes());
  metrics.gauge('scpm_store_used_bytes', 'Pages of the database holding data (its size minus the free list).', () => store.health().usedBytes);
  metrics.gauge('scpm_store_cap_bytes', 'Hard size cap of the database (max_page_count).', () => store.health().capBytes);
  metrics.gauge('scpm_store_full', '1 while writes fail with SQLITE_FULL (the size cap or the disk).', () => (store.fullState() ? 1 : 0));
  metrics.gauge('scpm_store_checkpoints', 'WAL checkpoints run since start (in quiet time, or every minute under steady load).', () => checkpointer.stats.runs);
  metrics.gauge('scpm_store_checkpoint_last_ms', 'Duration of the last WAL checkpoint.', () => checkpointer.stats.lastMs);
  metrics.gauge('scpm_store_checkpoints_failed', 'WAL checkpoints that failed since start (the disk; the WAL waits for the next one).', () => checkpointer.stats.failed);
  return {
    checkpoints: () => ({ runs: checkpointer.stats.runs, lastMs: checkpointer.stats.lastMs }),
    stop() {
      clearInterval(timer);
      if (fullTimer) clearTimeout(fullTimer);
      offFull();
      logLimited.flush();
      checkpointer.stop();
    },
  };
}
