// The city link: mqtt.js with a persistent session. A QoS 1 message is
// committed to SQLite before its PUBACK (see handleMessage below).
import mqtt, { type MqttClient } from 'mqtt';
import { html } from 'hono/html';
import type { Bridge, BridgeHealth, BridgePorts } from '../types.js';
import { safeUrl } from '../../logger.js';
import { backoffDelay } from '../../util/backoff.js';
import { clientIdOf, mqttOptions, statusTopic, upstreamTarget } from './mqtt-options.js';
import { OrderOutbox } from './outbox.js';
import type { UpstreamConfig } from './config.js';

export class UpstreamBridge implements Bridge {
  private client: MqttClient | null = null;
  private attempts = 0;
  private connectedSince: number | null = null;
  private lastError: string | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private offBus: (() => void) | null = null;
  private readonly outbox: OrderOutbox;
  private readonly log;
  private readonly startedAt = new Date().toISOString();
  private sessionPresent: boolean | null = null;
  private target: { url: string; protocolVersion: number } | null = null;

  constructor(private readonly ports: BridgePorts<UpstreamConfig>) {
    this.log = ports.log;
    const published = ports.metrics.counter('scpm_orders_published_total', 'Orders acknowledged by the city broker.');
    ports.metrics.gauge('scpm_upstream_connected', '1 while the city link is up.', () => (this.connected ? 1 : 0));
    this.outbox = new OrderOutbox(ports.need('orders'), ports.bus, published, this.log, `${ports.config.topicRoot}/offices/${ports.office.id}/orders`);
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
    const client = mqtt.connect(target.url, mqttOptions(u, office.id, target, backoffDelay(0, u.reconnectMinMs, u.reconnectMaxMs)));
    this.client = client;
    const root = u.topicRoot;
    const ownOffices = `${root}/offices/`;
    const orderStatus = `${root}/offices/${office.id}/order-status/`;

    // Called by mqtt.js for every PUBLISH; its callback sends the PUBACK (QoS 1)
    // and the next packet waits for it. The ingestor commits QoS ≥ 1 synchronously.
    client.handleMessage = (packet, done) => {
      const topic = packet.topic;
      // Other offices' topics and our own status/orders echo are none of our business.
      if (topic.startsWith(ownOffices) && !topic.startsWith(orderStatus)) return done();
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      // The ingestor never throws: a message it cannot store is a counted
      // rejection and is acknowledged; the link never restarts for a message.
      ingest.accept(topic, payload, packet.qos ?? 0);
      done();
    };

    client.on('connect', (connack) => {
      this.attempts = 0;
      this.connectedSince = Date.now();
      this.lastError = null;
      client.options.reconnectPeriod = backoffDelay(0, u.reconnectMinMs, u.reconnectMaxMs);
      this.sessionPresent = connack.sessionPresent;
      this.log.info({ sessionPresent: connack.sessionPresent }, 'city link up');
      this.setLink(true);
      this.publishStatus();
      void this.outbox.drain(client);
    });
    client.on('close', () => {
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
    client.subscribe(`${root}/#`, { qos: 1 }, (err) => {
      if (err) this.log.error({ err: err.message }, 'subscribe failed');
    });
    this.offBus = this.ports.bus.on('order:changed', (o) => {
      if (o.state === 'queued' && client.connected) void this.outbox.drain(client);
    });
    this.statusTimer = setInterval(() => this.publishStatus(), u.statusIntervalSeconds * 1000);
    this.statusTimer.unref();
    // Never block start-up on the link: the gateway works offline from its store.
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
    client.publish(statusTopic(this.ports.config, this.ports.office.id), JSON.stringify(status), { qos: 1, retain: true });
  }

  async stop(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    this.offBus?.();
    this.offBus = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.connected) {
      // A clean stop says so (the will only fires on an unclean drop).
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 500);
        client.publish(statusTopic(this.ports.config, this.ports.office.id), '{"online":false}', { qos: 1, retain: true }, () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        client.end(true);
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
${h.detail ? html`<dt>last error</dt><dd>${h.detail}</dd>` : ''}
</dl>`);
  }

  health(): BridgeHealth {
    const connected = this.connected;
    return {
      state: this.client === null ? 'stopped' : connected ? 'running' : 'degraded',
      connected,
      connectedSince: this.connectedSince,
      reconnectAttempts: this.attempts,
      detail: connected ? undefined : (this.lastError ?? 'connecting to the city broker'),
    };
  }
}
