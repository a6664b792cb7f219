// The gateway's live state, mirrored to office devices under
// office/{officeId}/state/…: the city link (retained), each screen's state
// (retained), and the city's changes (batched). Remembered across broker
// restarts, so devices find the state again at once.
import type { Aedes, PublishPacket } from 'aedes';
import type { BusPort, ScreenChange } from '../../bus.js';
import type { Logger } from '../../logger.js';
import type { RateLimitedLog } from '../../log/rate-limited.js';
import type { ChangeNotice } from '../../store/types.js';
import { isValidTopicName } from '../../contract/topics.js';
import { ChangeBatcher } from './change-batcher.js';
import { CHANGES_MAX_KEYS, CHANGES_WINDOW_MS, MAX_PAYLOAD_BYTES, MAX_SCREENS } from './limits.js';

export class StateMirror {
  private broker: Aedes | null = null;
  private lastLink: { up: boolean; at: string } | null = null;
  private readonly screens = new Map<string, string>();
  private offBus: (() => void)[] = [];
  private readonly batcher: ChangeBatcher;

  constructor(private readonly statePrefix: string, private readonly log: Logger, private readonly limited: RateLimitedLog) {
    this.batcher = new ChangeBatcher({
      windowMs: CHANGES_WINDOW_MS,
      maxKeys: CHANGES_MAX_KEYS,
      maxBytes: MAX_PAYLOAD_BYTES,
      publish: (payload) => this.publish('changes', payload, false),
    });
  }

  /** Change notices dropped since start (the batcher's buffer full). */
  get changesDropped(): number {
    return this.batcher.dropped;
  }

  /** Starts mirroring onto `broker`, first republishing what devices should find retained. */
  attach(broker: Aedes, bus: BusPort): void {
    this.broker = broker;
    this.batcher.start();
    this.offBus = [bus.on('link', (e) => this.onLink(e)), bus.on('screen:changed', (e) => this.onScreen(e)), bus.on('city:changed', (c) => this.onCityChanged(c))];
    if (this.lastLink) this.publish('link', JSON.stringify(this.lastLink), true);
    for (const [screen, payload] of this.screens) this.publish(`screens/${screen}`, payload, true);
  }

  detach(): void {
    for (const off of this.offBus) off();
    this.offBus = [];
    this.batcher.stop();
    this.broker = null;
  }

  private publish(sub: string, payload: string, retain: boolean): void {
    const b = this.broker;
    if (!b) return;
    // QoS 0 (retained where it is state): a device gets the latest on every
    // (re)subscribe, and aedes queues nothing in memory for an offline
    // persistent session (it only queues QoS > 0).
    const packet: PublishPacket = { cmd: 'publish', topic: `${this.statePrefix}/${sub}`, payload: Buffer.from(payload), qos: 0, retain, dup: false };
    b.publish(packet, (err) => {
      if (err) this.limited('state-publish-failed', 'warn', { err: err.message, topic: packet.topic }, 'state publish failed');
    });
  }

  private onLink(e: { up: boolean; at: number }): void {
    const at = new Date(Number.isFinite(e.at) ? e.at : Date.now());
    this.lastLink = { up: e.up === true, at: at.toISOString() };
    this.publish('link', JSON.stringify(this.lastLink), true);
  }

  private onScreen(e: ScreenChange): void {
    const screen = e.screen;
    if (typeof screen !== 'string' || !isValidTopicName(screen) || screen.includes('/') || screen.startsWith('$') || screen.length > 64) {
      this.log.warn({ screen: String(screen).slice(0, 80) }, 'screen name is not a single topic level; state not republished');
      return;
    }
    const payload = JSON.stringify({ screen, state: e.state, source: e.source, at: new Date().toISOString() });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.log.warn({ screen, bytes: Buffer.byteLength(payload) }, 'screen state over 64 KiB; not republished');
      return;
    }
    if (!this.screens.has(screen) && this.screens.size >= MAX_SCREENS) {
      this.log.warn({ screen, max: MAX_SCREENS }, 'too many screens; state not republished');
      return;
    }
    this.screens.set(screen, payload);
    this.publish(`screens/${screen}`, payload, true);
  }

  private onCityChanged(changes: ChangeNotice[]): void {
    if (Array.isArray(changes)) this.batcher.add(changes);
  }
}
