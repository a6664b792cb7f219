// The orders table: the office's outbox to the city and each order's state
// (types.ts, OrderState). Only queued and refused orders are owed to the city;
// every transition out of them is guarded by the state it leaves, so a late
// broker acknowledgement never undoes the city's answer.
import type { CityMessage } from '../contract/messages.js';
import type { Statements } from './statements.js';
import { newOrderId } from './ids.js';
import { ORDER_STATES, type NewOrder, type OrderRow, type OrderState, type OrderVia } from './types.js';

const OWED = "state IN ('queued', 'refused')";
const WITH_STATUS = 'SELECT orders.*, order_status.status, order_status.note, order_status.by, order_status.ts AS status_ts FROM orders LEFT JOIN order_status ON order_status.order_id = orders.id';

type OrderStatusData = Extract<CityMessage, { kind: 'order-status' }>['data'];

export interface OrderListOptions { limit: number; offset: number; state?: OrderState }

export class OrderTable {
  private readonly s;

  constructor(private readonly sql: Statements) {
    this.s = {
      insert: sql.get(`INSERT INTO orders (id, text, ref, source_screen, source_via, created_at, created_ms, state, state_ms, principal, idempotency_key, test)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`),
      get: sql.get(`${WITH_STATUS} WHERE orders.id = ?`),
      byKey: sql.get(`${WITH_STATUS} WHERE principal = ? AND idempotency_key = ?`),
      dropKey: sql.get('UPDATE orders SET idempotency_key = NULL WHERE principal = ? AND idempotency_key = ?'),
      list: sql.get(`${WITH_STATUS} ORDER BY created_ms DESC LIMIT ? OFFSET ?`),
      listState: sql.get(`${WITH_STATUS} WHERE state = ? ORDER BY created_ms DESC LIMIT ? OFFSET ?`),
      due: sql.get(`${WITH_STATUS} WHERE ${OWED} AND next_attempt_ms <= ? ORDER BY created_ms LIMIT ?`),
      nextRetry: sql.get("SELECT MIN(next_attempt_ms) AS at FROM orders WHERE state = 'refused'"),
      sent: sql.get(`UPDATE orders SET state = 'sent', state_ms = @at, sent_ms = COALESCE(sent_ms, @at), attempts = attempts + 1, refusals = 0,
        last_error = NULL, refused_code = NULL, next_attempt_ms = 0 WHERE id = @id AND ${OWED}`),
      // Acknowledged again after the city answered (a republish raced the answer): counted, state kept.
      sentLate: sql.get('UPDATE orders SET attempts = attempts + 1, sent_ms = COALESCE(sent_ms, ?) WHERE id = ?'),
      refused: sql.get(`UPDATE orders SET state = 'refused', state_ms = CASE WHEN state = 'refused' THEN state_ms ELSE @at END,
        attempts = attempts + 1, refusals = refusals + 1, last_error = @error, refused_code = @code, next_attempt_ms = @retryAt
        WHERE id = @id AND ${OWED}`),
      failed: sql.get(`UPDATE orders SET attempts = attempts + 1, last_error = ? WHERE id = ? AND ${OWED}`),
      unconfirmed: sql.get("UPDATE orders SET state = 'unconfirmed', state_ms = ? WHERE state = 'sent' AND sent_ms < ? RETURNING id"),
      received: sql.get("UPDATE orders SET state = 'received', state_ms = ?, next_attempt_ms = 0 WHERE id = ? AND state <> 'received'"),
      pending: sql.get(`SELECT COUNT(*) AS n FROM orders WHERE ${OWED}`),
      counts: sql.get('SELECT state, COUNT(*) AS n FROM orders GROUP BY state'),
      status: sql.get(`INSERT INTO order_status (order_id, status, note, by, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET status = excluded.status, note = excluded.note, by = excluded.by, ts = excluded.ts,
          ts_ms = excluded.ts_ms, received_ms = excluded.received_ms WHERE excluded.ts_ms > order_status.ts_ms`),
    };
  }

  insert(o: NewOrder): OrderRow {
    const id = o.id ?? newOrderId(o.nowMs);
    this.s.insert.run(id, o.text, o.ref, o.screen, o.via, o.createdAt, o.nowMs, o.nowMs, o.principal, o.idempotencyKey, o.test ? 1 : 0);
    return this.get(id)!;
  }

  get(id: string): OrderRow | null {
    const row = this.s.get.get(id) as OrderDbRow | undefined;
    return row ? orderFromRow(row) : null;
  }

  /** The order a principal gave under an idempotency key (whatever its age). */
  byKey(principal: string, key: string): OrderRow | null {
    const row = this.s.byKey.get(principal, key) as OrderDbRow | undefined;
    return row ? orderFromRow(row) : null;
  }

  /** Frees a key whose window has passed, so the principal may use it for a new order. */
  dropKey(principal: string, key: string): void {
    this.s.dropKey.run(principal, key);
  }

