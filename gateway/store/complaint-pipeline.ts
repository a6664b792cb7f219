// Complaints for the wall, in SQL: the pipeline's counts and ages per status,
// the latest list's page and count, its top categories. A render reads these
// aggregates and one page, however many complaints are open (a city's desk can
// hold thousands). Migration 8 indexes the kind and report time as written
// here: SQLite uses an index on an expression only for that same text
// (complaint-pipeline.test.ts reads the plans).
import type { Statements } from './statements.js';
import { COMPLAINT_HANDLED_STATUSES } from '../contract/payloads.js';

/** A complaint's kind as stored ('complaint' when the payload has none). */
export const KIND_SQL = "coalesce(json_extract(payload, '$.kind'), 'complaint')";
/** When it was reported, as a Julian day (NULL when the time does not parse). */
export const REPORTED_SQL = "julianday(json_extract(payload, '$.reportedAt'))";

/** Its category as shown ('other' when it has none). */
export const CATEGORY_SQL = "(CASE WHEN json_type(payload, '$.category') = 'text' AND json_extract(payload, '$.category') <> '' THEN json_extract(payload, '$.category') ELSE 'other' END)";

/** A complaint leaves the pipeline once handled (resolved or rejected: contract § Entities). */
export const COMPLAINT_DONE_SQL = `status IN (${COMPLAINT_HANDLED_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const OPEN = `(status IS NULL OR NOT ${COMPLAINT_DONE_SQL})`;
const DONE = COMPLAINT_DONE_SQL;

export interface ComplaintScope { kind: 'complaint' | 'suggestion'; district?: string }

/** Open complaints of one status: how many, the oldest report, and how many were reported < 1, 1–3, 3–7, ≥ 7 days ago. */
export interface StatusAges { status: string | null; n: number; oldestReportedMs: number | null; ageing: [number, number, number, number] }

const JULIAN_UNIX_EPOCH = 2440587.5;
const msOfJulian = (jd: number | null) => (jd === null ? null : Math.round((jd - JULIAN_UNIX_EPOCH) * 86_400_000));

function scoped(s: ComplaintScope, where: string): { sql: string; args: string[] } {
  const parts = [where, `${KIND_SQL} = ?`];
  const args: string[] = [s.kind];
  if (s.district !== undefined) {
    parts.unshift('district = ?');
    args.unshift(s.district);
  }
  return { sql: parts.join(' AND '), args };
}

export class ComplaintPipeline {
  constructor(private readonly sql: Statements) {}

  /** Per status of the open complaints in scope: count, oldest report and ageing at `nowMs`. */
  openByStatus(s: ComplaintScope, nowMs: number): StatusAges[] {
    const w = scoped(s, OPEN);
    const rows = this.sql.get(`SELECT status, COUNT(*) AS n, MIN(reported) AS oldest,
        COALESCE(SUM(age < 1), 0) AS a0, COALESCE(SUM(age >= 1 AND age < 3), 0) AS a1,
        COALESCE(SUM(age >= 3 AND age < 7), 0) AS a2, COALESCE(SUM(age >= 7), 0) AS a3
      FROM (SELECT status, ${REPORTED_SQL} AS reported, ? - ${REPORTED_SQL} AS age FROM complaints WHERE ${w.sql})
      GROUP BY status`)
      .all(nowMs / 86_400_000 + JULIAN_UNIX_EPOCH, ...w.args) as { status: string | null; n: number; oldest: number | null; a0: number; a1: number; a2: number; a3: number }[];
    return rows.map((r) => ({ status: r.status, n: r.n, oldestReportedMs: msOfJulian(r.oldest), ageing: [r.a0, r.a1, r.a2, r.a3] }));
  }

  /** How many complaints in scope the latest list holds: every open one, then the newest `doneKept` handled ones. */
  latestCount(s: ComplaintScope, doneKept: number): { open: number; done: number } {
    return { open: this.count(s, OPEN), done: Math.min(doneKept, this.handled(s)) };
  }

  /** How many complaints in scope were handled (resolved or rejected), however long ago. */
  handled(s: ComplaintScope): number {
    return this.count(s, DONE);
  }

  private count(s: ComplaintScope, where: string): number {
    const w = scoped(s, where);
    return (this.sql.get(`SELECT COUNT(*) AS n FROM complaints WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
  }

  /**
   * Ids of a page of that list: the open ones newest first, then the handled ones newest first (`open`: how many
   * open ones there are, from latestCount). Each part is read in ts order through its index, up to the page's end.
   */
  latestPage(s: ComplaintScope, open: number, doneKept: number, offset: number, limit: number): string[] {
    const part = (where: string, from: number, n: number) => {
      if (n <= 0) return [];
      const w = scoped(s, where);
      return (this.sql.get(`SELECT id FROM complaints WHERE ${w.sql} ORDER BY ts_ms DESC, id LIMIT ? OFFSET ?`).all(...w.args, n, from) as { id: string }[]).map((r) => r.id);
    };
    const fromOpen = part(OPEN, offset, Math.min(limit, open - offset));
    const doneFrom = Math.max(0, offset - open);
    return [...fromOpen, ...part(DONE, doneFrom, Math.min(limit - fromOpen.length, doneKept - doneFrom))];
  }

  /** The open complaints' categories in scope, the most frequent first ('other' for none). */
  topCategories(s: ComplaintScope, limit: number): { category: string; n: number }[] {
    const w = scoped(s, OPEN);
    return this.sql.get(`SELECT ${CATEGORY_SQL} AS category, COUNT(*) AS n
      FROM complaints WHERE ${w.sql} GROUP BY 1 ORDER BY n DESC, category LIMIT ?`).all(...w.args, limit) as { category: string; n: number }[];
  }

  /** The ts of the complaint in scope updated last ('' when none), open or handled. */
  newestTs(s: ComplaintScope): string {
    const w = scoped(s, '1');
    return (this.sql.get(`SELECT ts FROM complaints WHERE ${w.sql} ORDER BY ts_ms DESC LIMIT 1`).get(...w.args) as { ts: string } | undefined)?.ts ?? '';
  }
}
