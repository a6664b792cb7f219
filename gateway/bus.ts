// The typed event bus: bridges and the display talk through it and the store only.
import { EventEmitter } from 'node:events';
import type { ChangeNotice } from './store/types.js';
import type { RejectReason } from './contract/messages.js';

export interface ScreenChange { screen: string; state: Record<string, unknown>; source: string }

export interface BusEvents {
  /** City data committed to the store (batched). */
  'city:changed': [ChangeNotice[]];
  /** The city link went up or down. */
  link: [{ up: boolean; at: number }];
  /** An order was queued, sent or answered. */
  'order:changed': [{ id: string; state: string }];
  /** A message was rejected at the edge. */
  rejected: [{ reason: RejectReason; topic: string }];
  /** A screen's server-side state changed (display navigation). */
  'screen:changed': [ScreenChange];
  /** A bridge's health changed. */
  'bridge:health': [{ name: string; state: string }];
  /** An office device published on the local broker (normalized by the local broker bridge). */
  'device:message': [{ deviceId: string; subtopic: string; payload: unknown }];
}

export class Bus {
  private readonly emitter = new EventEmitter();
  constructor() {
    // Many SSE clients subscribe; each removes its listener on disconnect.
    this.emitter.setMaxListeners(1000);
  }
  on<K extends keyof BusEvents>(event: K, fn: (...args: BusEvents[K]) => void): () => void {
    this.emitter.on(event, fn as (...a: unknown[]) => void);
    return () => this.emitter.off(event, fn as (...a: unknown[]) => void);
  }
  emit<K extends keyof BusEvents>(event: K, ...args: BusEvents[K]): void {
    this.emitter.emit(event, ...args);
  }
  listenerCount(event: keyof BusEvents): number {
    return this.emitter.listenerCount(event);
  }
}
