// Indicators: their definitions (the catalogue) and their values per
// (indicator, district, breakdown, period), with history back-filled.
import type { CityMessage } from '../contract/messages.js';
import type { Statements } from './statements.js';
import { clampLimit } from './list.js';
import { SeriesCount } from './series-count.js';
import type { ListOptions } from './types.js';

interface IndicatorDbRow { indicator: string; district: string; gender: string; age_band: string; period: string; value: number | null; ts: string; ts_ms: number; received_ms: number }
export interface IndicatorValueRow { indicator: string; district: string; gender: string; ageBand: string; period: string; value: number | null; ts: string; tsMs: number; receivedAt: number }
export interface IndicatorDefRow { id: string; category: string; data: Record<string, unknown>; ts: string | null; receivedAt: number }

type Def = Extract<CityMessage, { kind: 'indicator-def' }>['data'];
type Value = Extract<CityMessage, { kind: 'indicator-value' }>['data'];

/**
 * Definitions kept at most: a city's catalogue has a few hundred, and every
 * indicator panel and the voice catalogue read all of them on each render
 * (100,000 ids flooded in cost 0.5 s a read and were never pruned).
 */
export const MAX_INDICATOR_DEFS = 1000;

/**
 * Value series (indicator, district, gender, age band) kept at most: the
 * demo city has 62 indicators × 26 districts × 10 breakdowns (16,120); each
 * topic names one, so made-up names would otherwise grow the table for good
 * (pruning goes by period only) and every district's panel read them all.
 */
export const MAX_INDICATOR_SERIES = 50_000;

const VALUE_COLUMNS = 'indicator_values (indicator, district, gender, age_band, period, value, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
const LATEST_COLUMNS = 'indicator, district, gender, age_band, MAX(period) AS period, value, ts, ts_ms, received_ms';

function indicatorFromRow(r: IndicatorDbRow): IndicatorValueRow {
  return { indicator: r.indicator, district: r.district, gender: r.gender, ageBand: r.age_band, period: r.period, value: r.value, ts: r.ts, tsMs: r.ts_ms, receivedAt: r.received_ms };
}

/** The breakdown filter every value query starts with (gender and age band default to 'all'). */
function breakdownWhere(f: { indicator?: string; district?: string; gender?: string; ageBand?: string }): { where: string[]; args: (string | number)[] } {
  const where = ['gender = ?', 'age_band = ?'];
  const args: (string | number)[] = [f.gender ?? 'all', f.ageBand ?? 'all'];
  if (f.indicator) { where.push('indicator = ?'); args.push(f.indicator); }
  if (f.district) { where.push('district = ?'); args.push(f.district); }
  return { where, args };
}

export class Indicators {
  private readonly st;
  readonly valueSeries: SeriesCount;

  constructor(private readonly sql: Statements) {
    this.valueSeries = new SeriesCount(MAX_INDICATOR_SERIES, () =>
      (sql.get('SELECT COUNT(*) AS n FROM (SELECT DISTINCT indicator, district, gender, age_band FROM indicator_values)').get() as { n: number }).n);
    this.st = {
      def: sql.get(`INSERT INTO indicator_defs (id, category, payload, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET category = excluded.category, payload = excluded.payload, ts = excluded.ts,
          ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
        WHERE excluded.ts_ms >= indicator_defs.ts_ms AND excluded.payload <> indicator_defs.payload`),
      value: sql.get(`INSERT INTO ${VALUE_COLUMNS}
        ON CONFLICT DO UPDATE SET value = excluded.value, ts = excluded.ts, ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
        WHERE excluded.ts_ms > indicator_values.ts_ms`),
      // History back-fills only: never overrides a value already held.
      backfill: sql.get(`INSERT OR IGNORE INTO ${VALUE_COLUMNS}`),
    };
  }

  /** Whether a definition of `id` may be stored: it is held already, or the table is under its bound. */
  hasRoomFor(id: string): boolean {
    if (this.sql.get('SELECT 1 FROM indicator_defs WHERE id = ?').get(id)) return true;
    return (this.sql.get('SELECT COUNT(*) AS n FROM indicator_defs').get() as { n: number }).n < MAX_INDICATOR_DEFS;
  }

