// An in-memory copy of `urban_latest` per metric, for the reads a live figure
// makes on every commit (a map label needs its metric's every district, for
// the scale). Filled per metric from the table on first read, then kept by
// the store's own writes: each upsert is staged and applied once its
// transaction has committed; anything rolled back empties the copy (the next
// read loads from the table again), so it never shows what was not stored.
// Why: docs/decisions/2026-11-29-live-path.md.
import type { UrbanLatestRow } from './types.js';

/** Metrics held at once, and rows per metric (a metric with more districts is read from the table each time). */
export const MIRROR_MAX_METRICS = 64;
export const MIRROR_MAX_ROWS = 1000;
/** Upserts staged in one transaction before the copy gives up and is read again. */
const MIRROR_MAX_STAGED = 10_000;

interface Metric { byDistrict: Map<string, UrbanLatestRow>; sorted: UrbanLatestRow[] | null }

export class UrbanLatestMirror {
  private readonly metrics = new Map<string, Metric>();
  private staged: UrbanLatestRow[] = [];

  /** A metric's rows ordered by district, or null when not held (read the table, then `load`). */
  rows(metric: string): readonly UrbanLatestRow[] | null {
    const m = this.metrics.get(metric);
    if (!m) return null;
    m.sorted ??= [...m.byDistrict.values()].sort((a, b) => (a.district < b.district ? -1 : a.district > b.district ? 1 : 0));
    return m.sorted;
  }

  /** Holds a metric's every row as just read from the table (outside any transaction); false when it is too big to hold. */
  load(metric: string, rows: readonly UrbanLatestRow[]): boolean {
    if (rows.length > MIRROR_MAX_ROWS) return false;
    if (this.metrics.size >= MIRROR_MAX_METRICS) this.metrics.delete(this.metrics.keys().next().value!);
    this.metrics.set(metric, { byDistrict: new Map(rows.map((r) => [r.district, r])), sorted: null });
    return true;
  }

  /** An upsert that changed a row: inside a transaction, applied at `committed`; outside one, now. */
  stage(row: UrbanLatestRow, inTransaction: boolean): void {
    if (!this.metrics.has(row.metric)) return;
    if (this.staged.length >= MIRROR_MAX_STAGED) return this.clear(); // a transaction this big: read the table again after it
    this.staged.push(row);
    if (!inTransaction) this.committed();
  }

  /** The outermost transaction committed: its staged rows are the table's now. */
  committed(): void {
    for (const row of this.staged) {
      const m = this.metrics.get(row.metric);
      if (!m) continue;
      if (!m.byDistrict.has(row.district) && m.byDistrict.size >= MIRROR_MAX_ROWS) {
        this.metrics.delete(row.metric);
        continue;
      }
      m.byDistrict.set(row.district, row);
      m.sorted = null;
    }
    this.staged = [];
  }

  /** A transaction (or a part of one) failed: what is held may no longer match the table. */
  clear(): void {
    this.metrics.clear();
    this.staged = [];
  }
}
