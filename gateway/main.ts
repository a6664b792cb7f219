// The SCPM Edge daemon: config → store → bridges → HTTP. SIGTERM stops it
// within 5 s: stop accepting, stop bridges, flush the store, exit.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { ConfigError, configPath, loadConfig, type Config } from './config/load.js';
import { createLogger } from './logger.js';
import { Store } from './store/store.js';
import { Bus } from './bus.js';
import { Metrics } from './metrics.js';
import { Ingestor } from './ingest/ingestor.js';
import { IdleCheckpointer } from './store/idle-checkpoint.js';
import { HeapCompactor, compactingGc, loopUtilization, oldSpaceBytes, watchFullGcs } from './heap-compactor.js';
import { Supervisor } from './bridges/supervisor.js';
import { registerBridges } from './bridges/registry.js';
import { createApp } from './http/app.js';
import { defaultAllowedHosts, type AccessConfig } from './http/access.js';
import { createDisplay } from '../display/index.js';
import { buildId } from './build-id.js';
import './mqtt-packet-tuning.js';

/** Longest the bridges wait for the first page after the listener is up. */
const BRIDGES_AFTER_MS = 1500;
/** After the first page: time for the browser to fetch its CSS and scripts. */
const ASSETS_GRACE_MS = 200;

function readConfig(): Config {
  const file = configPath();
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.lines.join('\n')}\nscpm-edge: not starting: ${err.lines.length} configuration problem${err.lines.length === 1 ? '' : 's'} (check with: npm run check-config -- ${file})\n`);
      process.exit(2);
    }
    throw err;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logging.level);
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  const store = new Store(join(config.dataDir, 'scpm.db'), config.store);
  const bus = new Bus();
  const metrics = new Metrics();
  const checkpointer = new IdleCheckpointer(store, { quietMs: 500, minIntervalMs: 5_000, maxIntervalMs: 60_000 });
  const heapLog = log.child({ bridge: 'heap' });
  const fullGcs = watchFullGcs();
  const compactor = new HeapCompactor({ checkEveryMs: 1_000, maxUtilization: 0.3, minIntervalMs: 10 * 60_000, minFreeBytes: 4 * 2 ** 20 }, {
    utilization: loopUtilization(),
    oldSpaceBytes,
    freeAfterLastFullGc: fullGcs.freeAfterLastFullGc,
    compact: compactingGc(),
    onRun: (r) => heapLog.info({ ms: r.ms, freeMiB: +(r.freeBytes / 2 ** 20).toFixed(1), oldSpaceMiB: [r.beforeBytes, r.afterBytes].map((b) => +(b / 2 ** 20).toFixed(1)) }, 'heap compacted in quiet time (free after the last full GC; old space before, after)'),
  });
  if (!compactor.stats.available) heapLog.warn('this Node offers no way to compact the heap in quiet time; idle memory stays at what bursts left');
  const ingestor = new Ingestor(store, bus, metrics, log.child({ bridge: 'ingest' }), {
    topicRoot: config.upstream.topicRoot,
    officeId: config.office.id,
    maxPayloadBytes: config.upstream.maxPayloadBytes,
    groupCommitMs: config.store.groupCommitMs,
    maxFutureSkewMs: config.upstream.maxFutureSkewSeconds * 1000,
  });
  const supervisor = new Supervisor(log.child({ bridge: 'supervisor' }), metrics, bus);
  const { upstreamConnected } = registerBridges({ config, store, bus, metrics, ingestor, logger: log, runtime: {} }, supervisor);

  const access: AccessConfig = {
    apiToken: config.auth.apiToken,
    deviceTokens: config.auth.deviceTokens,
    allowedHosts: defaultAllowedHosts(config.auth.allowedHosts, config.http.host),
  };
  const lastLink = store.lastLinkEvent();
  let link = { up: false, since: lastLink && !lastLink.up ? lastLink.at : Date.now() };
  bus.on('link', (e) => (link = { up: e.up, since: e.at }));
  const display = createDisplay({ config, store, bus, metrics, logger: log.child({ bridge: 'display' }), access, link: () => link, buildId: buildId() });
  const app = createApp({
    store, bus, metrics, access, display: display.app, logger: log.child({ bridge: 'http' }),
    health: { phase: () => phase, bridges: () => supervisor.health(), upstreamConnected, warnings: () => [ingestor.futureTs.warning()].filter((w): w is string => w !== null) },
  });
  metrics.gauge('scpm_outbox_pending', 'Orders queued for the city, not yet acknowledged.', () => store.pendingOrderCount());
  metrics.gauge('scpm_upstream_connected', '1 while the city link is up.', () => (upstreamConnected() ? 1 : 0));
  metrics.gauge('scpm_store_size_bytes', 'Size of the SQLite database.', () => store.sizeBytes());
  metrics.gauge('scpm_store_checkpoints', 'WAL checkpoints run since start (in quiet time, or every minute under steady load).', () => checkpointer.stats.runs);
  metrics.gauge('scpm_store_checkpoint_last_ms', 'Duration of the last WAL checkpoint.', () => checkpointer.stats.lastMs);
  metrics.gauge('scpm_heap_compactions', 'Compacting garbage collections run in quiet time since start (when a full GC left the heap fragmented).', () => compactor.stats.runs);
  metrics.gauge('scpm_heap_compaction_last_ms', 'Duration of the last compacting garbage collection.', () => compactor.stats.lastMs);
  metrics.gauge('scpm_store_cap_bytes', 'Configured size cap of the database.', () => config.store.maxSizeMb * 1024 * 1024);
  metrics.gauge('scpm_process_resident_bytes', 'Resident memory of the gateway.', () => process.memoryUsage().rss);

  // Display first: a kiosk booting with the gateway gets its page before the
  // bridges load (~100 ms of module evaluation on the one thread, then the city
  // link). They start once the first page has been served and its assets
  // fetched, or BRIDGES_AFTER_MS after listening when nobody asks.
  let pageServed: () => void = () => undefined;
  const firstPage = new Promise<void>((resolve) => (pageServed = resolve));
  let waitingForPage = true;
  const fetchFirstPageAware: typeof app.fetch = async (req, ...rest) => {
    // `rest` carries node-server's bindings (the socket: loopback checks need it).
    const res = await app.fetch(req, ...rest);
    if (waitingForPage && req.method === 'GET' && res.headers.get('content-type')?.startsWith('text/html')) {
      waitingForPage = false;
      pageServed();
    }
    return res;
  };

  const servers: (ServerType | Server)[] = [];
  try {
    servers.push(await listen(fetchFirstPageAware, config.http.host, config.http.port));
    if (config.display.publicPort > 0) servers.push(await listen(display.publicApp.fetch, config.display.publicHost, config.display.publicPort));
  } catch (err) {
    log.fatal({ err: (err as Error).message, host: config.http.host, port: config.http.port }, 'cannot listen; is another gateway running? (set SCPM_HTTP_PORT)');
    store.close();
    process.exit(1);
  }
  log.info({ url: `http://${config.http.host}:${config.http.port}/`, office: config.office.id, demo: config.demo.active }, 'display and API listening');

  const maintenance = setInterval(() => {
    try {
      const deleted = store.maintain(Date.now());
      const h = store.health();
      if (h.overWarn) log.warn({ sizeMb: Math.round(h.sizeBytes / 1048576), capMb: config.store.maxSizeMb }, h.overCap ? 'database at its size cap: pruning raw readings harder' : 'database nearing its size cap: raise store.maxSizeMb or shorten retention');
      log.debug({ deleted }, 'store maintenance');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'store maintenance failed');
    }
  }, 60_000);
  maintenance.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    phase = 'stopping';
    log.info({ signal }, 'shutting down');
    // Hard deadline: whatever hangs, the process is gone within 5 s.
    setTimeout(() => {
      log.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, 4500).unref();
    clearInterval(maintenance);
    display.close();
    for (const s of servers) {
      s.close();
      (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    }
    await supervisor.stopAll(1500);
    ingestor.close();
    checkpointer.stop();
    compactor.stop();
    fullGcs.stop();
    store.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await Promise.race([sleep(BRIDGES_AFTER_MS), firstPage.then(() => sleep(ASSETS_GRACE_MS))]);
  waitingForPage = false;
  if (stopping) return;
  await supervisor.startAll();
  phase = 'running';
  log.info({ bridges: Object.fromEntries(Object.entries(supervisor.health()).map(([k, v]) => [k, v.state])) }, 'gateway running');
}



await main();
