// A change notice says whether only the office's views may see it
// (`ChangeNotice.private`), from what the store committed: a private poll's
// changes and an order's are the office's; a poll turning private is still
// everyone's once (the public views must drop it); everything else is public.
import { describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import type { CityMessage } from '../contract/messages.js';

const at = (m: number) => `2026-11-23T09:${String(m).padStart(2, '0')}:00+09:00`;
const poll = (id: string, visibility: 'public' | 'private', m: number): CityMessage => ({
  kind: 'poll',
  data: { id, title: 'Staff survey', kind: 'policy', visibility, status: 'open', opensAt: null, closesAt: null, options: [{ id: 'a', label: 'Yes', votes: m }], ts: at(m) },
});

describe('change notices and their audience', () => {
  it('marks a private poll\'s changes private, and a poll turning private public once (its last public change)', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    expect(s.apply(poll('p1', 'private', 1), 1)).toMatchObject({ key: 'poll:p1', private: true });
    expect(s.apply(poll('p1', 'private', 2), 1)).toMatchObject({ key: 'poll:p1', private: true });
    // A redelivery or an older private update: no notice at all.
    expect(s.apply(poll('p1', 'private', 2), 1)).toBeNull();
    expect(s.apply(poll('p1', 'public', 1), 1)).toBeNull();
    // Turning public: everyone's.
    expect(s.apply(poll('p1', 'public', 3), 1)?.private).toBeUndefined();
    expect(s.apply(poll('p1', 'public', 4), 1)?.private).toBeUndefined();
    // Turning private: still everyone's, this once (the public views drop it); then the office's.
    expect(s.apply(poll('p1', 'private', 5), 1)?.private).toBeUndefined();
    expect(s.apply(poll('p1', 'private', 6), 1)).toMatchObject({ key: 'poll:p1', private: true });
    // One poll's visibility says nothing of another's.
    expect(s.apply(poll('p2', 'public', 7), 1)?.private).toBeUndefined();
  });

  it('sees a poll turn private within one batch (the look back reads the batch\'s own writes)', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const { notices } = s.transaction(() => s.applyAll([poll('p1', 'public', 1), poll('p1', 'private', 2), poll('p1', 'private', 3)].map((message) => ({ message, receivedMs: 1 }))));
    expect(notices.map((n) => n.private)).toEqual([undefined, undefined, true]);
  });

  it('marks an order\'s status private: orders are never on the public mirror', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const o = s.enqueueOrder({ text: 'Report by 15:00', ref: null, screen: 'wall', via: 'touch', principal: 'api', idempotencyKey: null, test: false, nowMs: 1000, createdAt: at(0) });
    expect(s.apply({ kind: 'order-status', data: { orderId: o.id, status: 'in-progress', ts: at(1) } }, 2000)).toMatchObject({ key: `order:${o.id}`, private: true });
  });

  it('leaves every other kind public', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const messages: CityMessage[] = [
      { kind: 'incident', data: { id: 'inc-1', kind: 'fire', title: 'Fire', district: '11230', status: 'received', receivedAt: at(0), ts: at(1) } },
      { kind: 'urban', data: { metric: 'pm25', district: '11230', value: 10, unit: 'ug/m3', ts: at(1) } },
      { kind: 'trend', data: { id: 'dust', keyword: { en: 'dust', ko: '먼지' }, mentions: 3, window: '1h', ts: at(1) } },
    ];
    const { notices } = s.transaction(() => s.applyAll(messages.map((message) => ({ message, receivedMs: 1 }))));
    expect(notices).toHaveLength(3);
    for (const n of notices) expect(n.private, n.key).toBeUndefined();
  });
});
