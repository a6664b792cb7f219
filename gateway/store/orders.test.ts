// The orders table: migration 6 over a database with orders of the old
// schema, the state machine's guards, the prune rule and the durable insert.
import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Store } from './store.js';
import { MIGRATIONS } from './migrations.js';
import { TEST_LIMITS } from './test-limits.js';
import type { NewOrder } from './types.js';
import { removeDir, tempDir } from '../../scripts/rig/tmp.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const order = (over: Partial<NewOrder> = {}): NewOrder => ({
  text: 'Report on incident inc-1 by 15:00', ref: 'inc-1', screen: 'wall', via: 'voice', principal: 'api',
  idempotencyKey: null, test: false, nowMs: 1000, createdAt: '2026-11-23T09:45:10+09:00', ...over,
});
const status = (orderId: string, s: 'received' | 'in-progress' | 'done' | 'declined', ts: string) =>
  ({ kind: 'order-status' as const, data: { orderId, status: s, ts } });

describe('orders table', () => {
  it('migrates orders of the schema before migration 6: queued stay owed, answered ones become received, principal unknown', () => {
    const dir = tempDir('orders-migrate');
    dirs.push(dir);
    const path = join(dir, 'scpm.db');
    const old = new Database(path);
    for (let v = 0; v < 5; v++) old.exec(MIGRATIONS[v]!);
    old.pragma('user_version = 5');
    const ins = old.prepare('INSERT INTO orders (id, text, ref, source_screen, source_via, created_at, created_ms, state, sent_ms, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    ins.run('ord-a', 'queued one', null, 'wall', 'touch', '2026-11-23T09:00:00+09:00', 1000, 'queued', null, 2, 'Connection closed');
    ins.run('ord-b', 'sent one', 'inc-1', null, 'api', '2026-11-23T09:01:00+09:00', 2000, 'sent', 2500, 1, null);
    ins.run('ord-c', 'answered one', null, null, 'voice', '2026-11-23T09:02:00+09:00', 3000, 'sent', 3500, 1, null);
    old.prepare('INSERT INTO order_status (order_id, status, note, by, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('ord-c', 'done', 'ok', 'Desk', '2026-11-23T10:00:00+09:00', 4000, 4000);
    old.close();

    const s = new Store(path, TEST_LIMITS);
    try {
      expect(s.getOrder('ord-a')).toMatchObject({ state: 'queued', attempts: 2, lastError: 'Connection closed', principal: 'unknown', test: false, source: { screen: 'wall', via: 'touch' } });
      expect(s.getOrder('ord-b')).toMatchObject({ state: 'sent', sentAt: 2500, ref: 'inc-1' });
      expect(s.getOrder('ord-c')).toMatchObject({ state: 'received', city: { status: 'done', by: 'Desk' } });
      expect(s.pendingOrderCount()).toBe(1);
      expect(s.orders.due(10_000, 10).map((o) => o.id)).toEqual(['ord-a']);
      expect(s.integrityCheck()).toBe('ok');
    } finally {
      s.close();
    }
  });

  it('refused orders wait for their retry time, then are due; sent leaves refused', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const a = s.enqueueOrder(order({ nowMs: 1 }));
    const b = s.enqueueOrder(order({ nowMs: 2 }));
    expect(s.orders.markRefused(a.id, 0x87, '0x87 Not authorized', 100, 5100)).toBe(true);
    expect(s.getOrder(a.id)).toMatchObject({ state: 'refused', refusedCode: 0x87, refusals: 1, attempts: 1, stateAt: 100, nextAttemptAt: 5100, lastError: '0x87 Not authorized' });
    expect(s.orders.due(5000, 10).map((o) => o.id)).toEqual([b.id]);
    expect(s.orders.nextRetryAt()).toBe(5100);
    expect(s.orders.due(5100, 10).map((o) => o.id)).toEqual([a.id, b.id]);
    // Refused again: the state's time stays the first refusal's.
    s.orders.markRefused(a.id, 0x87, '0x87 Not authorized', 5200, 9000);
    expect(s.getOrder(a.id)).toMatchObject({ state: 'refused', refusals: 2, attempts: 2, stateAt: 100 });
    expect(s.pendingOrderCount()).toBe(2);
    expect(s.orders.markSent(a.id, 9100)).toBe(true);
    expect(s.getOrder(a.id)).toMatchObject({ state: 'sent', refusals: 0, refusedCode: null, lastError: null, nextAttemptAt: null, sentAt: 9100, attempts: 3 });
    expect(s.orders.nextRetryAt()).toBeNull();
  });

  it('the city answer wins: a late acknowledgement or refusal never moves a received order', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const a = s.enqueueOrder(order());
    s.apply(status(a.id, 'received', '2026-11-23T09:46:00+09:00'), 2000);
    expect(s.getOrder(a.id)).toMatchObject({ state: 'received', city: { status: 'received' } });
    expect(s.pendingOrderCount()).toBe(0);
    expect(s.orders.due(10_000, 10)).toEqual([]);
    expect(s.orders.markSent(a.id, 3000)).toBe(false);
    expect(s.orders.markRefused(a.id, 0x87, 'x', 3000, 4000)).toBe(false);
    s.orders.markFailed(a.id, 'Connection closed');
    expect(s.getOrder(a.id)).toMatchObject({ state: 'received', attempts: 1, sentAt: 3000 });
    // Later statuses are the city's reply; the state stays received.
    s.apply(status(a.id, 'done', '2026-11-23T10:00:00+09:00'), 5000);
    expect(s.getOrder(a.id)).toMatchObject({ state: 'received', stateAt: 2000, city: { status: 'done' } });
  });

  it('flags sent orders the city did not answer in time as unconfirmed, once', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    const a = s.enqueueOrder(order({ nowMs: 1 }));
    const b = s.enqueueOrder(order({ nowMs: 2 }));
    const c = s.enqueueOrder(order({ nowMs: 3 }));
    s.orders.markSent(a.id, 1000);
    s.orders.markSent(b.id, 5000);
    expect(s.orders.flagUnconfirmed(4000, 6000)).toEqual([a.id]);
    expect(s.orders.flagUnconfirmed(4000, 6000)).toEqual([]);
    expect(s.getOrder(a.id)).toMatchObject({ state: 'unconfirmed', stateAt: 6000 });
    expect(s.getOrder(c.id)).toMatchObject({ state: 'queued' });
    // A late answer still counts.
    s.apply(status(a.id, 'received', '2026-11-23T09:46:00+09:00'), 7000);
    expect(s.getOrder(a.id)).toMatchObject({ state: 'received' });
    expect(s.orders.counts()).toEqual({ queued: 1, sent: 1, refused: 0, unconfirmed: 0, received: 1 });
  });

  it('prunes delivered orders beyond the cap, never queued or refused ones', () => {
    const s = new Store(':memory:', { ...TEST_LIMITS, ordersKeep: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) ids.push(s.enqueueOrder(order({ nowMs: i })).id);
    // The oldest 300: 100 each sent, unconfirmed-to-be and received; then 50 refused, 50 queued.
    for (let i = 0; i < 300; i++) s.orders.markSent(ids[i]!, 10_000 + i);
    s.orders.flagUnconfirmed(10_100, 20_000);
    for (let i = 200; i < 300; i++) s.apply(status(ids[i]!, 'done', '2026-11-23T10:00:00+09:00'), 30_000);
    for (let i = 300; i < 350; i++) s.orders.markRefused(ids[i]!, 0x97, '0x97 Quota exceeded', 40_000, 50_000);
    expect(s.orders.counts()).toEqual({ queued: 50, sent: 100, refused: 50, unconfirmed: 100, received: 100 });
    const deleted = s.maintain(Date.now());
    expect(deleted.orders).toBe(300);
    expect(s.orders.counts()).toEqual({ queued: 50, sent: 0, refused: 50, unconfirmed: 0, received: 0 });
    // Owed orders are never pruned, however many.
    for (let i = 0; i < 200; i++) s.enqueueOrder(order({ nowMs: 1000 + i }));
    s.maintain(Date.now());
    expect(s.pendingOrderCount()).toBe(300);
  });

  it('an idempotency key is unique per principal, not across principals', () => {
    const s = new Store(':memory:', TEST_LIMITS);
    s.enqueueOrder(order({ principal: 'api', idempotencyKey: 'k-1' }));
    s.enqueueOrder(order({ principal: 'device:tablet-1', idempotencyKey: 'k-1' }));
    expect(() => s.enqueueOrder(order({ principal: 'api', idempotencyKey: 'k-1' }))).toThrow(/UNIQUE/);
    expect(s.orders.byKey('device:tablet-1', 'k-1')?.principal).toBe('device:tablet-1');
    s.orders.dropKey('api', 'k-1');
    expect(s.orders.byKey('api', 'k-1')).toBeNull();
    s.enqueueOrder(order({ principal: 'api', idempotencyKey: 'k-1' }));
  });

  it('commits an accepted order with synchronous=FULL and goes back to NORMAL after', () => {
    const dir = tempDir('orders-durable');
    dirs.push(dir);
    const s = new Store(join(dir, 'scpm.db'), TEST_LIMITS);
    try {
      expect(s.synchronousLevel()).toBe(1);
      let inside = -1;
      s.durableTransaction(() => {
        inside = s.synchronousLevel();
        s.orders.insert(order());
      });
      expect(inside).toBe(2);
      expect(s.synchronousLevel()).toBe(1);
      // Also when the transaction throws.
      expect(() => s.durableTransaction(() => {
        throw new Error('boom');
      })).toThrow('boom');
      expect(s.synchronousLevel()).toBe(1);
      expect(s.pendingOrderCount()).toBe(1);
    } finally {
      s.close();
    }
  });
});
