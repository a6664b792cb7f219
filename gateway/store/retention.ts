// Every bound of the store, applied: urban readings past the raw window are
// downsampled, what is past retention goes, and each growing table is cut to
// its cap. In small transactions, so ingest is never blocked for long.
import type { CityEntities } from './entities.js';
import type { Indicators } from './indicators.js';
import type { LinkEvents } from './link-events.js';
import type { OrderTable } from './orders.js';
import type { RejectedMessages } from './rejected.js';
import type { ActionLog, ScreenTable } from './screens.js';
import type { UrbanReadings } from './urban.js';
import type { StoreLimits } from './types.js';
import { isFullError } from './write-faults.js';

export interface RetainedTables {
  entities: CityEntities; urban: UrbanReadings; indicators: Indicators; orders: OrderTable;
  rejected: RejectedMessages; links: LinkEvents; screens: ScreenTable; actionLog: ActionLog;
}

type Transaction = <T>(fn: () => T) => T;

/**
 * `hard` (asked for, or the store full or at its cap): a quarter of the raw and
 * closed-entity windows, a tenth of the rejected rows. Returns rows deleted per table.
 */
export function applyRetention(t: RetainedTables, transaction: Transaction, L: StoreLimits, nowMs: number, hard: boolean): Record<string, number> {
  const deleted: Record<string, number> = { urban_readings: 0 };
  pruneUrban(t.urban, transaction, L, nowMs, hard, deleted);
  transaction(() => {
    deleted.urban_downsampled = t.urban.pruneDownsampled(nowMs - L.urbanDownsampledRetentionDays * 86_400_000);
    deleted.urban_latest = t.urban.pruneLatest(nowMs - L.urbanDownsampledRetentionDays * 86_400_000);
    t.entities.prune(nowMs - (L.closedEntityRetentionDays * 86_400_000) / (hard ? 4 : 1), deleted);
    const oldest = new Date(nowMs);
    oldest.setUTCMonth(oldest.getUTCMonth() - L.indicatorRetentionMonths);
    deleted.indicator_values = t.indicators.prune(oldest.toISOString().slice(0, 7));
    deleted.rejected_messages = t.rejected.prune(hard);
    // Orders the broker or the city took, beyond the cap, go; queued and refused ones never (they are owed to the city).
    t.orders.prune(L.ordersKeep, nowMs, deleted);
    deleted.link_events = t.links.prune();
    deleted.screens = t.screens.prune();
    deleted.action_log = t.actionLog.prune();
  });
  return deleted;
}

/**
 * Series by series, through the primary key (metric, district, ts_ms):
 * urban_readings has no index on ts_ms alone (migration 3), which keeps each
 * ingested reading to one B-tree insert. One transaction per series.
 */
function pruneUrban(urban: UrbanReadings, transaction: Transaction, L: StoreLimits, nowMs: number, hard: boolean, deleted: Record<string, number>): void {
  const bucket = L.urbanDownsampleMinutes * 60_000;
  const rawWindow = L.urbanRawRetentionHours * 3_600_000 / (hard ? 4 : 1);
  const cutoff = Math.floor((nowMs - rawWindow) / bucket) * bucket;
  for (const { metric, district } of urban.seriesKeys()) {
    const prune = (downsample: boolean) => transaction(() => {
      deleted.urban_readings! += urban.downsample(metric, district, cutoff, bucket, downsample);
    });
    try {
      prune(true);
    } catch (err) {
      // Full even after the delete: the readings go without their buckets, or nothing ever frees space.
      if (!isFullError(err)) throw err;
      prune(false);
      deleted.urban_readings_not_downsampled = (deleted.urban_readings_not_downsampled ?? 0) + 1;
    }
  }
}
