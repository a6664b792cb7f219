// The SCPM Edge daemon, as a composition root: config → store → bus → ingest
// → bridges (from the list) → HTTP → lifecycle. SIGTERM stops it within 5 s.
import { join } from 'node:path';
import { ConfigError, configPath, configWarnings, loadConfig, officeInfo, type Config } from './config/load.js';
import { createGatewayLogger } from './logger.js';
import { LogRing } from './log/ring.js';
import { createSetupSource } from './runtime/setup-source.js';
import { createSetupRoutes } from '../display/setup/routes.js';
import { openStore, recoveryWarning, StoreOpenError } from './store/open.js';
import { Bus } from './bus.js';
import { Metrics } from './metrics.js';
import { Ingestor } from './ingest/ingestor.js';
import { BridgeHost } from './bridges/host.js';
import { createProcessSupervisor } from './process/index.js';
import { registerProcessMetrics } from './process/metrics.js';
import { BRIDGES } from './bridges/index.js';
import { createApp } from './http/app.js';
import { defaultAllowedHosts, type AccessConfig } from './http/access.js';
import { createDisplay } from '../display/index.js';
import { buildId } from './build-id.js';
import { gatewayVersion } from './version.js';
import { startHeapTuning } from './runtime/heap.js';
import { startMaintenance } from './runtime/maintenance.js';
import { hostServices } from './runtime/host-services.js';
import { firstPageGate } from './runtime/first-page.js';
import { listen, closeServers } from './runtime/listen.js';
import { onShutdownSignals } from './runtime/shutdown.js';
import { EXIT } from './runtime/exit-codes.js';
import { runSafeMode } from './safe-mode.js';
import { createScreenServices } from './runtime/screens.js';
import { OrderDesk } from './orders/desk.js';
import { viewPath } from '../display/view.js';
import { createNotifier, type SystemdNotifier } from './systemd/notify.js';
import { ScreenHeartbeats } from './kiosk/heartbeats.js';
import { createKioskApi } from './http/kiosk-api.js';
import './mqtt-packet-tuning.js';

