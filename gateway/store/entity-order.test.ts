// The wall's order of open incidents, in SQL: one page of them is read as that page alone.
import { describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import { BY_SEVERITY } from './incident-order.js';

type Inc = { id: string; severity?: unknown; receivedAt?: unknown; status?: string; district?: string; ts: string };
const apply = (s: Store, i: Inc) => s.apply({ kind: 'incident', data: { kind: 'fire', title: i.id, district: i.district ?? '11230', status: i.status ?? 'received', ...i } } as never, 1);

describe('incidents in the wall\'s order (order: severity)', () => {
  it('the most severe first, then the latest received across time-zone offsets; other severities count as 0, unparsable times last', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const items: Inc[] = [
      { id: 'a', severity: 2, receivedAt: '2026-11-23T09:00:00+09:00', ts: '2026-11-23T00:00:01Z' },
      { id: 'b', severity: 5, receivedAt: '2026-11-20T09:00:00+09:00', ts: '2026-11-23T00:00:02Z' }, // old, but the most severe
      { id: 'c', severity: 2, receivedAt: '2026-11-23T01:30:00Z', ts: '2026-11-23T00:00:03Z' }, // 10:30 in Seoul: after a
      { id: 'd', severity: '9', receivedAt: '2026-11-23T09:10:00+09:00', ts: '2026-11-23T00:00:04Z' }, // a string: 0
      { id: 'e', receivedAt: 'yesterday', ts: '2026-11-23T00:00:05Z' }, // no severity, no time
      { id: 'f', receivedAt: '2026-11-23T08:00:00+09:00', ts: '2026-11-23T00:00:06Z' },
      { id: 'g', severity: 4, receivedAt: '2026-11-23T09:05:00.250+09:00', ts: '2026-11-23T00:00:07Z', status: 'closed' },
    ];
    for (const i of items) apply(s, i);
    const open = { statusNotIn: ['closed'], order: 'severity' as const };
    expect(s.listEntities('incident', { ...open, limit: 10 }).map((r) => r.id)).toEqual(['b', 'c', 'a', 'd', 'f', 'e']);
    expect(s.listEntities('incident', { ...open, limit: 2, offset: 2 }).map((r) => r.id)).toEqual(['a', 'd']);
    expect(s.listEntities('incident', { order: 'severity', limit: 3 }).map((r) => r.id)).toEqual(['b', 'g', 'c']);
    // The default stays newest first.
    expect(s.listEntities('incident', { statusNotIn: ['closed'], limit: 2 }).map((r) => r.id)).toEqual(['f', 'e']);
  });
});

describe('the wall\'s order is read through an index', () => {
  const plan = (s: Store, where: string) => (s.db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM incidents WHERE ${where} ORDER BY ${BY_SEVERITY} LIMIT 7`).all() as { detail: string }[])
    .map((r) => r.detail).join('; ');

  it('city-wide and per district: no sort of every open incident', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const cityWide = plan(s, "(status IS NULL OR status NOT IN ('closed'))");
    expect(cityWide).toContain('incidents_wall');
    expect(cityWide).not.toContain('TEMP B-TREE');
    const district = plan(s, "(status IS NULL OR status NOT IN ('closed')) AND district = '11230'");
    expect(district).toContain('incidents_wall_district');
    expect(district).not.toContain('TEMP B-TREE');
  });

  it("a district's open count and its newest open incident: through its index, not every open incident", () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const open = "(status IS NULL OR status NOT IN ('closed')) AND district = '11230'";
    const explain = (q: string) => (s.db.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(explain(`SELECT COUNT(*) FROM incidents WHERE ${open}`)).toContain('COVERING INDEX incidents_district_ts');
    const newest = explain(`SELECT * FROM incidents WHERE ${open} ORDER BY ts_ms DESC, id LIMIT 1`);
    expect(newest).toContain('incidents_district_ts');
    expect(newest).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });
});