  /** Whether a value of this series may be stored (call inside a transaction): the series is held, or there is room for one more. */
  hasRoomForValue(d: Value): boolean {
    const { gender, ageBand } = d.breakdown;
    return this.valueSeries.admit(`${d.indicator}\u0000${d.district}\u0000${gender}\u0000${ageBand}`, () =>
      this.sql.get('SELECT 1 FROM indicator_values WHERE indicator = ? AND district = ? AND gender = ? AND age_band = ? LIMIT 1')
        .get(d.indicator, d.district, gender, ageBand) !== undefined);
  }

  /** Stores a definition when it is newer and says something new. Returns whether it changed. */
  upsertDef(d: Def, tsMs: number, receivedMs: number): boolean {
    return this.st.def.run(d.id, d.category, JSON.stringify(d), d.ts ?? null, tsMs, receivedMs).changes > 0;
  }

  /** Stores a value, newer ts wins, and back-fills its history. Returns how many rows changed. */
  upsertValue(d: Value, tsMs: number, receivedMs: number): number {
    const { gender, ageBand } = d.breakdown;
    let changes = this.st.value.run(d.indicator, d.district, gender, ageBand, d.period, d.value, d.ts, tsMs, receivedMs).changes;
    for (const h of d.history ?? []) {
      // Back-filled periods carry the message's ts minus one so a later real update of that period wins.
      changes += this.st.backfill.run(d.indicator, d.district, gender, ageBand, h.period, h.value, d.ts, tsMs - 1, receivedMs).changes;
    }
    return changes;
  }

  defs(): IndicatorDefRow[] {
    return (this.sql.get('SELECT * FROM indicator_defs ORDER BY category, id').all() as { id: string; category: string; payload: string; ts: string | null; received_ms: number }[])
      .map((r) => ({ id: r.id, category: r.category, data: JSON.parse(r.payload) as Record<string, unknown>, ts: r.ts, receivedAt: r.received_ms }));
  }

  /** Values, newest period first. Filters are optional; gender/ageBand default to 'all'. */
  values(f: { indicator?: string; district?: string; gender?: string; ageBand?: string; period?: string } & ListOptions = {}): IndicatorValueRow[] {
    const { limit, offset } = clampLimit(f, 5000);
    const { where, args } = breakdownWhere(f);
    if (f.period) { where.push('period = ?'); args.push(f.period); }
    return (this.sql.get(`SELECT * FROM indicator_values WHERE ${where.join(' AND ')} ORDER BY period DESC, indicator, district LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as IndicatorDbRow[]).map(indicatorFromRow);
  }

  /** Latest period of each (indicator, district) for one breakdown. */
  latestValues(f: { indicator?: string; district?: string; gender?: string; ageBand?: string } = {}): IndicatorValueRow[] {
    const { where, args } = breakdownWhere(f);
    return (this.sql.get(`SELECT ${LATEST_COLUMNS}
      FROM indicator_values WHERE ${where.join(' AND ')} GROUP BY indicator, district, gender, age_band`).all(...args) as IndicatorDbRow[]).map(indicatorFromRow);
  }

  /** Every breakdown of one indicator in one district, latest period each. */
  breakdowns(indicator: string, district: string): IndicatorValueRow[] {
    return (this.sql.get(`SELECT ${LATEST_COLUMNS}
      FROM indicator_values WHERE indicator = ? AND district = ? GROUP BY gender, age_band`).all(indicator, district) as IndicatorDbRow[]).map(indicatorFromRow);
  }

  /** Values of periods before `oldestPeriod` (YYYY-MM) go. Returns how many. */
  prune(oldestPeriod: string): number {
    const n = this.sql.get('DELETE FROM indicator_values WHERE period < ?').run(oldestPeriod).changes;
    if (n > 0) this.valueSeries.forget();
    return n;
  }
}
