// Starts every registered bridge; one that fails is marked failed and restarted
// with exponential backoff and jitter while the others carry on.
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Bus } from '../bus.js';
import type { Bridge, BridgeHealth } from './types.js';

interface Supervised {
  bridge: Bridge;
  afterStart?: () => void;
  failures: number;
  timer: NodeJS.Timeout | null;
  lastError: string | null;
  stopping: boolean;
}

export interface SupervisorOptions { minDelayMs?: number; maxDelayMs?: number }

export class Supervisor {
  private readonly items = new Map<string, Supervised>();
  private readonly minDelay: number;
  private readonly maxDelay: number;

  constructor(private readonly log: Logger, private readonly metrics: Metrics, private readonly bus: Bus, opts: SupervisorOptions = {}) {
    this.minDelay = opts.minDelayMs ?? 1000;
    this.maxDelay = opts.maxDelayMs ?? 60_000;
  }

  /** `afterStart` runs after every successful (re)start, e.g. to publish the bridge's address to the host. */
  add(bridge: Bridge, afterStart?: () => void): void {
    const item: Supervised = { bridge, afterStart, failures: 0, timer: null, lastError: null, stopping: false };
    bridge.onFailure = (err) => void this.fail(item, err);
    this.items.set(bridge.name, item);
  }

  /** Starts bridges in registration order (later ones may need what earlier ones provide). */
  async startAll(): Promise<void> {
    for (const item of this.items.values()) await this.start(item);
  }

  private async start(item: Supervised): Promise<void> {
    if (item.stopping) return;
    try {
      await item.bridge.start();
      item.afterStart?.();
      item.failures = 0;
      item.lastError = null;
      this.bus.emit('bridge:health', { name: item.bridge.name, state: item.bridge.health().state });
    } catch (err) {
      await this.fail(item, err as Error);
    }
  }

  private async fail(item: Supervised, err: Error): Promise<void> {
    if (item.stopping || item.timer) return;
    item.failures++;
    item.lastError = err.message;
    const delay = Math.min(this.maxDelay, this.minDelay * 2 ** Math.min(item.failures - 1, 16)) * (0.5 + Math.random() / 2);
    this.log.error({ bridge: item.bridge.name, err: err.message, retryInMs: Math.round(delay) }, 'bridge failed; restarting with backoff');
    this.bus.emit('bridge:health', { name: item.bridge.name, state: 'failed' });
    try {
      await item.bridge.stop();
    } catch (stopErr) {
      this.log.warn({ bridge: item.bridge.name, err: (stopErr as Error).message }, 'bridge stop after failure failed');
    }
    item.timer = setTimeout(() => {
      item.timer = null;
      this.metrics.bridgeRestarts[item.bridge.name] = (this.metrics.bridgeRestarts[item.bridge.name] ?? 0) + 1;
      void this.start(item);
    }, delay);
    item.timer.unref();
  }

  health(): Record<string, BridgeHealth> {
    const out: Record<string, BridgeHealth> = {};
    for (const [name, item] of this.items) {
      const h = item.bridge.health();
      out[name] = item.timer ? { ...h, state: 'failed', detail: item.lastError ?? h.detail, failures: item.failures } : h;
    }
    return out;
  }

  get(name: string): Bridge | undefined {
    return this.items.get(name)?.bridge;
  }

  /** Stops bridges in reverse order of registration, each bounded in time. */
  async stopAll(timeoutMs = 3000): Promise<void> {
    const items = [...this.items.values()].reverse();
    for (const item of items) {
      item.stopping = true;
      if (item.timer) clearTimeout(item.timer);
    }
    for (const item of items) {
      await Promise.race([
        item.bridge.stop().catch((err: Error) => this.log.warn({ bridge: item.bridge.name, err: err.message }, 'bridge stop failed')),
        new Promise((r) => setTimeout(r, timeoutMs).unref()),
      ]);
    }
  }
}
