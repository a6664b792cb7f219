// The city link: mqtt.js with a persistent session. A QoS 1 message is
// committed to SQLite before its PUBACK (see handleMessage below). Orders go
// back through the outbox (outbox.ts); the city's order-status answers come
// in through ingest like any city message.
import mqtt, { type MqttClient } from 'mqtt';
import { html } from 'hono/html';
import type { Bridge, BridgeHealth, BridgePorts } from '../types.js';
import type { Counter } from '../../metrics.js';
import { safeUrl } from '../../logger.js';
import { backoffDelay } from '../../util/backoff.js';
import { rateLimitedLog, type RateLimitedLog } from '../../log/rate-limited.js';
import { clientIdOf, connectOptions, upstreamTarget } from './mqtt-options.js';
import { cityTopics, officeTopics } from '../../contract/topics.js';
import { OrderOutbox } from './outbox.js';
import { ordersPanel } from './orders-panel.js';
import type { UpstreamConfig } from './config.js';
import { quietRootHint } from './quiet-root.js';

export class UpstreamBridge implements Bridge {
  private client: MqttClient | null = null;
  private attempts = 0;
  private connectedSince: number | null = null;
  private lastCityMessageMs: number | null = null;
  private lastError: string | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private offBus: (() => void)[] = [];
  private readonly outbox: OrderOutbox;
  private readonly log;
  private readonly logState: RateLimitedLog;
  private readonly unconfirmed: Counter;
  private readonly startedAt = new Date().toISOString();
  private sessionPresent: boolean | null = null;
  private target: { url: string; protocolVersion: number } | null = null;
  private readonly topics: ReturnType<typeof officeTopics>;