  list(o: OrderListOptions): OrderRow[] {
    const rows = o.state ? this.s.listState.all(o.state, o.limit, o.offset) : this.s.list.all(o.limit, o.offset);
    return (rows as OrderDbRow[]).map(orderFromRow);
  }

  /** Orders owed to the city and due now (queued, or refused with their retry time come), oldest first. */
  due(nowMs: number, limit: number): OrderRow[] {
    return (this.s.due.all(nowMs, limit) as OrderDbRow[]).map(orderFromRow);
  }

  /** When the next refused order comes due; null when none waits. */
  nextRetryAt(): number | null {
    return (this.s.nextRetry.get() as { at: number | null }).at;
  }

  /** The broker acknowledged a publish. True when the order moved to `sent`. */
  markSent(id: string, atMs: number): boolean {
    if (this.s.sent.run({ id, at: atMs }).changes > 0) return true;
    this.s.sentLate.run(atMs, id);
    return false;
  }

  /** The broker refused a publish (an error reason code): retried at `retryAtMs`. False when the order was no longer owed. */
  markRefused(id: string, code: number, error: string, atMs: number, retryAtMs: number): boolean {
    return this.s.refused.run({ id, code, error: error.slice(0, 300), at: atMs, retryAt: retryAtMs }).changes > 0;
  }

  /** A publish cut off by the link (no answer from the broker): the order stays owed. */
  markFailed(id: string, error: string): void {
    this.s.failed.run(error.slice(0, 300), id);
  }

  /** Sent orders the city has not answered since before `sentBeforeMs` become `unconfirmed`; returns their ids. */
  flagUnconfirmed(sentBeforeMs: number, nowMs: number): string[] {
    return (this.s.unconfirmed.all(nowMs, sentBeforeMs) as { id: string }[]).map((r) => r.id);
  }

  /** The city answered on order-status (any status): the order has arrived. */
  markReceived(id: string, atMs: number): boolean {
    return this.s.received.run(atMs, id).changes > 0;
  }

  pendingCount(): number {
    return (this.s.pending.get() as { n: number }).n;
  }

  counts(): Record<OrderState, number> {
    const out = Object.fromEntries(ORDER_STATES.map((s) => [s, 0])) as Record<OrderState, number>;
    for (const r of this.s.counts.all() as { state: OrderState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /** Whether the outbox holds an order of this id. */
  holds(id: string): boolean {
    return this.sql.get('SELECT 1 FROM orders WHERE id = ?').get(id) !== undefined;
  }

  /**
   * The city's answer on order-status (call inside a transaction): kept when
   * newer than the one held; any answer means the order arrived, whatever the
   * broker said. Returns whether it changed.
   */
  applyStatus(d: OrderStatusData, tsMs: number, receivedMs: number): boolean {
    const changed = this.s.status.run(d.orderId, d.status, d.note ?? null, d.by ?? null, d.ts, tsMs, receivedMs).changes > 0;
    if (changed) this.markReceived(d.orderId, receivedMs);
    return changed;
  }

  /** Bounds the tables: orders the broker or the city has taken beyond the newest `keep` go (owed ones never), and answers about orders long gone. */
  prune(keep: number, nowMs: number, deleted: Record<string, number>): void {
    deleted.orders = this.sql.get(`DELETE FROM orders WHERE state IN ('sent', 'unconfirmed', 'received')
      AND id IN (SELECT id FROM orders ORDER BY created_ms DESC LIMIT -1 OFFSET ?)`).run(keep).changes;
    deleted.order_status = (deleted.order_status ?? 0) + this.sql.get('DELETE FROM order_status WHERE order_id NOT IN (SELECT id FROM orders) AND ts_ms < ?')
      .run(nowMs - 30 * 86_400_000).changes;
  }
}

interface OrderDbRow {
  id: string; text: string; ref: string | null; source_screen: string | null; source_via: OrderVia; created_at: string; created_ms: number;
  state: OrderState; state_ms: number; sent_ms: number | null; attempts: number; refusals: number; last_error: string | null;
  refused_code: number | null; next_attempt_ms: number; principal: string; test: number;
  status: string | null; note: string | null; by: string | null; status_ts: string | null;
}

function orderFromRow(r: OrderDbRow): OrderRow {
  return {
    id: r.id, text: r.text, ref: r.ref, createdAt: r.created_at, createdMs: r.created_ms, source: { screen: r.source_screen, via: r.source_via },
    principal: r.principal, test: r.test === 1, state: r.state, stateAt: r.state_ms, sentAt: r.sent_ms,
    attempts: r.attempts, refusals: r.refusals, lastError: r.last_error, refusedCode: r.refused_code,
    nextAttemptAt: r.state === 'refused' ? r.next_attempt_ms : null,
    city: r.status ? { status: r.status, note: r.note, by: r.by, ts: r.status_ts ?? '' } : null,
  };
}
