import { describe, it, expect } from 'vitest';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import type { CityMessage } from '../contract/messages.js';


const incident = (status: string, ts: string): CityMessage => ({
  kind: 'incident',
  data: { id: 'inc-1', kind: 'fire', title: 'Fire', district: '11230', status: status as 'received', receivedAt: '2026-11-23T09:00:00+09:00', ts },
});
const urban = (value: number, ts: string): CityMessage => ({ kind: 'urban', data: { metric: 'pm25', district: '11230', value, unit: 'ug/m3', ts } });

describe('Store', () => {
  it('lists and counts entities by status and district, with values bound', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const at = (m: number) => `2026-11-23T09:${String(m).padStart(2, '0')}:00+09:00`;
    const inc = (id: string, status: string, district: string, m: number): CityMessage =>
      ({ kind: 'incident', data: { id, kind: 'fire', title: 'Fire', district, status: status as 'received', receivedAt: at(0), ts: at(m) } });
    s.apply(inc('a', 'closed', '11230', 1), 1);
    s.apply(inc('b', 'dispatched', '11230', 2), 1);
    s.apply(inc('c', 'received', '11110', 3), 1);
    s.apply(inc('d', 'closed', '11110', 4), 1);
    expect(s.listEntities('incident', { statusNotIn: ['closed'] }).map((r) => r.id)).toEqual(['c', 'b']);
    expect(s.listEntities('incident', { statusIn: ['closed'], district: '11110' }).map((r) => r.id)).toEqual(['d']);
    expect(s.listEntities('incident', { statusIn: ["closed' OR 1=1 --"] })).toEqual([]);
    expect(s.countEntities('incident', { statusIn: ['closed'] })).toBe(2);
    expect(s.countEntities('incident')).toBe(4);
  });

  it('finds the latest value per (indicator, district) of a breakdown through an index, not a full scan', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const plan = (s.db.prepare(`EXPLAIN QUERY PLAN SELECT indicator, district, MAX(period) FROM indicator_values
      WHERE gender = 'all' AND age_band = 'all' AND district = 'city' GROUP BY indicator, district`).all() as { detail: string }[])
      .map((r) => r.detail).join('; ');
    expect(plan).toContain('indicator_values_by_breakdown');
    expect(plan).not.toMatch(/SCAN indicator_values(?! USING)/);
  });

  it('applies an update once; a redelivery and an older update change nothing', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    expect(s.apply(incident('dispatched', '2026-11-23T09:05:00+09:00'), 1)).toMatchObject({ key: 'incident:inc-1' });
    expect(s.apply(incident('dispatched', '2026-11-23T09:05:00+09:00'), 2)).toBeNull();
    // Same instant written with another offset is not newer.
    expect(s.apply(incident('received', '2026-11-23T00:05:00Z'), 3)).toBeNull();
    expect(s.apply(incident('received', '2026-11-23T09:01:00+09:00'), 4)).toBeNull();
    expect(s.getEntity('incident', 'inc-1')).toMatchObject({ status: 'dispatched', receivedAt: 1 });
    expect(s.apply(incident('on-scene', '2026-11-23T09:20:00+09:00'), 5)).not.toBeNull();
    expect(s.getEntity('incident', 'inc-1')?.status).toBe('on-scene');
  });

  it('writes a batch: one notice per changed series, the latest row takes the batch\'s newest, redeliveries change nothing', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const at = (m: number) => `2026-11-23T09:${String(m).padStart(2, '0')}:00+09:00`;
    const other: CityMessage = { kind: 'urban', data: { metric: 'pm10', district: '11230', value: 40, ts: at(1) } };
    const batch = [urban(12, at(5)), urban(15, at(9)), other, urban(11, at(7)), urban(99, at(9))].map((message) => ({ message, receivedMs: 1 }));
    const first = s.transaction(() => s.applyAll(batch));
    // Four new raw readings in two series; the second reading at :09 is a redelivery of the first's key.
    expect(first.notices.map((c) => `${c.key}@${c.ts}`)).toEqual([`urban:pm25:11230@${at(9)}`, `urban:pm10:11230@${at(1)}`]);
    expect(first.unchanged).toBe(1);
    // Ties keep the first (as the upsert does for a later message): 15, not 99.
    expect(s.urbanLatest({ metric: 'pm25' })[0]).toMatchObject({ value: 15, ts: at(9) });
    expect(s.urbanSeries('pm25', '11230', 0).map((p) => p.value)).toEqual([12, 11, 15]);
    // The same batch again: nothing new.
    expect(s.transaction(() => s.applyAll(batch))).toEqual({ notices: [], unchanged: 5, refused: [] });
    // An older reading in a later batch fills the series (and is noticed) but leaves the latest alone.
    expect(s.apply(urban(7, at(2)), 2)).toMatchObject({ key: 'urban:pm25:11230', ts: at(2) });
    expect(s.urbanLatest({ metric: 'pm25' })[0]).toMatchObject({ value: 15 });
    // A reading already held raw but missing from urban_latest (trimmed) is still news.
    s.db.exec('DELETE FROM urban_latest');
    const refill = s.transaction(() => s.applyAll([{ message: urban(15, at(9)), receivedMs: 3 }, { message: urban(15, at(9)), receivedMs: 3 }]));
    expect(refill.notices).toMatchObject([{ key: 'urban:pm25:11230', ts: at(9) }]);
    expect(refill.unchanged).toBe(1); // the first counts as a change, its redelivery does not
    expect(s.urbanLatest({ metric: 'pm25' })[0]).toMatchObject({ value: 15 });
  });

  it('opens with SQLite\'s 2 MiB page cache, not better-sqlite3\'s 16 MiB (demo idle RSS: docs/decisions/2026-11-23-memory.md)', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    expect(s.db.pragma('cache_size', { simple: true })).toBe(-2000);
  });

  it('retention walks every series: each is downsampled and trimmed, none is skipped', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const base = Date.parse('2026-11-23T00:00:00Z');
    const series = [['pm25', '11230'], ['pm25', '11110'], ['o3', '11230'], ['traffic-speed', 'city']] as const;
    for (const [metric, district] of series) {
      for (let i = 0; i < 180; i++) s.apply({ kind: 'urban', data: { metric, district, value: i, ts: new Date(base + i * 60_000).toISOString() } }, 1);
    }
    const deleted = s.maintain(base + 180 * 60_000);
    // Per series: two full hours past the 1 h window go (120 readings), the last hour stays.
    expect(deleted.urban_readings).toBe(series.length * 120);
    for (const [metric, district] of series) {
      const points = s.urbanSeries(metric, district, base);
      expect(points.filter((p) => p.tsMs < base + 2 * 3_600_000).map((p) => p.value)).toEqual([29.5, 89.5]);
      expect(points.filter((p) => p.tsMs >= base + 2 * 3_600_000)).toHaveLength(60);
    }
  });

  it('keeps the latest urban reading and the raw series; downsamples past the raw window', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const base = Date.parse('2026-11-23T00:00:00Z');
    for (let i = 0; i < 180; i++) s.apply(urban(10 + (i % 3), new Date(base + i * 60_000).toISOString()), base + i * 60_000);
    expect(s.urbanLatest({ metric: 'pm25' })[0]).toMatchObject({ value: 10 + (179 % 3) });
    const now = base + 180 * 60_000;
    const deleted = s.maintain(now);
    expect(deleted.urban_readings).toBeGreaterThan(0);
    const series = s.urbanSeries('pm25', '11230', base);
    // Two full hours downsampled to one point each, the last hour kept raw.
    expect(series.filter((p) => p.tsMs < base + 2 * 3_600_000)).toHaveLength(2);
    expect(series[0]!.value).toBeCloseTo(11, 5);
    expect(series.length).toBe(2 + 60);
  });

  it('bounds the rejected table and never drops queued orders', () => {
    const s = new Store(':memory:', { ...TEST_LIMITS, ordersKeep: 100 });
    for (let i = 0; i < 25; i++) s.recordRejected({ at: i, topic: 't', reason: 'schema', detail: 'd', excerpt: 'e', bytes: 1 });
    for (let i = 0; i < 150; i++) s.enqueueOrder({ text: `o${i}`, ref: null, screen: 'wall', via: 'touch', principal: 'api', idempotencyKey: null, test: false, nowMs: i, createdAt: 'x' });
    s.maintain(Date.now());
    expect(s.listRejected({ limit: 500 })).toHaveLength(10);
    expect(s.pendingOrderCount()).toBe(150);
  });

  it('tracks an order from queued to sent to received with the city reply', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const o = s.enqueueOrder({ text: 'Report by 15:00', ref: 'inc-1', screen: 'wall', via: 'voice', principal: 'device:tablet-1', idempotencyKey: null, test: false, nowMs: 1000, createdAt: '2026-11-23T09:45:10+09:00' });
    expect(o).toMatchObject({ state: 'queued', source: { screen: 'wall', via: 'voice' }, principal: 'device:tablet-1', city: null });
    s.orders.markSent(o.id, 2000);
    expect(s.getOrder(o.id)).toMatchObject({ state: 'sent', sentAt: 2000 });
    s.apply({ kind: 'order-status', data: { orderId: o.id, status: 'in-progress', by: 'Fire HQ', ts: '2026-11-23T09:50:00+09:00' } }, 3000);
    // The city's answer (any status) means it arrived; its own status is the reply.
    expect(s.getOrder(o.id)).toMatchObject({ state: 'received', stateAt: 3000, sentAt: 2000, city: { status: 'in-progress', by: 'Fire HQ' } });
    expect(s.pendingOrderCount()).toBe(0);
  });
});
