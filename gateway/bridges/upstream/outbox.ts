// Delivers the orders outbox to the city: QoS 1, at most MAX_INFLIGHT awaiting
// their PUBACK. Delivery is at-least-once (a publish whose PUBACK is lost goes
// out again); the city deduplicates by order id. Three rules (issue 13):
// - never stall: the window belongs to one client; a new client (the bridge
//   restarted) abandons what an earlier one had in flight, whose callbacks
//   mqtt.js never calls once that client is ended, and those orders, still
//   owed in the store, go out again; a publish left unanswered on a live
//   connection past ackTimeoutMs is reported (the bridge then restarts);
// - never spin: a refused publish (an MQTT 5 error reason code) waits its
//   backoff in the store, and a publish the link cut off stops the pump until
//   the next CONNACK;
// - never drop: an order leaves `queued`/`refused` only on the broker's
//   acknowledgement or the city's answer.
import type { MqttClient } from 'mqtt';
import type { BusPort } from '../../bus.js';
import type { Counter, MetricsPort } from '../../metrics.js';
import type { Logger } from '../../logger.js';
import type { OrderRow } from '../../store/types.js';
import type { OrdersPort } from '../services.js';
import { backoffDelay } from '../../util/backoff.js';
import { rateLimitedLog, type RateLimitedLog } from '../../log/rate-limited.js';

export const MAX_INFLIGHT = 20;
/** How often the watchdog looks at the window (stuck publishes, due orders nobody announced). */
const WATCH_MS = 1000;

export function orderPayload(o: OrderRow): string {
  return JSON.stringify({
    id: o.id, text: o.text, ref: o.ref, createdAt: o.createdAt, source: { screen: o.source.screen, via: o.source.via },
    ...(o.test ? { test: true } : {}),
  });
}

/** The MQTT 5 reason code of a refused publish (≥ 0x80), or null (success, or the link cut it off). */
export function refusalCode(err: Error | undefined): number | null {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && code >= 0x80 ? code : null;
}

export interface OutboxOptions {
  topic: string;
  retryMinMs: number;
  retryMaxMs: number;
  ackTimeoutMs: number;
  /** Called once per connection when a publish stays unanswered past ackTimeoutMs on it. */
  onStuck(detail: string): void;
  now?: () => number;
  random?: () => number;
}

interface Flight { client: MqttClient; since: number }

export class OrderOutbox {
  private client: MqttClient | null = null;
  private readonly inflight = new Map<string, Flight>();
  private pumping = false;
  private again = false;
  /** A publish was cut off on this connection: nothing more goes out until the next CONNACK. */
  private cut = false;
  private stuckReported = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAt: number | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly logState: RateLimitedLog;
  private readonly published: Counter;
  private readonly refused: Counter;
  private readonly interrupted: Counter;
  private readonly abandoned: Counter;

  constructor(
    private readonly orders: OrdersPort,
    private readonly bus: BusPort,
    metrics: MetricsPort,
    private readonly log: Logger,
    private readonly o: OutboxOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    // One line per order and state change; past 10 a minute of a kind, one summary line.
    this.logState = rateLimitedLog(log, { burst: 10, now: this.now });
    this.published = metrics.counter('scpm_orders_published_total', 'Order publishes acknowledged by the city broker.');
    this.refused = metrics.counter('scpm_orders_refused_total', 'Order publishes the city broker refused, by MQTT 5 reason code (retried with backoff).');
    this.interrupted = metrics.counter('scpm_orders_publish_interrupted_total', 'Order publishes the link cut off before an answer (they go out again).');
    this.abandoned = metrics.counter('scpm_orders_publish_abandoned_total', 'Order publishes left in flight by a client that was replaced (they go out again on the new one).');
  }

  /** Orders awaiting their PUBACK on the current client. */
  get inFlight(): number {
    return this.inflight.size;
  }

  /** A new client takes over (the bridge started); what an earlier one had in flight is abandoned. */
  attach(client: MqttClient): void {
    this.abandon();
    this.client = client;
    this.cut = false;
    this.stuckReported = false;
    this.watchdog = setInterval(() => this.watch(), WATCH_MS);
    this.watchdog.unref();
  }

  /** The bridge stops: nothing more goes out; late acknowledgements are still recorded. */
  detach(): void {
    this.abandon();
    this.client = null;
    this.logState.flush();
  }

  /** The client (re)connected. mqtt.js itself re-sends what this same client had in flight. */
  connected(client: MqttClient): void {
    if (client !== this.client) return;
    this.cut = false;
    this.stuckReported = false;
    const t = this.now();
    for (const f of this.inflight.values()) f.since = t;
    this.pump();
  }

