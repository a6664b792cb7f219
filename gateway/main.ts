// The SCPM Edge daemon, as a composition root: config → store → bus → actions
// → bridges (from the list) → HTTP → lifecycle. Each piece lives in its own
// module (runtime/…) and registers its own metrics.
import { configWarnings, officeInfo } from './config/load.js';
import { createGatewayLogger } from './logger.js';
import { LogRing } from './log/ring.js';
import { Bus } from './bus.js';
import { Metrics } from './metrics.js';
import { Ingestor } from './ingest/ingestor.js';
import { MAP_DISTRICTS } from './contract/map-districts.js';
import { BridgeHost } from './bridges/host.js';
import { BRIDGES } from './bridges/index.js';
import { createProcessSupervisor } from './process/index.js';
import { registerProcessMetrics } from './process/metrics.js';
import { OrderDesk } from './orders/desk.js';
import { createNotifier } from './systemd/notify.js';
import { readConfig } from './runtime/read-config.js';
import { openStoreOrExit } from './runtime/store.js';
import { startHeapTuning } from './runtime/heap.js';
import { startMaintenance } from './runtime/maintenance.js';
import { trackLink } from './runtime/link-state.js';
import { createScreenServices } from './runtime/screens.js';
import { hostServices } from './runtime/host-services.js';
import { createWeb } from './runtime/web.js';
import { healthWarnings } from './runtime/health-warnings.js';
import { closeServers, listenOrExit } from './runtime/listen.js';
import { SHUTDOWN, onShutdownSignals } from './runtime/shutdown.js';
import './mqtt-packet-tuning.js';

async function main(): Promise<void> {
  const notifier = createNotifier();
  const config = await readConfig(notifier);
  const startedAt = Date.now();
  const ring = new LogRing();
  const log = createGatewayLogger(config.logging.level, ring);
  for (const w of configWarnings(config)) log.warn({ config: config.source }, w);
  let phase: 'starting' | 'running' | 'stopping' = 'starting';

  const { store, recovery } = openStoreOrExit(config, log);
  const metrics = new Metrics();
  const maintenance = startMaintenance(store, log.child({ bridge: 'store' }), metrics, config.store.maxSizeMb);

  const bus = new Bus(log.child({ bridge: 'bus' }));
  metrics.register(bus.errors);
  const ingestor = new Ingestor(store, bus, metrics, log.child({ bridge: 'ingest' }), {
    topicRoot: config.upstream.topicRoot, officeId: config.office.id, maxPayloadBytes: config.upstream.maxPayloadBytes,
    districts: MAP_DISTRICTS, groupCommitMs: config.store.groupCommitMs, maxFutureSkewMs: config.upstream.maxFutureSkewSeconds * 1000,
  });
  const link = trackLink(store, bus);
  const heap = startHeapTuning(log.child({ bridge: 'heap' }), metrics);
  bus.on('city:changed', () => heap.input(), 'heap');

  // One desk for every order (the API's and the screens'): one rate limit per principal.
  const orderDesk = new OrderDesk({ store, bus, metrics, perPrincipalPerMinute: config.orders.perPrincipalPerMinute, timeZone: config.office.timezone });
  const { catalog, actions } = createScreenServices({ store, bus, config, log: log.child({ bridge: 'actions' }), link, orderDesk });

  const processes = createProcessSupervisor({ log: log.child({ bridge: 'process' }) });
  registerProcessMetrics(processes, metrics);
  const host = new BridgeHost(BRIDGES, {
    log, metrics, bus, office: officeInfo(config), processes, actions, catalog,
    sections: config as unknown as Record<string, unknown>, services: hostServices(store, bus, ingestor, metrics),
  });

  const web = createWeb({
    config, store, bus, metrics, log, ring, host, actions, catalog, orderDesk, link, startedAt, checkpoints: () => maintenance.checkpoints(),
    health: { phase: () => phase, warnings: () => healthWarnings(ingestor, store, recovery) },
  });
  const servers = await listenOrExit(web.listeners, config.http, log, () => store.close());
  log.info({ url: `http://${config.http.host}:${config.http.port}/`, office: config.office.id, demo: config.demo.active, bridges: host.names() }, 'display and API listening');
  notifier.ready(`listening on ${config.http.host}:${config.http.port}`);

  const stopped = onShutdownSignals(log, async () => {
    phase = 'stopping';
    notifier.stopping();
    web.close();
    actions.close();
    closeServers(servers);
    await host.stopAll(SHUTDOWN.bridgesMs);
    await processes.stopAll(SHUTDOWN.processesMs);
    ingestor.close();
    maintenance.stop();
    heap.stop();
    store.close();
  });
  // Display first: the bridges start once a wall has its page (runtime/first-page.ts).
  const why = await web.waitForFirstPage();
  if (stopped()) return;
  log.info({ after: why }, 'starting the bridges');
  await host.startAll();
  phase = 'running';
  log.info({ bridges: Object.fromEntries(Object.entries(host.health()).map(([k, v]) => [k, v.state])) }, 'gateway running');
}

await main();
