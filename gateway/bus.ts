// The typed event bus: bridges, the actions service and the display talk
// through it and the store only. As in Zigbee2MQTT, a listener can never hurt
// the emitter: each runs in its own try/catch, a throw is counted and logged
// (rate-limited) and the emit goes on. Listeners are registered per owner
// (`scope`) and removed together when the owner stops.
import type { ChangeNotice } from './store/types.js';
import type { Logger } from './logger.js';
import { rateLimitedLog, type RateLimitedLog } from './log/rate-limited.js';
import { Counter } from './metrics.js';

export interface ScreenChange { screen: string; state: Record<string, unknown>; source: string }

export interface BusEvents {
  /** City data committed to the store (batched). */
  'city:changed': [ChangeNotice[]];
  /** The city link went up or down. */
  link: [{ up: boolean; at: number }];
  /** An order was queued, sent, refused or answered. */
  'order:changed': [{ id: string; state: string }];
  /** A screen's server-side state changed (display navigation). */
  'screen:changed': [ScreenChange];
  /** A bridge's health changed (the setup page listens). */
  'bridge:health': [{ name: string; state: string }];
  /** An office device published on the local broker (normalized by the local broker bridge). */
  'device:message': [{ deviceId: string; subtopic: string; payload: unknown }];
}

export type BusEvent = keyof BusEvents;
type Listener<K extends BusEvent> = (...args: BusEvents[K]) => void;

/** What an owner (a bridge, the display) gets: on/emit, and everything it registered removed at once. */
export interface BusPort {
  on<K extends BusEvent>(event: K, fn: Listener<K>): () => void;
  emit<K extends BusEvent>(event: K, ...args: BusEvents[K]): void;
}

export interface ScopedBus extends BusPort {
  readonly owner: string;
  /** Removes every listener this owner registered. */
  dispose(): void;
  /** Listeners this owner has registered and not removed. */
  readonly size: number;
}

/** Listeners per event, all owners together: an SSE client is one; past this a leak is logged. */
const LISTENER_WARN = 1000;

export class Bus implements BusPort {
  private readonly listeners = new Map<BusEvent, Set<{ fn: (...a: unknown[]) => void; owner: string }>>();
  private readonly logLimited: RateLimitedLog | null;
  private warned = false;
  /** Listener throws per event (scpm_bus_listener_errors_total): register it with the metrics. */
  readonly errors = new Counter('scpm_bus_listener_errors_total', 'Bus listeners that threw, by event (the emitter and the other listeners went on).');

  constructor(private readonly log?: Logger) {
    this.logLimited = log ? rateLimitedLog(log) : null;
  }

  on<K extends BusEvent>(event: K, fn: Listener<K>, owner = 'host'): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = { fn: fn as (...a: unknown[]) => void, owner };
    set.add(entry);
    if (set.size > LISTENER_WARN && !this.warned) {
      this.warned = true;
      this.log?.warn({ event, listeners: set.size }, 'bus: unusually many listeners (a leak?)');
    }
    return () => {
      set.delete(entry);
    };
  }

  emit<K extends BusEvent>(event: K, ...args: BusEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const entry of [...set]) {
      try {
        entry.fn(...args);
      } catch (err) {
        this.errors.inc({ event });
        this.logLimited?.(`bus:${event}:${entry.owner}`, 'error', { event, owner: entry.owner, err: (err as Error).message }, 'bus: a listener failed; the others and the emitter go on');
      }
    }
  }

  listenerCount(event: BusEvent): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** A view of the bus for one owner. */
  scope(owner: string): ScopedBus {
    const offs = new Set<() => void>();
    const register = <K extends BusEvent>(event: K, fn: Listener<K>) => this.on(event, fn, owner);
    const emit: BusPort['emit'] = (event, ...args) => this.emit(event, ...args);
    return {
      owner,
      on(event, fn) {
        const off = register(event, fn);
        const remove = () => {
          off();
          offs.delete(remove);
        };
        offs.add(remove);
        return remove;
      },
      emit,
      dispose() {
        for (const off of [...offs]) off();
      },
      get size() {
        return offs.size;
      },
    };
  }
}
