// One device's input path, after the bytes: parser → rate cap → pad timing →
// refractory → gesture table → the actions service. Counters, the last 20
// frames and the last gesture for the setup page. Never throws.
import type { ActionInput } from '../../actions/vocabulary.js';
import type { Logger } from '../../logger.js';
import type { SerialConfig, SerialDeviceConfig } from './config.js';
import { cueFor } from './cues.js';
import { describeEvent, type RejectReason, type SerialEvent } from './events.js';
import type { InputKey } from './gestures.js';
import { RateCap, Refractory } from './limits.js';
import { rateLimitedLog, type RateLimitedLog } from '../../log/rate-limited.js';
import { directKey, mapInput } from './mapping.js';
import { PadTiming } from './pad-timing.js';
import type { Clock, Recognition, SerialActionsPort, TimerHandle } from './ports.js';
import type { FrameParser, ProtocolDriver } from './protocols/index.js';
import { Ring } from './ring.js';

export type { Recognition } from './ports.js';

export const RECENT_FRAMES = 20;

export interface FrameRecord {
  at: number;
  /** Space-separated hex of the frame's first bytes ("…" when cut). */
  hex: string;
  /** The events in words, or why it was rejected or dropped. */
  decoded: string;
  ok: boolean;
}

export interface InputStats {
  bytesIn: number;
  framesIn: number;
  rejected: Partial<Record<RejectReason, number>>;
  rejectedTotal: number;
  /** Inputs within the refractory window of the same key (no action). */
  suppressed: number;
  actions: number;
  dispatchFailures: number;
  recent: FrameRecord[];
  lastGesture: Recognition | null;
  /** Name from the device's HELLO line. */
  helloName: string | null;
  /** Last `P 0|1` (null: never reported). */
  present: boolean | null;
}

export interface DeviceInputOptions {
  device: SerialDeviceConfig;
  driver: ProtocolDriver;
  config: Pick<SerialConfig, 'gestures' | 'pads' | 'maxFramesPerSecond'>;
  clock: Clock;
  actions: SerialActionsPort;
  log: Logger;
  onRecognised?: (r: Recognition) => void;
  onEvent?: (device: string, event: SerialEvent) => void;
}

export function hexOf(raw: Uint8Array, total: number): string {
  const hex = Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return total > raw.length ? `${hex} …` : hex;
}

export class DeviceInput {
  private readonly parser: FrameParser;
  private readonly rate: RateCap;
  private readonly refractory: Refractory;
  private readonly pads: PadTiming;
  private readonly ring = new Ring<FrameRecord>(RECENT_FRAMES);
  /** A device (an outsider) can trigger these: a few a minute per kind, the rest counted. */
  private readonly warn: RateLimitedLog;
  private readonly principal: string;
  private longTouchTimer: TimerHandle | null = null;
  private longTouchDue: number | null = null;
  private stats: Omit<InputStats, 'recent' | 'rejected'> & { rejected: Partial<Record<RejectReason, number>> } = {
    bytesIn: 0, framesIn: 0, rejected: {}, rejectedTotal: 0, suppressed: 0, actions: 0, dispatchFailures: 0,
    lastGesture: null, helloName: null, present: null,
  };

  constructor(private readonly o: DeviceInputOptions) {
    this.parser = o.driver.createParser();
    this.rate = new RateCap(o.config.maxFramesPerSecond);
    this.refractory = new Refractory(o.config.gestures.refractoryMs);
    this.pads = new PadTiming(o.config.pads);
    this.warn = rateLimitedLog(o.log, { burst: 6, now: () => o.clock.now() });
    this.principal = `serial:${o.device.id}`;
  }

  /** Bytes from the port. Never throws. */
  feed(chunk: Uint8Array): void {
    try {
      this.stats.bytesIn += chunk.length;
      const now = this.o.clock.now();
      for (const out of this.parser.push(chunk)) {
        if (out.type === 'discarded') continue;
        if (out.type === 'rejected') {
          this.reject(out.reason, out.detail, hexOf(out.raw, out.bytes), now);
          continue;
        }
        const words = out.events.map(describeEvent).join(', ');
        if (!this.rate.take(now)) {
          this.reject('rate-limit', `more than ${this.o.config.maxFramesPerSecond} frames a second: ${words}`, hexOf(out.raw, out.bytes), now);
          continue;
        }
        this.stats.framesIn++;
        this.ring.push({ at: now, hex: hexOf(out.raw, out.bytes), decoded: words, ok: true });
        for (const event of out.events) this.handle(event, now);
      }
      this.scheduleLongTouch(now);
    } catch (err) {
      this.o.log.error({ err, device: this.o.device.id }, 'serial: input handling failed (bug); the bytes were dropped');
    }
  }