  constructor(private readonly ports: BridgePorts<UpstreamConfig>) {
    this.log = ports.log;
    this.topics = officeTopics(ports.config.topicRoot, ports.office.id);
    const o = ports.config.orders;
    this.logState = rateLimitedLog(this.log, { burst: 10 });
    ports.metrics.gauge('scpm_upstream_connected', '1 while the city link is up.', () => (this.connected ? 1 : 0));
    this.unconfirmed = ports.metrics.counter('scpm_orders_unconfirmed_total', 'Orders the broker acknowledged that the city did not answer within upstream.orders.unconfirmedAfterSeconds.');
    ports.metrics.gauge('scpm_orders_refused', 'Orders the city broker refused, retried with backoff.', () => ports.need('orders').counts().refused);
    ports.metrics.gauge('scpm_orders_unconfirmed', 'Orders sent but not confirmed by the city (order-status) in time.', () => ports.need('orders').counts().unconfirmed);
    this.outbox = new OrderOutbox(ports.need('orders'), ports.bus, ports.metrics, this.log, {
      topic: this.topics.orders,
      retryMinMs: o.retryMinMs,
      retryMaxMs: o.retryMaxMs,
      ackTimeoutMs: o.ackTimeoutSeconds * 1000,
      // The link looks alive but answers nothing: a restart gives the orders a fresh client.
      onStuck: (detail) => this.ports.fail(new Error(detail)),
    });
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  async start(): Promise<void> {
    const { config: u, office } = this.ports;
    const ingest = this.ports.need('ingest');
    // In demo mode the embedded broker is the city (it must be running: the host starts it first).
    const target = upstreamTarget(u, office.demo ? this.ports.need('demo-broker') : undefined);
    this.target = { url: safeUrl(target.url), protocolVersion: target.protocolVersion };
    this.log.info({ broker: this.target.url, clientId: clientIdOf(u, office.id), protocolVersion: target.protocolVersion }, 'connecting to the city broker');
    const client = mqtt.connect(connectOptions(u, office.id, target, backoffDelay(0, u.reconnectMinMs, u.reconnectMaxMs)));
    this.client = client;
    this.outbox.attach(client);
    const { offices, orderStatus } = this.topics;

    // Called by mqtt.js for every PUBLISH; its callback sends the PUBACK (QoS 1)
    // and the next packet waits for it. The ingestor commits QoS ≥ 1 synchronously.
    client.handleMessage = (packet, done) => {
      const topic = packet.topic;
      // Other offices' topics and our own status/orders echo are none of our business.
      if (topic.startsWith(offices) && !topic.startsWith(orderStatus)) return done();
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      // The ingestor never throws: a message it cannot store is a counted
      // rejection and is acknowledged; the link never restarts for a message.
      const at = Date.now();
      this.lastCityMessageMs = at;
      ingest.accept(topic, payload, packet.qos ?? 0, at);
      done();
    };

    client.on('connect', (connack) => {
      if (this.client !== client) return; // a client this bridge has let go (a restart)
      this.attempts = 0;
      this.connectedSince = Date.now();
      this.lastError = null;
      client.options.reconnectPeriod = backoffDelay(0, u.reconnectMinMs, u.reconnectMaxMs);
      this.sessionPresent = connack.sessionPresent;
      this.log.info({ sessionPresent: connack.sessionPresent }, 'city link up');
      this.setLink(true);
      this.publishStatus();
      this.outbox.connected(client);
    });
    client.on('close', () => {
      if (this.client !== client) return;
      if (this.connectedSince !== null) {
        this.connectedSince = null;
        this.log.warn('city link down');
        this.setLink(false);
      }
      this.attempts++;
      // mqtt.js reconnects at a fixed period: move it along the backoff curve ourselves.
      client.options.reconnectPeriod = backoffDelay(this.attempts, u.reconnectMinMs, u.reconnectMaxMs);
    });
    client.on('error', (err) => {
      this.lastError = err.message;
      this.log.warn({ err: err.message }, 'city link error');
    });
    // Subscribed once: with clean:false the broker keeps it, and mqtt.js resubscribes if the session was lost.
    client.subscribe(cityTopics.all(u.topicRoot), { qos: 1 }, (err) => {
      if (err) this.log.error({ err: err.message }, 'subscribe failed');
    });
    this.offBus = [
      this.ports.bus.on('order:changed', (o) => {
        if (o.state === 'queued') this.outbox.pump();
      }),
      // The city's answer (order-status) was stored by ingest, which moved the order to `received`.
      this.ports.bus.on('city:changed', (notices) => {
        for (const n of notices) {
          if (n.kind !== 'order-status') continue;
          const id = n.key.slice('order:'.length);
          this.ports.bus.emit('order:changed', { id, state: 'received' });
          this.logState('order:received', 'info', { orderId: id }, 'the city answered an order');
        }
      }),
    ];
    this.statusTimer = setInterval(() => this.publishStatus(), u.statusIntervalSeconds * 1000);
    this.statusTimer.unref();
    const windowMs = u.orders.unconfirmedAfterSeconds * 1000;
    this.sweepTimer = setInterval(() => this.flagUnconfirmed(windowMs), Math.min(30_000, Math.max(1000, windowMs / 4)));
    this.sweepTimer.unref();
    // Never block start-up on the link: the gateway works offline from its store.
  }

  /** Sent orders the city has not answered within the window become `unconfirmed` (shown, counted, logged once each). */
  private flagUnconfirmed(windowMs: number): void {
    const now = Date.now();
    let ids: string[];
    try {
      ids = this.ports.need('orders').flagUnconfirmed(now - windowMs, now);
    } catch (err) {
      this.logState('order:sweep', 'error', { err: (err as Error).message }, 'could not check orders for confirmation');
      return;
    }
    for (const id of ids) {
      this.unconfirmed.inc();
      this.ports.bus.emit('order:changed', { id, state: 'unconfirmed' });
      this.logState('order:unconfirmed', 'warn', { orderId: id, afterSeconds: windowMs / 1000 },
        'the city has not confirmed an order the broker acknowledged (on MQTT 3.1.1 this is how a broker ACL denying the orders topic shows)');
    }
  }

  private setLink(up: boolean): void {
    this.ports.need('link').set(up);
  }

  private publishStatus(): void {
    const client = this.client;
    if (!client?.connected) return;
    const { ingested, rejected } = this.ports.need('ingest').stats();
    const status = {
      online: true,
      officeId: this.ports.office.id,
      startedAt: this.startedAt,
      ts: new Date().toISOString(),
      outboxPending: this.ports.need('orders').pendingCount(),
      ingested,
      rejected,
    };
    client.publish(this.topics.status, JSON.stringify(status), { qos: 1, retain: true });
  }

  async stop(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const off of this.offBus) off();
    this.offBus = [];
    // First: acknowledgements arriving while the client ends are still recorded, but nothing new goes out on it.
    this.outbox.detach();
    this.logState.flush();
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.connected) {
      // A clean stop says so (the will only fires on an unclean drop).
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 500);
        client.publish(this.topics.status, '{"online":false}', { qos: 1, retain: true }, () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        // end(true) after end(false) does nothing in mqtt.js 5.16 (the client is
        // already disconnecting): close the socket ourselves, or the old client
        // lingers with it open and its late events.
        client.end(true);
        client.stream?.destroy();
        resolve();
      }, 1000);
      client.end(false, {}, () => {
        clearTimeout(t);
        resolve();
      });
    });
    if (this.connectedSince !== null) {
      this.connectedSince = null;
      this.setLink(false);
    }
  }

  setupPanel(): string {
    const t = this.target;
    const h = this.health();
    return String(html`<dl class="facts">
<dt>broker</dt><dd>${t ? t.url : '—'}${this.ports.office.demo ? ' (demo: the embedded broker)' : ''}</dd>
<dt>protocol</dt><dd>${t ? (t.protocolVersion === 5 ? 'MQTT 5' : 'MQTT 3.1.1') : '—'}</dd>
<dt>client id</dt><dd>${clientIdOf(this.ports.config, this.ports.office.id)}</dd>
<dt>session present</dt><dd>${this.sessionPresent === null ? '—' : this.sessionPresent ? 'yes (resumed)' : 'no (new session)'}</dd>
<dt>connected since</dt><dd>${this.connectedSince ? new Date(this.connectedSince).toISOString() : 'not connected'}</dd>
<dt>reconnect attempts</dt><dd>${this.attempts}</dd>
${h.detail ? html`<dt>${h.connected ? 'note' : 'last error'}</dt><dd>${h.detail}</dd>` : ''}
</dl>`) + this.ordersPanel();
  }

  health(): BridgeHealth {
    const connected = this.connected;
    let orders: Record<string, number> | undefined;
    try {
      const c = this.ports.need('orders').counts();
      orders = { queued: c.queued, refused: c.refused, unconfirmed: c.unconfirmed, inFlight: this.outbox.inFlight };
    } catch {
      orders = undefined; // the store is closing
    }
    return {
      state: this.client === null ? 'stopped' : connected ? 'running' : 'degraded',
      connected,
      connectedSince: this.connectedSince,
      reconnectAttempts: this.attempts,
      orders,
      lastCityMessageAt: this.lastCityMessageMs,
      detail: connected
        ? (quietRootHint({ topicRoot: this.ports.config.topicRoot, connectedSince: this.connectedSince, lastCityMessageMs: this.lastCityMessageMs, now: Date.now() }) ?? undefined)
        : (this.lastError ?? 'connecting to the city broker'),
    };
  }

  /** The technician's view of the orders: counts by state, and the refused and unconfirmed ones. */
  private ordersPanel(): string {
    const orders = this.ports.need('orders');
    return ordersPanel({
      topic: this.topics.orders,
      counts: orders.counts(),
      refused: orders.inState('refused', 10),
      unconfirmed: orders.inState('unconfirmed', 10),
      unconfirmedAfterSeconds: this.ports.config.orders.unconfirmedAfterSeconds,
    });
  }
}
