// The outbox's once-a-second watch: an order nobody announced still goes out, and with nothing owed the watch asks
// only for a count (the list's read cost the event loop 1–3 ms a second on this kind of machine).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MqttClient } from 'mqtt';
import { Bus } from '../../bus.js';
import { Metrics } from '../../metrics.js';
import { createLogger } from '../../logger.js';
import type { OrderRow, OrderState } from '../../store/types.js';
import type { OrdersPort } from '../services.js';
import { OrderOutbox } from './outbox.js';

function order(id: string, state: OrderState = 'queued'): OrderRow {
  return {
    id, text: `order ${id}`, ref: null, createdAt: '2026-11-30T09:00:00+09:00', createdMs: 1, source: { screen: 'wall', via: 'touch' },
    principal: 'api', test: false, state, stateAt: 1, sentAt: null, attempts: 0, refusals: 0, lastError: null, refusedCode: null,
    nextAttemptAt: 0, city: null,
  };
}

/** An in-memory outbox table, with every read counted. */
function ordersTable() {
  const rows = new Map<string, OrderRow>();
  const owed = () => [...rows.values()].filter((o) => o.state === 'queued' || o.state === 'refused');
  const port: OrdersPort = {
    due: vi.fn((_now: number, limit: number) => owed().slice(0, limit)),
    nextRetryAt: vi.fn(() => null),
    markSent: vi.fn((id: string) => {
      const o = rows.get(id);
      if (!o || o.state !== 'queued') return false;
      rows.set(id, { ...o, state: 'sent' });
      return true;
    }),
    markRefused: vi.fn(() => false),
    markFailed: vi.fn(),
    flagUnconfirmed: vi.fn(() => []),
    pendingCount: vi.fn(() => owed().length),
    counts: vi.fn(() => ({}) as Record<OrderState, number>),
    inState: vi.fn(() => []),
  };
  return { rows, port };
}

/** A connected client whose every publish the broker acknowledges at once. */
function client() {
  const published: string[] = [];
  const c = {
    connected: true,
    publish: vi.fn((_topic: string, payload: string, _opts: unknown, cb: (err?: Error) => void) => {
      published.push((JSON.parse(payload) as { id: string }).id);
      cb();
    }),
  };
  return { published, client: c as unknown as MqttClient };
}

describe('the outbox watch', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  const outbox = (port: OrdersPort) => new OrderOutbox(port, new Bus(), new Metrics(), createLogger('silent'), {
    topic: 'scpm/v1/offices/o/orders', retryMinMs: 1000, retryMaxMs: 60_000, ackTimeoutMs: 30_000, onStuck: () => undefined,
  });

  it('sends an order that was stored without a word to the outbox, within a second', () => {
    const t = ordersTable();
    const c = client();
    const box = outbox(t.port);
    box.attach(c.client);
    t.rows.set('a1', order('a1'));
    vi.advanceTimersByTime(1100);
    expect(c.published).toEqual(['a1']);
    expect(t.rows.get('a1')!.state).toBe('sent');
    box.detach();
  });

  it('with nothing owed, asks only how many are owed: never the list', () => {
    const t = ordersTable();
    const c = client();
    const box = outbox(t.port);
    box.attach(c.client);
    vi.advanceTimersByTime(5500);
    expect(t.port.pendingCount).toHaveBeenCalledTimes(5);
    expect(t.port.due).not.toHaveBeenCalled();
    expect(c.published).toEqual([]);
    box.detach();
  });

  it('a store that fails under the watch costs a logged read, never the timer', () => {
    const t = ordersTable();
    const broken = () => { throw new Error('SQLITE_BUSY: database is locked'); };
    t.port.pendingCount = vi.fn(broken);
    t.port.due = vi.fn(broken);
    const c = client();
    const box = outbox(t.port);
    box.attach(c.client);
    expect(() => vi.advanceTimersByTime(2100)).not.toThrow();
    expect(t.port.due).toHaveBeenCalledTimes(2);
    expect(c.published).toEqual([]);
    box.detach();
  });
});
