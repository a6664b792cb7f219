// Drains the orders outbox to the city: QoS 1, marked sent only on PUBACK.
// Delivery is at-least-once (a crash between PUBACK and the commit republishes);
// the city deduplicates by order id.
import type { MqttClient } from 'mqtt';
import type { BusPort } from '../../bus.js';
import type { Counter } from '../../metrics.js';
import type { Logger } from '../../logger.js';
import type { OrderRow } from '../../store/types.js';
import type { OrdersPort } from '../services.js';

const MAX_INFLIGHT = 20;

export function orderPayload(o: OrderRow): string {
  return JSON.stringify({ id: o.id, text: o.text, ref: o.ref, createdAt: o.createdAt, source: { screen: o.source.screen, via: o.source.via } });
}

export class OrderOutbox {
  private draining = false;
  private again = false;
  private readonly inflight = new Set<string>();

  constructor(
    private readonly orders: OrdersPort,
    private readonly bus: BusPort,
    private readonly published: Counter,
    private readonly log: Logger,
    private readonly topic: string,
  ) {}

  /** Publishes queued orders while the client is connected; safe to call often. */
  async drain(client: MqttClient): Promise<void> {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    try {
      do {
        this.again = false;
        while (client.connected) {
          const batch = this.orders.queued(MAX_INFLIGHT * 2).filter((o) => !this.inflight.has(o.id));
          if (batch.length === 0) break;
          await Promise.all(batch.slice(0, MAX_INFLIGHT).map((o) => this.publish(client, o)));
        }
      } while (this.again && client.connected);
    } finally {
      this.draining = false;
    }
  }

  private publish(client: MqttClient, order: OrderRow): Promise<void> {
    this.inflight.add(order.id);
    return new Promise((resolve) => {
      client.publish(this.topic, orderPayload(order), { qos: 1 }, (err) => {
        this.inflight.delete(order.id);
        if (err) {
          this.orders.markFailed(order.id, err.message);
          this.log.warn({ orderId: order.id, err: err.message }, 'order publish failed; kept queued');
        } else {
          this.orders.markSent(order.id, Date.now());
          this.published.inc();
          this.bus.emit('order:changed', { id: order.id, state: 'sent' });
        }
        resolve();
      });
    });
  }
}
