// What the technician's setup page shows, gathered from the host, the store,
// the config and the log ring: the display gets this one object and never
// reaches into a bridge. Nothing secret goes in: the config is redacted, URLs
// lose their credentials, bridges render their own panels without secrets.
import { stringify } from 'yaml';
import type { BridgeHost } from '../bridges/host.js';
import type { Store } from '../store/store.js';
import type { Metrics } from '../metrics.js';
import type { Config } from '../config/load.js';
import { ConfigError, configWarnings, loadConfig } from '../config/load.js';
import { redactSecrets } from '../config/secret.js';
import type { LogRing } from '../log/ring.js';
import type { OrderDesk } from '../orders/desk.js';
import type { ActionsService } from '../actions/service.js';
import type { SetupSource } from '../../display/setup/source.js';
import type { ScreenHeartbeats } from '../kiosk/heartbeats.js';

/** Counting every table's rows is a scan: at most once per this. */
const COUNT_EVERY_MS = 10_000;

export interface SetupSourceDeps {
  host: BridgeHost;
  store: Store;
  metrics: Metrics;
  config: Config;
  ring: LogRing;
  orderDesk: OrderDesk;
  actions: ActionsService;
  checkpoints(): { runs: number; lastMs: number };
  heartbeats: ScreenHeartbeats;
  buildId: string;
  version: string;
  startedAt: number;
}

export function createSetupSource(d: SetupSourceDeps): SetupSource {
  let counts: { at: number; tables: { table: string; rows: number }[] } = { at: 0, tables: [] };
  let lastByKind: { at: number; rows: { kind: string; lastMs: number | null }[] } = { at: 0, rows: [] };
  const redacted = stringify(redactSecrets(d.config, d.config.secretPaths));
  return {
    bridges: () => Object.entries(d.host.health()).map(([name, h]) => ({
      name, state: h.state, since: typeof h.since === 'number' ? h.since : null, restarts: typeof h.restarts === 'number' ? h.restarts : 0,
      lastError: typeof h.lastError === 'string' ? h.lastError : null, detail: h.detail ?? null,
    })),
    panels: () => d.host.setupPanels(),
    restart: (name) => d.host.restart(name),
    link: () => ({ connected: d.host.health().upstream?.connected === true, since: null, demo: d.config.demo.active }),
    screens: () => ({ rows: d.heartbeats.rows(Date.now()), staleAfterMs: d.config.kiosk.heartbeatTimeoutSeconds * 1000 }),
    lastByKind: () => {
      if (Date.now() - lastByKind.at > 2000) lastByKind = { at: Date.now(), rows: d.store.lastReceivedByKind() };
      return lastByKind.rows;
    },
    rejected: () => ({ byReason: { ...d.metrics.rejected }, latest: d.store.listRejected({ limit: 50 }) }),
    store: () => {
      if (Date.now() - counts.at > COUNT_EVERY_MS) counts = { at: Date.now(), tables: d.store.tableCounts() };
      const h = d.store.health();
      const s = d.config.store;
      return {
        sizeBytes: h.sizeBytes, capBytes: h.capBytes, warnAtPercent: s.warnAtPercent, tables: counts.tables, checkpoints: d.checkpoints(),
        retention: { 'urban raw (h)': s.urbanRawRetentionHours, 'urban downsampled (d)': s.urbanDownsampledRetentionDays, 'closed items (d)': s.closedEntityRetentionDays, 'indicators (months)': s.indicatorRetentionMonths },
      };
    },
    orders: () => ({ counts: d.store.orders.counts(), latest: d.store.listOrders({ limit: 20 }) }),
    config: () => {
      // What check-config would say of the file now (it may have been edited since start).
      let problems: string[] = [];
      let warnings: string[] = [];
      try {
        warnings = configWarnings(loadConfig(d.config.source));
      } catch (err) {
        problems = err instanceof ConfigError ? err.lines : [String((err as Error).message)];
      }
      return { file: d.config.source, yaml: redacted, problems, warnings };
    },
    build: () => ({ version: d.version, buildId: d.buildId, node: process.version, startedAt: d.startedAt, pid: process.pid }),
    logs: (o) => d.ring.recent({ limit: 200, bridge: o.bridge, minLevel: o.minLevel }),
    logBridges: () => d.ring.bridges(),
    testOrder: (principal) => {
      const r = d.orderDesk.accept({ text: 'Test order from the setup page (acts on nothing)', test: true, source: { screen: null, via: 'api' } }, { principal, idempotencyKey: null });
      if (r.status === 'created' || r.status === 'existing') return { id: r.order.id };
      throw new Error(r.status === 'rate-limited' ? `too many orders; retry in ${r.retryAfterSeconds} s` : r.error);
    },
    power: {
      available: () => d.actions.has('display-power'),
      set: async (on, principal) => {
        await d.actions.dispatch({ action: on ? 'wake' : 'sleep' }, 'api', principal);
      },
    },
  };
}