/** An invalid config: exit 2, or, started as a service (SCPM_SAFE_MODE=1: systemd, npm start), serve the problems in safe mode. */
async function readConfig(notifier: SystemdNotifier): Promise<Config> {
  const file = configPath();
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.lines.join('\n')}\n`);
      if (process.env.SCPM_SAFE_MODE === '1') return runSafeMode(err.lines, file, process.env, notifier);
      process.stderr.write(`scpm-edge: not starting: ${err.lines.length} configuration problem${err.lines.length === 1 ? '' : 's'} (check with: npm run check-config -- ${file})\n`);
      process.exit(EXIT.config);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const notifier = createNotifier();
  const config = await readConfig(notifier);
  const startedAt = Date.now();
  const ring = new LogRing();
  const log = createGatewayLogger(config.logging.level, ring);
  for (const w of configWarnings(config)) log.warn({ config: config.source }, w);
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let opened: ReturnType<typeof openStore>;
  try {
    opened = openStore(join(config.dataDir, 'scpm.db'), config.store);
  } catch (err) {
    if (!(err instanceof StoreOpenError)) throw err;
    log.fatal({ dataDir: config.dataDir }, err.message);
    process.exit(err.kind === 'data-dir' ? EXIT.dataDir : EXIT.store);
  }
  const { store, recovery } = opened;
  if (recovery) log.error({ movedTo: recovery.movedTo, reason: recovery.reason }, 'store: scpm.db was corrupt; moved aside, and a fresh store created (the city\'s retained state refills it)');
  const metrics = new Metrics();
  const bus = new Bus(log.child({ bridge: 'bus' }));
  metrics.register(bus.errors);
  const heap = startHeapTuning(log.child({ bridge: 'heap' }), metrics);
  const maintenance = startMaintenance(store, log.child({ bridge: 'store' }), metrics, config.store.maxSizeMb);
  const ingestor = new Ingestor(store, bus, metrics, log.child({ bridge: 'ingest' }), {
    topicRoot: config.upstream.topicRoot,
    officeId: config.office.id,
    maxPayloadBytes: config.upstream.maxPayloadBytes,
    groupCommitMs: config.store.groupCommitMs,
    maxFutureSkewMs: config.upstream.maxFutureSkewSeconds * 1000,
  });
  const lastLink = store.lastLinkEvent();
  let link = { up: false, since: lastLink && !lastLink.up ? lastLink.at : Date.now() };
  bus.on('link', (e) => (link = { up: e.up, since: e.at }));
  // One desk for every order (the API's and the screens'): one rate limit per principal.
  const orderDesk = new OrderDesk({ store, bus, metrics, perPrincipalPerMinute: config.orders.perPrincipalPerMinute, timeZone: config.office.timezone });
  const { catalog, actions } = createScreenServices({ store, bus, config, log: log.child({ bridge: 'actions' }), link: () => link, orderDesk });
  const processes = createProcessSupervisor({ log: log.child({ bridge: 'process' }) });
  registerProcessMetrics(processes, metrics);
  const host = new BridgeHost(BRIDGES, {
    log, metrics, bus, office: officeInfo(config), processes, actions, catalog,
    sections: config as unknown as Record<string, unknown>,
    services: hostServices(store, bus, ingestor, metrics),
  });

  const access: AccessConfig = {
    apiToken: config.auth.apiToken,
    deviceTokens: config.auth.deviceTokens,
    allowedHosts: defaultAllowedHosts(config.auth.allowedHosts, config.http.host),
  };
  const heartbeats = new ScreenHeartbeats({ maxScreens: 64 });
  const build = buildId();
  const display = createDisplay({ config, store, bus, metrics, logger: log.child({ bridge: 'display' }), access, actions, catalog, link: () => link, buildId: build });
  const setup = createSetupRoutes({
    src: createSetupSource({ host, store, metrics, config, ring, orderDesk, actions, checkpoints: () => maintenance.checkpoints(), buildId: build, version: gatewayVersion(), startedAt }),
    access, bus, lang: config.office.language, buildId: build,
  });
  const app = createApp({
    store, bus, metrics, access, display: display.app, setup: setup.app, logger: log.child({ bridge: 'http' }), actions, viewPath, orderDesk,
    bridgeRouter: (name) => host.router(name),
    kiosk: createKioskApi({ heartbeats, access, knows: (s) => actions.knows(s) }),
    maxBodyBytes: config.http.maxBodyBytes,
    health: {
      phase: () => phase, bridges: () => host.health(), screens: () => heartbeats.snapshot(Date.now()),
      warnings: () => [
        ingestor.futureTs.warning(),
        recovery ? recoveryWarning(recovery) : null,
        store.corruptionReported ? 'store: SQLite reported corruption while running; restart the service to check the database (a corrupt one is moved aside)' : null,
      ].filter((w): w is string => w !== null),
    },
  });
  const gate = firstPageGate(app.fetch);

  const servers: Awaited<ReturnType<typeof listen>>[] = [];
  for (const [fetch, bindHost, port, key, websocket] of [
    [gate.fetch, config.http.host, config.http.port, 'http.port / SCPM_HTTP_PORT', true],
    ...(config.display.publicPort > 0 ? [[display.publicApp.fetch, config.display.publicHost, config.display.publicPort, 'display.publicPort / SCPM_PUBLIC_PORT', false] as const] : []),
  ] as const) {
    try {
      servers.push(await listen(fetch, bindHost, port, config.http, { websocket }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      log.fatal({ code, host: bindHost, port }, code === 'EADDRINUSE' ? `cannot listen on ${bindHost}:${port}: the port is in use (another gateway running?); set ${key}` : `cannot listen on ${bindHost}:${port} (${code}: ${(err as Error).message}); set ${key}`);
      closeServers(servers);
      store.close();
      process.exit(EXIT.listen);
    }
  }
  log.info({ url: `http://${config.http.host}:${config.http.port}/`, office: config.office.id, demo: config.demo.active, bridges: host.names() }, 'display and API listening');
  notifier.ready(`listening on ${config.http.host}:${config.http.port}`);

  const stopped = onShutdownSignals(log, async () => {
    phase = 'stopping';
    notifier.stopping();
    display.close();
    setup.close();
    actions.close();
    closeServers(servers);
    await host.stopAll(1500);
    await processes.stopAll(1000);
    ingestor.close();
    maintenance.stop();
    heap.stop();
    store.close();
  });

  await gate.waitForFirstPage();
  if (stopped()) return;
  await host.startAll();
  phase = 'running';
  log.info({ bridges: Object.fromEntries(Object.entries(host.health()).map(([k, v]) => [k, v.state])) }, 'gateway running');
}

await main();
