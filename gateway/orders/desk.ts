// Where an order is accepted: idempotency per principal (a retried request
// within 24 h gets the first order back), a rate limit per principal, and an
// insert that is on disk before the caller answers 202. Used by the orders
// API and, for the wall's own orders, by the screen actions.
import type { BusPort } from '../bus.js';
import type { MetricsPort } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { OrderRow } from '../store/types.js';
import { isoInZone } from '../util/time.js';
import type { OrderInput } from './input.js';
import { PerKeyRateLimit } from '../util/rate-limit.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

export type Accepted =
  | { status: 'created'; order: OrderRow }
  /** A retry: the order first given under this key or id. */
  | { status: 'existing'; order: OrderRow }
  /** The client-chosen id belongs to another principal's order, or to one older than the window. */
  | { status: 'conflict'; error: string }
  | { status: 'rate-limited'; retryAfterSeconds: number };

export interface OrderDeskOptions {
  store: Store;
  bus: BusPort;
  /** Orders a principal may give a minute (core config orders.perPrincipalPerMinute). */
  perPrincipalPerMinute: number;
  /** The office's time zone (office.timezone): an order's createdAt is written in it. */
  timeZone: string;
  metrics?: MetricsPort;
  now?: () => number;
}

export interface Giver {
  /** `api`, `device:{id}`, `loopback:{screen}`… (http/access.ts principalLabel). */
  principal: string;
  idempotencyKey: string | null;
  /** source.screen when the input names none (a device gives its own id). */
  defaultScreen?: string | null;
}

export class OrderDesk {
  private readonly limit: PerKeyRateLimit;
  private readonly now: () => number;
  private readonly counted;

  constructor(private readonly o: OrderDeskOptions) {
    this.now = o.now ?? Date.now;
    this.limit = new PerKeyRateLimit(o.perPrincipalPerMinute, 1024, this.now);
    this.counted = o.metrics?.counter('scpm_orders_accepted_total', 'Orders given to the gateway, by outcome (created, existing = an idempotent retry, conflict, rate-limited).');
  }

  accept(input: OrderInput, who: Giver): Accepted {
    const r = this.decide(input, who);
    this.counted?.inc({ outcome: r.status });
    if (r.status === 'created') this.o.bus.emit('order:changed', { id: r.order.id, state: 'queued' });
    return r;
  }

  private decide(input: OrderInput, who: Giver): Accepted {
    const { store } = this.o;
    const ms = this.now();
    const since = ms - IDEMPOTENCY_WINDOW_MS;
    // Reads first (no write, no token), then the rate limit, then one durable
    // insert; all synchronous, so nothing interleaves between them.
    let staleKey = false;
    if (who.idempotencyKey !== null) {
      const first = store.orders.byKey(who.principal, who.idempotencyKey);
      if (first && first.createdMs >= since) return { status: 'existing', order: first };
      staleKey = first !== null;
    }
    if (input.id !== undefined) {
      const first = store.orders.get(input.id);
      if (first) {
        return first.principal === who.principal && first.createdMs >= since
          ? { status: 'existing', order: first }
          : { status: 'conflict', error: `order id ${input.id} is already taken` };
      }
    }
    const take = this.limit.take(who.principal);
    if (!take.ok) return { status: 'rate-limited', retryAfterSeconds: take.retryAfterSeconds };
    const order = store.durableTransaction(() => {
      if (staleKey) store.orders.dropKey(who.principal, who.idempotencyKey!);
      return store.orders.insert({
        id: input.id,
        text: input.text,
        ref: input.ref ?? null,
        screen: input.source?.screen ?? who.defaultScreen ?? null,
        via: input.source?.via ?? 'api',
        principal: who.principal,
        idempotencyKey: who.idempotencyKey,
        test: input.test === true,
        nowMs: ms,
        createdAt: isoInZone(ms, this.o.timeZone),
      });
    });
    return { status: 'created', order };
  }
}
