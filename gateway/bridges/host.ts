// The bridge host: takes the list of descriptors, runs the enabled ones in
// dependency order (providers first), gives each its narrow ports, restarts a
// failed one with backoff while the others carry on, and stops them in
// reverse order, each within a deadline. A bridge's module is loaded on its
// first start, not at boot (first paint and idle memory depend on it).
import type { Hono } from 'hono';
import type { Bus, ScopedBus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { Counter, Metrics } from '../metrics.js';
import { backoffDelay } from '../util/backoff.js';
import type { AnyDescriptor, Bridge, BridgeHealth, BridgePorts, OfficeInfo, ServiceName, UploadRoute } from './types.js';
import type { Services } from './services.js';
import type { ProcessPort } from '../process/types.js';
import { scopeProcesses, type ScopedProcesses } from '../process/scoped.js';
import { scopeCatalog, type Catalog, type CatalogPort } from '../catalog/index.js';
import type { ActionsService } from '../actions/service.js';
import { startOrder } from './start-order.js';
import { OfferedServices } from './offered-services.js';
import { escapeHtml } from '../util/html.js';

export interface HostOptions {
  /** The root logger: each bridge gets `{ bridge: name }`, the host `{ bridge: 'host' }`. */
  log: Logger;
  metrics: Metrics;
  bus: Bus;
  office: OfficeInfo;
  /** Each enabled bridge's config section, by config key. */
  sections: Readonly<Record<string, unknown>>;
  /** What the host itself offers bridges (ingest, orders, link, broker-retained). */
  services: Partial<Services>;
  /** The one process supervisor; each bridge gets a scoped view. */
  processes: ProcessPort;
  actions: ActionsService;
  catalog: Catalog;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  now?: () => number;
}

interface Entry {
  d: AnyDescriptor;
  impl: Bridge | null;
  loading: Promise<Bridge> | null;
  scope: ScopedBus;
  children: ScopedProcesses;
  names: CatalogPort & { dispose(): void };
  offers: (() => void)[];
  running: boolean;
  failures: number;
  restarts: number;
  timer: NodeJS.Timeout | null;
  lastError: string | null;
  since: number;
  stopping: boolean;
  /** Bumped at every stop: a start still in flight from before it must not mark the bridge running. */
  epoch: number;
  /** The bridge's start() while it runs: a stop waits for it (bounded), so nothing it starts late outlives the stop. */
  starting: Promise<void> | null;
}

export class BridgeHost {
  private readonly entries: Entry[] = [];
  private readonly offered = new OfferedServices();
  private readonly restartsCounter: Counter;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly routers = new Map<string, Hono | null>();
  private readonly log: Logger;

  constructor(descriptors: readonly AnyDescriptor[], private readonly o: HostOptions) {
    this.log = o.log.child({ bridge: 'host' });
    this.minDelay = o.minDelayMs ?? 1000;
    this.maxDelay = o.maxDelayMs ?? 60_000;
    this.random = o.random ?? Math.random;
    this.now = o.now ?? Date.now;
    this.restartsCounter = o.metrics.counter('scpm_bridge_restarts_total', 'Bridge restarts after a failure.');
    const names = new Set<string>();
    for (const d of descriptors) {
      if (names.has(d.name)) throw new Error(`two bridges are named "${d.name}"`);
      names.add(d.name);
    }
    for (const [name, value] of Object.entries(o.services)) this.offered.offer(name as ServiceName, value, 'host');
    for (const d of startOrder(descriptors)) {
      if (!d.enabled({ section: o.sections[d.configKey], office: o.office })) continue;
      this.entries.push({
        d, impl: null, loading: null, scope: o.bus.scope(d.name), children: scopeProcesses(o.processes, d.name), names: scopeCatalog(o.catalog, d.name), offers: [], running: false,
        failures: 0, restarts: 0, timer: null, lastError: null, since: this.now(), stopping: false, epoch: 0, starting: null,
      });
    }
  }

  /** The loaded implementation of a bridge (null until its first start), for the setup page and tests. */
  bridge(name: string): Bridge | null {
    return this.entries.find((x) => x.d.name === name)?.impl ?? null;
  }

  /** Names of the bridges that run with this config, in start order. */
  names(): string[] {
    return this.entries.map((e) => e.d.name);
  }

  /** Starts every enabled bridge in order; one that fails is restarted with backoff, the rest go on. */
  async startAll(): Promise<void> {
    for (const e of this.entries) {
      e.stopping = false;
      await this.start(e);
    }
  }

  /** Stops bridges in reverse order, each bounded in time; no restart after. */
  async stopAll(timeoutMs = 3000): Promise<void> {
    const list = [...this.entries].reverse();
    for (const e of list) {
      e.stopping = true;
      if (e.timer) clearTimeout(e.timer);
      e.timer = null;
    }
    for (const e of list) await this.stopOne(e, timeoutMs);
  }

  /** Stops and starts one bridge (the setup page's button). */
  async restart(name: string, timeoutMs = 3000): Promise<boolean> {
    const e = this.entries.find((x) => x.d.name === name);
    if (!e) return false;
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    await this.stopOne(e, timeoutMs);
    e.stopping = false;
    e.failures = 0;
    await this.start(e);
    return true;
  }

  health(): Record<string, BridgeHealth> {
    const out: Record<string, BridgeHealth> = {};
    for (const e of this.entries) {
      let h: BridgeHealth;
      try {
        h = e.impl ? e.impl.health() : { state: e.loading ? 'starting' : 'stopped', detail: e.loading ? 'loading' : undefined };
      } catch (err) {
        h = { state: 'failed', detail: `health check failed: ${(err as Error).message}` };
      }
      if (e.timer) h = { ...h, state: 'failed', detail: e.lastError ?? h.detail, failures: e.failures, retryInMs: undefined };
      out[e.d.name] = { ...h, since: e.since, restarts: e.restarts, ...(e.lastError ? { lastError: e.lastError } : {}) };
    }
    return out;
  }

  /** The bridge's own routes (once it has loaded), for /api/v1/{name}/…; null when it has none or is not loaded yet. */
  /** The bridges' upload routes by full path (/api/v1/{name}{path}), for the mount's type and size checks. */
  uploads(): Map<string, UploadRoute> {
    const out = new Map<string, UploadRoute>();
    for (const e of this.entries) for (const u of e.d.uploads ?? []) out.set(`/api/v1/${e.d.name}${u.path}`, u);
    return out;
  }

  router(name: string): Hono | null | undefined {
    const e = this.entries.find((x) => x.d.name === name);
    if (!e) return undefined;
    if (!e.impl) return null;
    if (!this.routers.has(name)) this.routers.set(name, e.impl.routes?.() ?? null);
    return this.routers.get(name) ?? null;
  }

  /** Setup panels of the loaded bridges (HTML, by bridge name). */
  setupPanels(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.entries) {
      if (!e.impl?.setupPanel) continue;
      try {
        out[e.d.name] = e.impl.setupPanel();
      } catch (err) {
        out[e.d.name] = `<p class="error">panel failed: ${escapeHtml((err as Error).message)}</p>`;
      }
    }
    return out;
  }

  private ports(e: Entry): BridgePorts<unknown> {
    return {
      config: this.o.sections[e.d.configKey],
      office: this.o.office,
      log: this.o.log.child({ bridge: e.d.name }),
      metrics: this.o.metrics,
      bus: e.scope,
      processes: e.children,
      actions: {
        dispatch: (input, source, principal, opts) => this.o.actions.dispatch(input, source, principal, opts),
        offer: (capability, handler) => void e.offers.push(this.o.actions.offer(capability, e.d.name, handler)),
        has: (capability) => this.o.actions.has(capability),
        state: (screen) => this.o.actions.state(screen),
      },
      catalog: e.names,
      need: (name) => this.offered.need(e.d, name),
      provide: (name, value) => this.offered.provide(e.d, name, value),
      fail: (err) => void this.fail(e, err),
    };
  }

  private async load(e: Entry): Promise<Bridge> {
    if (e.impl) return e.impl;
    e.loading ??= e.d.load().then((m) => m.create(this.ports(e)));
    try {
      e.impl = await e.loading;
      return e.impl;
    } finally {
      e.loading = null;
    }
  }

  private async start(e: Entry): Promise<void> {
    if (e.stopping) return;
    const epoch = e.epoch;
    try {
      const impl = await this.load(e);
      if (e.stopping || epoch !== e.epoch) return;
      const run = impl.start();
      e.starting = run.then(() => undefined, () => undefined);
      try {
        await run;
      } finally {
        e.starting = null;
      }
      if (e.stopping || epoch !== e.epoch) return;
      e.running = true;
      e.failures = 0;
      e.lastError = null;
      e.since = this.now();
      this.o.bus.emit('bridge:health', { name: e.d.name, state: impl.health().state });
    } catch (err) {
      await this.fail(e, err as Error);
    }
  }

  private async fail(e: Entry, err: Error): Promise<void> {
    if (e.stopping || e.timer) return;
    e.failures++;
    e.lastError = err.message;
    e.since = this.now();
    const delay = backoffDelay(e.failures - 1, this.minDelay, this.maxDelay, this.random);
    this.log.error({ failed: e.d.name, err: err.message, retryInMs: delay }, 'bridge failed; restarting with backoff');
    // Armed before the stop so a second failure report during it is ignored.
    e.timer = setTimeout(() => {
      e.timer = null;
      e.restarts++;
      this.restartsCounter.inc({ bridge: e.d.name });
      void this.start(e);
    }, delay);
    e.timer.unref();
    this.o.bus.emit('bridge:health', { name: e.d.name, state: 'failed' });
    await this.stopOne(e, 3000);
  }

  private async stopOne(e: Entry, timeoutMs: number): Promise<void> {
    e.epoch++;
    this.offered.withdraw(e.d.name);
    const impl = e.impl;
    if (impl) {
      let timer: NodeJS.Timeout | undefined;
      const starting = e.starting ?? Promise.resolve();
      await Promise.race([
        starting.then(() => impl.stop()).catch((err: Error) => this.log.warn({ failed: e.d.name, err: err.message }, 'bridge stop failed')),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            this.log.warn({ stuck: e.d.name, timeoutMs }, 'bridge did not stop in time; abandoned');
            resolve();
          }, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    // Whatever the bridge forgot to remove or stop goes with it.
    e.scope.dispose();
    e.names.dispose();
    for (const withdraw of e.offers.splice(0)) withdraw();
    await e.children.dispose();
    if (e.running) {
      e.running = false;
      e.since = this.now();
    }
  }
}
