// Drains the orders outbox to the city: QoS 1, marked sent only on PUBACK.
// Delivery is at-least-once (a crash between PUBACK and the commit republishes);
// the city deduplicates by order id.
import type { MqttClient } from 'mqtt';
import type { Store } from '../../store/store.js';
import type { Bus } from '../../bus.js';
import type { Metrics } from '../../metrics.js';
import type { Logger } from '../../logger.js';
import type { OrderRow } from '../../store/types.js';

const MAX_INFLIGHT = 20;

export function orderPayload(o: OrderRow): string {
  return JSON.stringify({ id: o.id, text: o.text, ref: o.ref, createdAt: o.createdAt, source: { screen: o.source.screen, via: o.source.via } });
}

export class OrderOutbox {
  private draining = false;
  private again = false;
  private readonly inflight = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly metrics: Metrics,
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
          const batch = this.store.queuedOrders(MAX_INFLIGHT * 2).filter((o) => !this.inflight.has(o.id));
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
          this.store.markOrderFailed(order.id, err.message);
          this.log.warn({ orderId: order.id, err: err.message }, 'order publish failed; kept queued');
        } else {
          this.store.markOrderSent(order.id, Date.now());
          this.metrics.ordersPublished++;
          this.bus.emit('order:changed', { id: order.id, state: 'sent' });
        }
        resolve();
      });
    });
  }
}