  /** Publishes due orders into the free part of the window. Synchronous; safe to call often and from callbacks. */
  pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      this.fill();
      this.armRetry();
    } catch (err) {
      // The store failed (closing, busy): the orders stay owed; the watchdog tries again.
      this.logState('order:store', 'error', { err: (err as Error).message }, 'could not read the orders outbox');
    } finally {
      this.pumping = false;
    }
  }

  private fill(): void {
    do {
      this.again = false;
      const client = this.client;
      if (!client?.connected || this.cut) break;
      const room = MAX_INFLIGHT - this.inflight.size;
      if (room <= 0) break;
      const batch = this.orders.due(this.now(), room + this.inflight.size).filter((o) => !this.inflight.has(o.id)).slice(0, room);
      for (const order of batch) {
        if (this.cut || this.client !== client) break;
        this.publish(client, order);
      }
    } while (this.again);
  }

  private publish(client: MqttClient, order: OrderRow): void {
    this.inflight.set(order.id, { client, since: this.now() });
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      this.settle(client, order, err);
    };
    try {
      client.publish(this.o.topic, orderPayload(order), { qos: 1 }, (err) => done(err));
    } catch (err) {
      done(err as Error);
    }
  }

  private settle(client: MqttClient, order: OrderRow, err: Error | undefined): void {
    const mine = client === this.client && this.inflight.get(order.id)?.client === client;
    if (mine) this.inflight.delete(order.id);
    const t = this.now();
    const code = refusalCode(err);
    try {
      if (!err) {
        // Even from an abandoned client, an acknowledgement is a fact worth keeping.
        this.published.inc();
        if (this.orders.markSent(order.id, t)) {
          this.bus.emit('order:changed', { id: order.id, state: 'sent' });
          if (order.state === 'refused') this.logState('order:sent', 'info', { orderId: order.id, refusals: order.refusals }, 'order accepted by the city broker after refusals');
          else this.logState('order:sent', 'info', { orderId: order.id }, 'order sent to the city');
        }
      } else if (code !== null) {
        if (!mine) return; // the order goes out again on the current client anyway
        this.refused.inc({ code: String(code) });
        const reason = `0x${code.toString(16)} ${err.message.replace(/^Publish error: /, '')}`;
        const retryInMs = backoffDelay(order.refusals, this.o.retryMinMs, this.o.retryMaxMs, this.random);
        const moved = this.orders.markRefused(order.id, code, reason, t, t + retryInMs);
        if (moved && (order.state !== 'refused' || order.refusedCode !== code)) {
          if (order.state !== 'refused') this.bus.emit('order:changed', { id: order.id, state: 'refused' });
          this.logState('order:refused', 'warn', { orderId: order.id, reasonCode: code, reason, retryInMs, topic: this.o.topic },
            'the city broker refused an order; retrying with backoff (does its ACL allow this office\'s orders topic?)');
        }
      } else if (mine) {
        this.interrupted.inc();
        this.orders.markFailed(order.id, err.message);
        if (!this.cut) this.log.info({ orderId: order.id, err: err.message }, 'an order publish was cut off by the link; it goes out again when the link is back');
        this.cut = true;
      }
    } catch (e) {
      // The store refused the update: the order stays owed and goes out again.
      this.log.error({ orderId: order.id, err: (e as Error).message }, 'could not record an order\'s delivery');
    }
    if (mine) this.pump();
  }

  /** A timer for the next refused order's retry (a pump wakes it only then: no loop meanwhile). */
  private armRetry(): void {
    const client = this.client;
    const next = client?.connected && !this.cut ? this.orders.nextRetryAt() : null;
    if (next === this.retryAt) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = next;
    if (next === null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      this.pump();
    }, Math.max(0, next - this.now()) + 5);
    this.retryTimer.unref();
  }

  private watch(): void {
    const client = this.client;
    if (!client?.connected) return;
    if (this.inflight.size === 0) {
      // A safety net: due orders nobody announced (e.g. written while the bus listener was being replaced). Asked as a
      // count first: the list's read took 1–3 ms of an idle event loop here, once a second, in the city feed's way.
      if (!this.cut && this.anyOwed()) this.pump();
      return;
    }
    if (this.stuckReported) return;
    let oldest = Infinity;
    for (const f of this.inflight.values()) oldest = Math.min(oldest, f.since);
    const waited = this.now() - oldest;
    if (waited > this.o.ackTimeoutMs) {
      this.stuckReported = true;
      const detail = `the city broker left ${this.inflight.size} order publish(es) unacknowledged for ${Math.round(waited / 1000)} s on a live connection`;
      this.log.warn({ inFlight: this.inflight.size, waitedMs: waited }, detail);
      this.o.onStuck(detail);
    }
  }

  /** Whether the store holds orders owed to the city; true when it cannot say (pump reads again, and logs why not). */
  private anyOwed(): boolean {
    try {
      return this.orders.pendingCount() > 0;
    } catch {
      return true;
    }
  }

  private abandon(): void {
    if (this.inflight.size > 0) {
      this.abandoned.inc({}, this.inflight.size);
      this.log.info({ orders: this.inflight.size }, 'orders in flight on the previous client abandoned; they stay owed and go out again');
    }
    this.inflight.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }
}
