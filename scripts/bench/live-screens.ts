// Ours with 20 screens open (the probe and 19 SSE readers over office and
// public views), against the single-screen rounds; then the QoS 0 ingest rate
// without and with those screens, on the same gateway.
import { startGateway, type Gateway } from '../rig/gateway.js';
import { sleep } from '../rig/wait.js';
import { openProbe } from './probe.js';
import { latencyRun, warmUp, type LatencyStats } from './latency.js';
import { CpuSampler } from './machine.js';
import { startSseClients } from './sse-clients.js';
import { gatewayIngestRate } from './gateway-load.js';
import { OUR_FIGURE, OUR_PAGE, warmUpFeed, type LiveRig } from './live-rig.js';
import { printIngestWithScreens, printTwentyScreens, type IngestRun } from './live-report.js';
import type { RoundResult } from './live-round.js';

/**
 * The extra screens: the office's wall view, and public views of five pages in both languages (the bench's office is
 * English; citizens read the mirror in Korean under /public/ko).
 */
const EXTRA_SCREENS = [
  ...Array.from({ length: 6 }, () => '/events'),
  ...Array.from({ length: 2 }, () => '/public/events?path=%2Furban'),
  ...Array.from({ length: 2 }, () => '/public/ko/events?path=%2Furban'),
  ...Array.from({ length: 2 }, () => '/public/events?path=%2F'),
  '/public/ko/events?path=%2F',
  ...Array.from({ length: 2 }, () => '/public/events?path=%2Fdistrict%2F11230'),
  '/public/ko/events?path=%2Fdistrict%2F11230',
  '/public/events?path=%2Fadmin',
  '/public/events?path=%2Fopinion',
  '/public/ko/events?path=%2Fopinion',
];
/** Distinct views among the screens (the probe's is the office's): what the gateway draws once per commit each. */
const SCREEN_VIEWS = new Set(EXTRA_SCREENS).size;

/** One round with the screens open: 10/s single updates, then the 200/s burst. */
export interface ScreensRound { single20: LatencyStats; burst20: LatencyStats }

export interface TwentyScreens { gw: Gateway; rounds: ScreensRound[]; connected: number }

/**
 * Latency on the probe while 19 other screens are open, in as many rounds as the single-screen runs had (`ours`), so
 * that a median of rounds is set against a median of rounds; printed against those.
 */
export async function runTwentyScreens(rig: LiveRig, ours: RoundResult[]): Promise<TwentyScreens> {
  const { ctx, client, nextValues, singleSeconds, burstSeconds, justStartedSeconds } = rig;
  const gw = await startGateway({ env: rig.env, dataDir: rig.dataDir, httpPort: rig.httpPort });
  ctx.track('gateway (live, 20 screens)', () => gw.stop());
  await gw.waitConnected();
  const probe = await openProbe(rig.browser, OUR_FIGURE);
  await probe.page.goto(`${gw.baseUrl}${OUR_PAGE}`, { waitUntil: 'load' });
  await probe.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
  const extra = startSseClients({ urls: EXTRA_SCREENS.map((p) => `${gw.baseUrl}${p}`) });
  ctx.track('sse clients', () => extra.stop());
  await sleep(1500);
  const screens = await extra.report();
  const warm = nextValues(1);
  await warmUp(client, probe, warm.valueBase, warm.tsBase);
  // Warmed as the single-screen rounds were, once: 10/s, then the unmeasured burst.
  await latencyRun(client, probe, { rate: 10, seconds: justStartedSeconds, ...nextValues(10 * justStartedSeconds) });
  await warmUpFeed(rig, probe);
  const rounds: ScreensRound[] = [];
  for (let i = 0; i < Math.max(1, ours.length); i++) {
    const single20 = await latencyRun(client, probe, { rate: 10, seconds: singleSeconds, ...nextValues(10 * singleSeconds) });
    await sleep(500);
    const burst20 = await latencyRun(client, probe, { rate: 200, seconds: burstSeconds, ...nextValues(200 * burstSeconds) });
    await sleep(500);
    rounds.push({ single20, burst20 });
  }
  const after = await extra.report();
  await probe.close();
  printTwentyScreens(ours, { rounds, connected: screens.connected, views: SCREEN_VIEWS, errors: after.errors, bytes: after.bytes });
  await extra.stop();
  return { gw, rounds, connected: screens.connected };
}

/**
 * Pairs of QoS 0 ingest runs on `gw`, without and with 20 screens open, the order alternating from pair to pair. A
 * flood's rate on this kind of machine moves by ±10 % from run to run (the VM, not the gateway), so one pair cannot
 * tell a few per cent; the report takes the median of the pairs' ratios, and sets the gateway's CPU per message
 * beside it (what the screens cost, whatever the machine's pace).
 */
export const INGEST_PAIRS = 4;
export async function runIngestWithScreens(rig: LiveRig, gw: Gateway): Promise<IngestRun[]> {
  const { ctx } = rig;
  await sleep(1000);
  const n = ctx.options.qos0;
  const loadBase = Date.now() - 3 * 3_600_000;
  const ingest: IngestRun[] = [];
  let seq = 0;
  for (let pair = 0; pair < INGEST_PAIRS; pair++) {
    for (const screensOpen of pair % 2 === 0 ? [false, true] : [true, false]) {
      const sse = screensOpen ? startSseClients({ urls: [...EXTRA_SCREENS, '/events'].map((p) => `${gw.baseUrl}${p}`) }) : null;
      if (sse) {
        ctx.track('sse clients (ingest)', () => sse.stop());
        await sleep(1500);
      }
      const cpu = new CpuSampler(gw.pid);
      cpu.start();
      const r = await gatewayIngestRate(gw, rig.broker.url, n, 0, seq, loadBase);
      cpu.stop();
      // Read over the flood alone (its first and last message), not the publisher's start or the wait after.
      const flood = cpu.window(r.firstMs, r.lastMs);
      seq += n;
      const rep = sse ? await sse.report() : null;
      if (sse) await sse.stop();
      ingest.push({ screens: screensOpen, rate: r.rate, received: r.received, pushed: rep?.bytes ?? 0, gatewayCpuUs: flood.procMs * 1000 / (r.rate * flood.ms / 1000), mainOnCore: flood.mainOnCore, mainWaiting: flood.mainWaiting });
      if (rep && rep.connected < 20) console.log(`live: only ${rep.connected} of 20 screens connected for the ingest run`);
      await sleep(1000);
    }
  }
  printIngestWithScreens(ingest, n);
  return ingest;
}
