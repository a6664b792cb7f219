// The entity tables' bound (store.maxRowsPerEntity): over it, finished items
// go before open ones, so a flood of made-up items cannot push out an
// incident still being handled while a closed one is left.
import { describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import type { CityMessage } from '../contract/messages.js';

const MAX = TEST_LIMITS.maxRowsPerEntity;
const NOW = Date.parse('2026-11-30T09:00:00+09:00');
/** `m` minutes before NOW, in the contract's form. */
const ago = (m: number) => new Date(NOW - m * 60_000).toISOString().replace('Z', '+00:00');
const incident = (id: string, status: string, m: number): CityMessage =>
  ({ kind: 'incident', data: { id, kind: 'fire', title: 'Fire', district: '11230', status: status as 'received', receivedAt: ago(m + 1), ts: ago(m) } });

function fill(s: Store, items: CityMessage[]): void {
  s.transaction(() => s.applyAll(items.map((message) => ({ message, receivedMs: NOW }))));
}

describe('the entity bound', () => {
  it('cuts finished items first, newest kept, and leaves every open one while a finished one is left', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    // The city's real work: 100 open incidents, the oldest items in the table.
    fill(s, Array.from({ length: 100 }, (_, i) => incident(`real-${i}`, 'dispatched', 600 + i)));
    // Then more, newer, finished ones than the bound leaves room for (within the closed retention window).
    fill(s, Array.from({ length: MAX }, (_, i) => incident(`closed-${i}`, 'closed', 10 + i / 10)));
    s.maintain(NOW);
    expect(s.countEntities('incident')).toBe(MAX);
    expect(s.countEntities('incident', { statusNotIn: ['closed'] })).toBe(100);
    // The closed ones kept are the newest.
    const closed = s.listEntities('incident', { statusIn: ['closed'], limit: MAX }).map((r) => r.id);
    expect(closed).toHaveLength(MAX - 100);
    expect(closed).toContain('closed-0');
    expect(closed).not.toContain(`closed-${MAX - 1}`);
  });

  it('cuts the oldest open items when only open ones are over the bound, and nothing under it', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    fill(s, Array.from({ length: MAX + 50 }, (_, i) => incident(`open-${i}`, 'received', i)));
    s.maintain(NOW);
    expect(s.countEntities('incident')).toBe(MAX);
    const ids = new Set(s.listEntities('incident', { statusNotIn: ['closed'], limit: MAX }).map((r) => r.id));
    expect(ids.has('open-0')).toBe(true);
    expect(ids.has(`open-${MAX + 49}`)).toBe(false);
    s.maintain(NOW);
    expect(s.countEntities('incident')).toBe(MAX);
  });
});
