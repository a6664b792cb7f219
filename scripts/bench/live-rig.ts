// What every part of the live section shares: one mosquitto, the peer (when
// installed), our data dir seeded once, one publisher, one Chromium, and the
// sequence of published values (every value unique in a run, so the probe can
// tell them apart).
import mqtt, { type MqttClient } from 'mqtt';
import { chromium, type Browser } from 'playwright-core';
import { startMosquitto, type Mosquitto } from '../rig/mosquitto.js';
import { startGateway, type Gateway } from '../rig/gateway.js';
import { freePort } from '../rig/ports.js';
import { metricValue } from '../rig/http.js';
import { removeDir, tempDir } from '../rig/tmp.js';
import { sleep, waitFor } from '../rig/wait.js';
import { seedMessages } from './display.js';
import { CHROMIUM_ARGS, type Probe } from './probe.js';
import { TOPIC, latencyRun } from './latency.js';
import { ensureNodeRed, nodeRedUserDir, spawnNodeRed, type NodeRedInstall } from './peer-node-red.js';
import type { BenchContext } from './section.js';

export const OUR_FIGURE = '#p-map [data-key="urban:pm25:11230"]';
export const OUR_PAGE = '/urban';

/** The next published values: `n` consecutive values and timestamps, never used before in this run. */
export type NextValues = (n: number) => { valueBase: number; tsBase: number };

export interface LiveRig {
  ctx: BenchContext;
  broker: Mosquitto;
  install: NodeRedInstall | null;
  nrUser: { dir: string; dispose(): void } | null;
  env: Record<string, string>;
  dataDir: string;
  httpPort: number;
  client: MqttClient;
  browser: Browser;
  nextValues: NextValues;
  /** 10/s just after the start (the runtime cold), measured; the first part of the warm-up. */
  justStartedSeconds: number;
  /** Then 200/s, not measured: the message path compiled as on a gateway that has run for a while. */
  warmBurstSeconds: number;
  singleSeconds: number;
  burstSeconds: number;
}

/** A target started fresh for one round. */
export interface Running { pid: number; pageUrl: string; pauses?(): Promise<Pauses>; stop(): Promise<void> }

/** Ours: heap compactions and WAL checkpoints so far, and how long the last of each held the event loop. */
export interface Pauses { compactions: number; compactionMs: number; checkpoints: number; checkpointMs: number }

export async function startLiveRig(ctx: BenchContext): Promise<LiveRig> {
  const quick = ctx.options.idleSeconds <= 3;
  const broker = await startMosquitto({ maxQueuedMessages: 1_000_000 });
  ctx.track('mosquitto (live)', () => broker.dispose());

  let install: NodeRedInstall | null = null;
  if (ctx.options.peer === 'none') console.log('live: peer left out (--peer none)');
  else install = await ensureNodeRed((l) => console.log(l));
  if (!install) console.log('live: no peer in this run: the side-by-side columns are left out; our own figures follow.');
  const nrUser = install ? nodeRedUserDir(broker.port, TOPIC) : null;
  if (nrUser) ctx.track('node-red user dir', async () => nrUser.dispose());

  // Our data dir, seeded once: every start shows stored data, as after a reboot.
  const env = { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'bench-live' };
  const dataDir = tempDir('gateway-live');
  ctx.track('gateway data (live)', async () => removeDir(dataDir));
  const httpPort = await freePort();
  const client: MqttClient = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 5000 });
  ctx.track('mqtt publisher (live)', () => client.endAsync());
  const baseMs = Date.now() - 2 * 3_600_000;
  await seedOurDataDir({ env, dataDir, httpPort }, client, baseMs);

  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  ctx.track('chromium (live)', () => browser.close());
  return {
    ctx, broker, install, nrUser, env, dataDir, httpPort, client, browser,
    nextValues: valueSequence(10_000, baseMs + 60_000),
    justStartedSeconds: quick ? 2 : 10,
    warmBurstSeconds: quick ? 2 : 10,
    singleSeconds: quick ? 3 : 20,
    burstSeconds: quick ? 2 : 5,
  };
}

async function seedOurDataDir(o: { env: Record<string, string>; dataDir: string; httpPort: number }, client: MqttClient, baseMs: number): Promise<void> {
  const gw = await startGateway(o);
  try {
    await gw.waitConnected();
    for (const m of seedMessages(baseMs)) await client.publishAsync(m.topic, m.payload, { qos: 1 });
    await waitFor(async () => (await (await fetch(`${gw.baseUrl}/urban`)).text()).includes('urban:pm25:11110'), { timeoutMs: 15_000, what: 'seeded data on /urban' });
  } finally {
    await gw.stop();
  }
}

/** Values and timestamps from the given starts, each call leaving a gap of 100 after the `n` it hands out. */
function valueSequence(valueStart: number, tsStart: number): NextValues {
  let valueBase = valueStart;
  let tsBase = tsStart;
  return (n) => {
    const v = valueBase;
    valueBase += n + 100;
    tsBase += n + 100;
    return { valueBase: v, tsBase: tsBase - n - 100 };
  };
}

/**
 * The warm-up's unmeasured part, the same for every target: 200/s for `warmBurstSeconds`, then 2 s of quiet. A
 * gateway runs for weeks; a fresh runtime spends its first minutes at 10/s compiling the message path on worker
 * threads, and on two cores those jobs delay values (docs/decisions/2026-11-29-live-path.md, 2026-11-30).
 */
export async function warmUpFeed(rig: LiveRig, probe: Probe): Promise<void> {
  await latencyRun(rig.client, probe, { rate: 200, seconds: rig.warmBurstSeconds, ...rig.nextValues(200 * rig.warmBurstSeconds) });
  await sleep(2000);
}

/** Ours, on the seeded data dir; its pauses are the heap compactions and WAL checkpoints so far. */
export async function startOurs(rig: LiveRig): Promise<Running> {
  const gw: Gateway = await startGateway({ env: rig.env, dataDir: rig.dataDir, httpPort: rig.httpPort });
  const metric = (name: string) => metricValue(gw.baseUrl, name).catch(() => NaN);
  const pauses = async (): Promise<Pauses> => ({
    compactions: await metric('scpm_heap_compactions'), compactionMs: await metric('scpm_heap_compaction_last_ms'),
    checkpoints: await metric('scpm_store_checkpoints'), checkpointMs: await metric('scpm_store_checkpoint_last_ms'),
  });
  return { pid: gw.pid, pageUrl: `${gw.baseUrl}${OUR_PAGE}`, pauses, stop: async () => { await gw.stop(); } };
}

export async function startPeer(rig: LiveRig): Promise<Running> {
  const nr = await spawnNodeRed(rig.install!, rig.nrUser!.dir);
  return { pid: nr.pid, pageUrl: nr.url, stop: nr.stop };
}
