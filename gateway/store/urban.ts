// Urban readings: every raw reading (metric, district, ts) for the raw window,
// then hourly buckets (downsampled) for the long one, plus the latest reading
// of each series for the panels.
import type { UrbanReading } from '../contract/payloads.js';
import type { Statement, Statements } from './statements.js';
import { clampLimit } from './list.js';
import { UrbanLatestMirror } from './urban-latest-mirror.js';
import { SeriesCount } from './series-count.js';
import type { ChangeNotice, ListOptions, UrbanLatestRow } from './types.js';

interface UrbanDbRow { metric: string; district: string; value: number; unit: string | null; ts: string; ts_ms: number; received_ms: number }
interface Point { tsMs: number; value: number }
interface Series { latest: UrbanReading; tsMs: number; receivedMs: number; newest: UrbanReading | null; newestMs: number }

const INSERT = 'INSERT OR IGNORE INTO urban_readings (metric, district, ts_ms, value, received_ms) VALUES (?, ?, ?, ?, ?)';
const LATEST = `INSERT INTO urban_latest (metric, district, value, unit, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT DO UPDATE SET value = excluded.value, unit = excluded.unit, ts = excluded.ts, ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
  WHERE excluded.ts_ms > urban_latest.ts_ms`;

/**
 * Series (metric, district) kept in urban_latest at most: a city has a few
 * dozen metrics over 26 district codes (a few thousand series); each topic
 * names one, so without a bound a flood of made-up names grew it for good.
 */
export const MAX_URBAN_SERIES = 10_000;

/** Buckets of one series' chart at most (a wall's chart is a few hundred pixels wide). */
export const MAX_CHART_BUCKETS = 1000;

const RAW_SINCE = 'SELECT ts_ms AS tsMs, value FROM urban_readings WHERE metric = ? AND district = ? AND ts_ms >= ? ORDER BY ts_ms';

export class UrbanReadings {
  private readonly st;
  /** `urban_latest` per metric in memory (a live figure reads its metric on every commit). */
  readonly mirror = new UrbanLatestMirror();
  readonly seriesCount: SeriesCount;

  constructor(private readonly sql: Statements, private readonly inTransaction: () => boolean) {
    this.seriesCount = new SeriesCount(MAX_URBAN_SERIES, () => (sql.get('SELECT COUNT(*) AS n FROM urban_latest').get() as { n: number }).n);
    this.st = {
      insert: sql.get(INSERT), latest: sql.get(LATEST),
      firstFrom: sql.get('SELECT ts_ms AS tsMs FROM urban_readings WHERE metric = ? AND district = ? AND ts_ms >= ? ORDER BY ts_ms LIMIT 1'),
      lastBefore: sql.get('SELECT ts_ms AS tsMs, value FROM urban_readings WHERE metric = ? AND district = ? AND ts_ms < ? ORDER BY ts_ms DESC LIMIT 1'),
    };
  }

  /**
   * A batch's readings (call inside a transaction), summed up per series: one
   * notice carrying the newest new reading's ts, and one `urban_latest` upsert
   * with the batch's newest reading. Under a flood a batch holds ~2,000
   * readings of a few hundred series; a second upsert per reading was a third
   * of the SQLite work, and the display matched every notice against every panel.
   */
  batch(): UrbanBatch {
    return new UrbanBatch(this.st, (row) => this.mirror.stage(row, this.inTransaction()), (key, metric, district) => this.hasRoomFor(key, metric, district));
  }

  /** Whether a reading of this series may be stored (call inside a transaction): the series is held, or there is room for one more. */
  private hasRoomFor(key: string, metric: string, district: string): boolean {
    // A new series' latest row is inserted when the batch finishes.
    return this.seriesCount.admit(key, () => this.sql.get('SELECT 1 FROM urban_latest WHERE metric = ? AND district = ?').get(metric, district) !== undefined);
  }

  /** Latest rows older than `beforeMs` go (their series has no history left either). Returns how many. */
  pruneLatest(beforeMs: number): number {
    const n = this.sql.get('DELETE FROM urban_latest WHERE ts_ms < ?').run(beforeMs).changes;
    if (n > 0) {
      this.mirror.clear();
      this.seriesCount.forget();
    }
    return n;
  }