  /** A new connection: forget partial frames and touches in progress. */
  reset(): void {
    this.parser.reset();
    this.pads.reset();
    this.cancelLongTouch();
  }

  stop(): void {
    this.cancelLongTouch();
    this.warn.flush();
  }

  snapshot(): InputStats {
    return { ...this.stats, rejected: { ...this.stats.rejected }, recent: this.ring.toArray() };
  }

  private reject(reason: RejectReason, detail: string, hex: string, now: number): void {
    this.stats.rejected[reason] = (this.stats.rejected[reason] ?? 0) + 1;
    this.stats.rejectedTotal++;
    this.ring.push({ at: now, hex, decoded: `${reason === 'rate-limit' ? 'dropped' : 'rejected'}: ${reason} (${detail})`, ok: false });
    this.warn('frame-rejected', 'warn', { device: this.o.device.id, reason, detail }, 'serial: frame rejected');
  }

  private handle(event: SerialEvent, now: number): void {
    if (this.o.onEvent) {
      try {
        this.o.onEvent(this.o.device.id, event);
      } catch (err) {
        this.o.log.error({ err }, 'serial: onEvent listener threw');
      }
    }
    switch (event.kind) {
      case 'hello':
        this.stats.helloName = event.name;
        return;
      case 'presence':
        this.stats.present = event.present;
        return;
      case 'pad':
        for (const key of this.pads.edge(event.pad, event.edge, now)) this.route(key, now);
        return;
      default: {
        const key = directKey(event);
        if (key) this.route(key, now);
      }
    }
  }

  private route(key: InputKey, now: number): void {
    if (!this.refractory.allow(key, now)) {
      this.stats.suppressed++;
      return;
    }
    const action = mapInput(key, this.o.config.gestures.actions, this.o.device.screen);
    const recognition: Recognition = { device: this.o.device.id, screen: this.o.device.screen, key, at: now, action, cue: cueFor(key, action) };
    this.stats.lastGesture = recognition;
    if (action) {
      this.stats.actions++;
      this.dispatch(action);
    }
    if (this.o.onRecognised) {
      try {
        this.o.onRecognised(recognition);
      } catch (err) {
        this.o.log.error({ err }, 'serial: onRecognised listener threw');
      }
    }
  }

  private dispatch(action: ActionInput): void {
    const failed = (err: unknown) => {
      this.stats.dispatchFailures++;
      this.warn('dispatch-failed', 'warn', { device: this.o.device.id, action: action.action, err: err instanceof Error ? err.message : String(err) }, 'serial: the actions service refused or failed');
    };
    try {
      const result = this.o.actions.dispatch(action, 'gesture', this.principal);
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') (result as PromiseLike<unknown>).then(undefined, failed);
    } catch (err) {
      failed(err);
    }
  }

  private scheduleLongTouch(now: number): void {
    const due = this.pads.nextDeadline();
    if (due === this.longTouchDue) return;
    this.cancelLongTouch();
    if (due === null) return;
    this.longTouchDue = due;
    this.longTouchTimer = this.o.clock.setTimeout(() => {
      this.longTouchTimer = null;
      this.longTouchDue = null;
      try {
        const t = this.o.clock.now();
        for (const key of this.pads.poll(t)) this.route(key, t);
        this.scheduleLongTouch(t);
      } catch (err) {
        this.o.log.error({ err, device: this.o.device.id }, 'serial: long-touch timer failed (bug)');
      }
    }, Math.max(0, due - now));
  }

  private cancelLongTouch(): void {
    if (this.longTouchTimer !== null) this.o.clock.clearTimeout(this.longTouchTimer);
    this.longTouchTimer = null;
    this.longTouchDue = null;
  }
}
