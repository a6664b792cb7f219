// The complaint pipeline's counts and ages, the latest list's pages and top categories, as the store answers them,
// against the same figures worked out in JS from every row (what the display did before); and through indexes.
import { describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const STATUSES = ['reported', 'received', 'in-progress', 'resolved', 'rejected', 'weird'];
const DONE = new Set(['resolved', 'rejected']);

/** A fixed pseudo-random mix: both kinds, three districts, every status, reports from minutes to weeks ago, some unparsable. */
function fill(s: Store, n: number) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows: { id: string; kind: string; district: string; status: string; category: unknown; reportedMs: number | null; tsMs: number }[] = [];
  for (let i = 0; i < n; i++) {
    const reportedMs = rnd() < 0.05 ? null : NOW - Math.floor(rnd() * 12 * DAY);
    const tsMs = NOW - Math.floor(rnd() * 12 * DAY);
    const r = { id: `c-${i}`, kind: rnd() < 0.3 ? 'suggestion' : 'complaint', district: ['11230', '11680', '11110'][i % 3]!, status: STATUSES[Math.floor(rnd() * STATUSES.length)]!,
      category: [undefined, '', 'noise', 'illegal-parking', 'road', 42][Math.floor(rnd() * 6)], reportedMs, tsMs };
    rows.push(r);
    // Reports in several offsets: the same instant written three ways.
    const reportedAt = r.reportedMs === null ? 'soon' : new Date(r.reportedMs + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
    s.apply({ kind: 'complaint', data: { id: r.id, kind: r.kind, category: r.category, district: r.district, status: r.status, reportedAt, ts: new Date(tsMs).toISOString() } } as never, NOW);
  }
  return rows;
}

describe('complaint pipeline in SQL', () => {
  const s = new Store(':memory:', TEST_LIMITS);
  const rows = fill(s, 2000);

  for (const scope of [{ kind: 'complaint' as const }, { kind: 'suggestion' as const, district: '11680' }]) {
    it(`counts, oldest report and ageing per status match the rows (${JSON.stringify(scope)})`, () => {
      const mine = rows.filter((r) => r.kind === scope.kind && (!scope.district || r.district === scope.district) && !DONE.has(r.status));
      const got = new Map(s.complaints.openByStatus(scope, NOW).map((r) => [r.status, r]));
      for (const status of STATUSES.filter((x) => !DONE.has(x))) {
        const of = mine.filter((r) => r.status === status);
        const reported = of.map((r) => r.reportedMs).filter((x): x is number => x !== null);
        const days = reported.map((ms) => (NOW - ms) / DAY);
        expect(got.get(status), status).toEqual({
          status, n: of.length, oldestReportedMs: reported.length ? Math.min(...reported) : null,
          ageing: [days.filter((d) => d < 1).length, days.filter((d) => d >= 1 && d < 3).length, days.filter((d) => d >= 3 && d < 7).length, days.filter((d) => d >= 7).length],
        });
      }
      expect([...got.keys()].some((k) => DONE.has(k ?? ''))).toBe(false);
    });

    it(`the latest list: open newest first, then the newest handled, paged (${JSON.stringify(scope)})`, () => {
      const mine = rows.filter((r) => r.kind === scope.kind && (!scope.district || r.district === scope.district));
      const byTs = (a: { tsMs: number; id: string }, b: { tsMs: number; id: string }) => b.tsMs - a.tsMs || (a.id < b.id ? -1 : 1);
      const open = mine.filter((r) => !DONE.has(r.status)).sort(byTs);
      const done = mine.filter((r) => DONE.has(r.status)).sort(byTs).slice(0, 50);
      const list = [...open, ...done].map((r) => r.id);
      const count = s.complaints.latestCount(scope, 50);
      expect(count).toEqual({ open: open.length, done: done.length });
      for (const offset of [0, 7, open.length - 3, open.length, list.length - 4]) {
        expect(s.complaints.latestPage(scope, count.open, 50, offset, 7), `offset ${offset}`).toEqual(list.slice(offset, offset + 7));
      }
      const cats = new Map<string, number>();
      for (const r of mine) if (!DONE.has(r.status)) {
        const c = typeof r.category === 'string' && r.category !== '' ? r.category : 'other';
        cats.set(c, (cats.get(c) ?? 0) + 1);
      }
      const top = [...cats.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 4).map(([category, n]) => ({ category, n }));
      expect(s.complaints.topCategories(scope, 4)).toEqual(top);
      expect(s.complaints.newestTs(scope)).toBe(new Date(Math.max(...mine.map((r) => r.tsMs))).toISOString());
    });
  }

  it('reads its aggregates, counts and pages through indexes, never sorting every open complaint', () => {
    const fresh = new Store(':memory:', TEST_LIMITS);
    const texts: string[] = [];
    const get = fresh.statements.get.bind(fresh.statements);
    fresh.statements.get = (q: string) => { texts.push(q); return get(q); };
    for (const scope of [{ kind: 'complaint' as const }, { kind: 'complaint' as const, district: '11230' }]) {
      fresh.complaints.openByStatus(scope, NOW);
      fresh.complaints.latestCount(scope, 200);
      fresh.complaints.latestPage(scope, 10, 200, 0, 7);
      fresh.complaints.latestPage(scope, 0, 200, 0, 7);
      fresh.complaints.topCategories(scope, 4);
    }
    const plans = [...new Set(texts)].map((q) => {
      const params = (q.match(/\?/g) ?? []).length;
      return [q, (fresh.db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...Array(params).fill(null)) as { detail: string }[]).map((r) => r.detail).join('; ')] as const;
    });
    expect(plans.length).toBeGreaterThanOrEqual(8);
    for (const [q, plan] of plans) {
      expect(plan, q).toMatch(/USING (COVERING )?INDEX complaints_/);
      // The counts and ages read the index alone; the categories group in their index's order; a list reads its
      // rows in ts order.
      if (/GROUP BY status/.test(q)) expect(plan, q).toMatch(/USING COVERING INDEX complaints_/);
      if (/GROUP BY 1/.test(q) && !q.includes('district')) expect(plan, q).toContain('complaints_categories');
      if (/GROUP BY 1/.test(q)) expect(plan, q).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
      if (!/GROUP BY/.test(q)) expect(plan, q).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      expect(plan, q).not.toMatch(/SCAN complaints/);
    }
  });
});