  latest(f: { metric?: string; district?: string } & ListOptions = {}): UrbanLatestRow[] {
    const { limit, offset } = clampLimit(f, 5000);
    if (f.metric && !f.district) return this.metricLatest(f.metric).slice(offset, offset + limit);
    return this.readLatest(f, limit, offset);
  }

  /** A metric's every row, ordered by district: from the mirror, which a miss fills (outside a transaction). */
  private metricLatest(metric: string): readonly UrbanLatestRow[] {
    const held = this.mirror.rows(metric);
    if (held) return held;
    const rows = this.readLatest({ metric }, Number.MAX_SAFE_INTEGER, 0);
    if (!this.inTransaction()) this.mirror.load(metric, rows);
    return rows;
  }

  private readLatest(f: { metric?: string; district?: string }, limit: number, offset: number): UrbanLatestRow[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (f.metric) { where.push('metric = ?'); args.push(f.metric); }
    if (f.district) { where.push('district = ?'); args.push(f.district); }
    return (this.sql.get(`SELECT * FROM urban_latest ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY metric, district LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as UrbanDbRow[]).map((r) => ({ metric: r.metric, district: r.district, value: r.value, unit: r.unit, ts: r.ts, tsMs: r.ts_ms, receivedAt: r.received_ms }));
  }

  /**
   * One series since `sinceMs`, oldest first: the downsampled buckets before its first raw reading, then the raw
   * readings, all of them, or with `bucketMs` the last of each bucket that has any (so it ends on the latest reading).
   */
  series(metric: string, district: string, sinceMs: number, opts: { bucketMs?: number } = {}): { tsMs: number; value: number }[] {
    const raw = opts.bucketMs ? this.lastPerBucket(metric, district, sinceMs, opts.bucketMs) : this.sql.get(RAW_SINCE).all(metric, district, sinceMs) as Point[];
    const firstRaw = raw[0]?.tsMs ?? Number.MAX_SAFE_INTEGER;
    const down = this.sql.get('SELECT bucket_ms AS tsMs, sum / n AS value FROM urban_downsampled WHERE metric = ? AND district = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms')
      .all(metric, district, sinceMs, firstRaw) as Point[];
    return [...down, ...raw];
  }

  /**
   * Two seeks on the primary key per bucket that has readings, however many it has: a chart of a sensor reporting
   * every second would otherwise read and draw 86,400 points a day. At most MAX_CHART_BUCKETS buckets.
   */
  private lastPerBucket(metric: string, district: string, sinceMs: number, bucketMs: number): Point[] {
    const out: Point[] = [];
    let from = sinceMs;
    while (out.length < MAX_CHART_BUCKETS) {
      const first = this.st.firstFrom.get(metric, district, from) as { tsMs: number } | undefined;
      if (!first) break;
      const end = (Math.floor(first.tsMs / bucketMs) + 1) * bucketMs;
      out.push(this.st.lastBefore.get(metric, district, end) as Point);
      from = end;
    }
    return out;
  }

  /** Every (metric, district) with raw readings, by seeking the primary key from one series to the next. */
  seriesKeys(): { metric: string; district: string }[] {
    const first = this.sql.get('SELECT metric, district FROM urban_readings ORDER BY metric, district LIMIT 1');
    const next = this.sql.get('SELECT metric, district FROM urban_readings WHERE (metric, district) > (?, ?) ORDER BY metric, district LIMIT 1');
    const keys: { metric: string; district: string }[] = [];
    let k = first.get() as { metric: string; district: string } | undefined;
    while (k) {
      keys.push(k);
      k = next.get(k.metric, k.district) as { metric: string; district: string } | undefined;
    }
    return keys;
  }

  /**
   * One series' raw readings before `cutoffMs` go (call inside a transaction);
   * with `downsample`, summed into `bucketMs` buckets first, merged after the
   * delete so a full database reuses the pages it just freed. Returns the rows deleted.
   */
  downsample(metric: string, district: string, cutoffMs: number, bucketMs: number, downsample: boolean): number {
    const buckets = downsample
      ? this.sql.get(`SELECT (ts_ms / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS bucket_ms, COUNT(*) AS n, SUM(value) AS sum, MIN(value) AS min, MAX(value) AS max
      FROM urban_readings WHERE metric = @metric AND district = @district AND ts_ms < @cutoff GROUP BY ts_ms / CAST(@bucket AS INTEGER)`)
        .all({ bucket: bucketMs, cutoff: cutoffMs, metric, district }) as { bucket_ms: number; n: number; sum: number; min: number; max: number }[]
      : [];
    const deleted = this.sql.get('DELETE FROM urban_readings WHERE metric = ? AND district = ? AND ts_ms < ?').run(metric, district, cutoffMs).changes;
    const merge = this.sql.get(`INSERT INTO urban_downsampled (metric, district, bucket_ms, n, sum, min, max) VALUES (@metric, @district, @bucket_ms, @n, @sum, @min, @max)
      ON CONFLICT DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum, min = MIN(min, excluded.min), max = MAX(max, excluded.max)`);
    for (const b of buckets) merge.run({ metric, district, ...b });
    return deleted;
  }

  /** Buckets older than `beforeMs` go. Returns how many. */
  pruneDownsampled(beforeMs: number): number {
    return this.sql.get('DELETE FROM urban_downsampled WHERE bucket_ms < ?').run(beforeMs).changes;
  }
}

/** Raw readings stored as they come; the latest per series written once, at finish. */
export class UrbanBatch {
  private readonly series = new Map<string, Series>();
  /** Readings that changed nothing (redeliveries). */
  unchanged = 0;

  constructor(
    private readonly st: { insert: Statement; latest: Statement },
    private readonly changedLatest: (row: UrbanLatestRow) => void,
    /** `key`: the series' `${metric}\0${district}`, as the batch keys it. */
    private readonly hasRoomFor: (key: string, metric: string, district: string) => boolean,
  ) {}

  /** Stores a reading; false when its series is new and the table of series is at its bound (nothing stored). */
  add(d: UrbanReading, tsMs: number, receivedMs: number): boolean {
    const key = `${d.metric}\u0000${d.district}`;
    const s = this.series.get(key);
    if (!s && !this.hasRoomFor(key, d.metric, d.district)) return false;
    const inserted = this.st.insert.run(d.metric, d.district, tsMs, d.value, receivedMs).changes > 0;
    if (!inserted) this.unchanged++;
    if (!s) this.series.set(key, { latest: d, tsMs, receivedMs, newest: inserted ? d : null, newestMs: inserted ? tsMs : -Infinity });
    else {
      // Ties keep the first, as the upsert's `excluded.ts_ms > ts_ms` does.
      if (tsMs > s.tsMs) { s.latest = d; s.tsMs = tsMs; s.receivedMs = receivedMs; }
      if (inserted && tsMs > s.newestMs) { s.newest = d; s.newestMs = tsMs; }
    }
    return true;
  }

  /** Writes each series' latest reading; returns one notice per series with news. */
  finish(): ChangeNotice[] {
    const latest = this.st.latest;
    const notices: ChangeNotice[] = [];
    for (const { latest: d, tsMs, receivedMs, newest } of this.series.values()) {
      const changed = latest.run(d.metric, d.district, d.value, d.unit ?? null, d.ts, tsMs, receivedMs).changes > 0;
      if (changed) this.changedLatest({ metric: d.metric, district: d.district, value: d.value, unit: d.unit ?? null, ts: d.ts, tsMs, receivedAt: receivedMs });
      // A reading already held raw can still be news to urban_latest (e.g. after that table was trimmed).
      const shown = newest ?? (changed ? d : null);
      if (shown) notices.push({ kind: 'urban', key: `urban:${d.metric}:${d.district}`, ts: shown.ts, district: d.district });
      if (!newest && changed) this.unchanged--;
    }
    return notices;
  }
}
