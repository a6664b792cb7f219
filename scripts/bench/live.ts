// Bench section "live": the wall's figure against Node-RED Dashboard 2, side
// by side in one run. The same mosquitto, the same publisher and topic, the
// same Chromium probe (probe.ts) on our /urban (the pm25 figure of 11230 on
// its map) and on the peer's text widget (mqtt in → json → text). Three
// rounds, the order alternating; in each, the target is started fresh (spawn
// → first paint), idles, takes single updates (10/s) and a burst (200/s),
// and is stopped, so only one of them receives at a time. Then ours with 20
// screens open (the probe and 19 SSE readers over office and public views),
// and the QoS 0 ingest rate without and with those screens.
import mqtt, { type MqttClient } from 'mqtt';
import { chromium, type Browser } from 'playwright-core';
import { startMosquitto } from '../rig/mosquitto.js';
import { startGateway, type Gateway } from '../rig/gateway.js';
import { freePort } from '../rig/ports.js';
import { rssBytes } from '../rig/process.js';
import { removeDir, tempDir } from '../rig/tmp.js';
import { sleep, waitFor } from '../rig/wait.js';
import { mib } from './rss.js';
import { printTable, fmtRate } from './report.js';
import { seedMessages } from './display.js';
import { CHROMIUM_ARGS, openProbe, type LoadBytes } from './probe.js';
import { cpuSeconds, latencyRun, TOPIC, warmUp, type LatencyStats } from './latency.js';
import { ensureNodeRed, NODE_RED_FIGURE, nodeRedUserDir, spawnNodeRed, type NodeRedInstall } from './peer-node-red.js';
import { startSseClients } from './sse-clients.js';
import { gatewayIngestRate } from './gateway-load.js';
import { metricValue } from '../rig/http.js';
import { loadavg } from 'node:os';
import type { BenchContext, Section } from './run.js';

const OUR_FIGURE = '#p-map [data-key="urban:pm25:11230"]';
const OUR_PAGE = '/urban';
/** The extra screens: office (the wall's screen) and public views of five pages. */
const EXTRA_SCREENS = [
  ...Array.from({ length: 6 }, () => '/events'),
  ...Array.from({ length: 4 }, () => '/public/events?path=%2Furban'),
  ...Array.from({ length: 3 }, () => '/public/events?path=%2F'),
  ...Array.from({ length: 3 }, () => '/public/events?path=%2Fdistrict%2F11230'),
  '/public/events?path=%2Fadmin',
  ...Array.from({ length: 2 }, () => '/public/events?path=%2Fopinion'),
];

type TargetName = 'ours' | 'node-red';

interface RoundResult {
  target: TargetName;
  /** Ours: the gateway's heap compactions and WAL checkpoints during the latency runs (each can hold the event loop). */
  pauses: string;
  spawnToListenMs: number; spawnToFcpMs: number;
  load: LoadBytes;
  rssIdle: number; rssAfterBurst: number; cpuBurstPct: number;
  single: LatencyStats; burst: LatencyStats;
}

interface Running { pid: number; pageUrl: string; pauses?(): Promise<[number, number, number]>; stop(): Promise<void> }

const ms = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;
const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

export async function liveRun(ctx: BenchContext): Promise<void> {
  console.log(`live: load average at start ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  const quick = ctx.options.idleSeconds <= 3;
  const singleSeconds = quick ? 3 : 10;
  const burstSeconds = quick ? 2 : 5;
  const rounds = 3;
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
  {
    const gw = await startGateway({ env, dataDir, httpPort });
    try {
      await gw.waitConnected();
      for (const m of seedMessages(baseMs)) await client.publishAsync(m.topic, m.payload, { qos: 1 });
      await waitFor(async () => (await (await fetch(`${gw.baseUrl}/urban`)).text()).includes('urban:pm25:11110'), { timeoutMs: 15_000, what: 'seeded data on /urban' });
    } finally {
      await gw.stop();
    }
  }

  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  ctx.track('chromium (live)', () => browser.close());

  let valueBase = 10_000;
  let tsBase = baseMs + 60_000;
  const nextValues = (n: number) => {
    const v = valueBase;
    valueBase += n + 100;
    tsBase += n + 100;
    return { valueBase: v, tsBase: tsBase - n - 100 };
  };

  const startOurs = async (): Promise<Running> => {
    const gw: Gateway = await startGateway({ env, dataDir, httpPort });
    const pauses = async (): Promise<[number, number, number]> => [
      await metricValue(gw.baseUrl, 'scpm_heap_compactions').catch(() => NaN), await metricValue(gw.baseUrl, 'scpm_store_checkpoints').catch(() => NaN),
      await metricValue(gw.baseUrl, 'scpm_store_checkpoint_last_ms').catch(() => NaN)];
    return { pid: gw.pid, pageUrl: `${gw.baseUrl}${OUR_PAGE}`, pauses, stop: async () => { await gw.stop(); } };
  };
  const startPeer = async (): Promise<Running> => {
    const nr = await spawnNodeRed(install!, nrUser!.dir);
    return { pid: nr.pid, pageUrl: nr.url, stop: nr.stop };
  };

  const oneRound = async (target: TargetName): Promise<RoundResult> => {
    const probe = await openProbe(browser, target === 'ours' ? OUR_FIGURE : NODE_RED_FIGURE);
    try {
      await sleep(1000); // Chromium's own start-up is not timed
      const t0 = Date.now();
      const running = await (target === 'ours' ? startOurs() : startPeer());
      try {
        let listen = NaN;
        while (Date.now() - t0 < 60_000) {
          // The same for both: the page itself answers (not a health check, which waits for the city link).
          const ok = await fetch(running.pageUrl).then((r) => r.status < 500, () => false);
          if (ok) { listen = Date.now() - t0; break; }
          await sleep(10);
        }
        for (;;) {
          const r = await probe.page.goto(running.pageUrl, { waitUntil: 'load', timeout: 10_000 }).catch(() => null);
          if (r?.status() === 200) break;
          if (Date.now() - t0 > 60_000) throw new Error(`${target}: ${running.pageUrl} did not load within 60 s`);
          await sleep(25);
        }
        const paint = await probe.page.evaluate(() => new Promise<{ origin: number; fcp: number }>((resolve) => {
          const done = (fcp: number) => resolve({ origin: performance.timeOrigin, fcp });
          const now = performance.getEntriesByName('first-contentful-paint')[0];
          if (now) return done(now.startTime);
          new PerformanceObserver((list) => {
            const e = list.getEntriesByName('first-contentful-paint')[0];
            if (e) done(e.startTime);
          }).observe({ type: 'paint', buffered: true });
          setTimeout(() => done(NaN), 10_000);
        }));
        const warm = nextValues(1);
        if (!(await warmUp(client, probe, warm.valueBase, warm.tsBase))) throw new Error(`${target}: the figure never showed a published value`);
        await sleep(2000);
        const load = probe.loadBytes();
        const rssIdle = await rssBytes(running.pid);
        const p0 = await running.pauses?.();
        const single = await latencyRun(client, probe, { rate: 10, seconds: singleSeconds, ...nextValues(10 * singleSeconds) });
        await sleep(500);
        const cpu0 = await cpuSeconds(running.pid);
        const tB = Date.now();
        const burst = await latencyRun(client, probe, { rate: 200, seconds: burstSeconds, ...nextValues(200 * burstSeconds) });
        const cpuBurstPct = ((await cpuSeconds(running.pid)) - cpu0) / ((Date.now() - tB) / 1000) * 100;
        const rssAfterBurst = await rssBytes(running.pid);
        const p1 = await running.pauses?.();
        const pauses = p0 && p1 ? `${p1[0] - p0[0]} compactions, ${p1[1] - p0[1]} WAL checkpoints${p1[1] > p0[1] ? ` (the last took ${ms(p1[2])} on the event loop)` : ''}` : '';
        return { target, pauses, spawnToListenMs: listen, spawnToFcpMs: paint.origin + paint.fcp - t0, load, rssIdle, rssAfterBurst, cpuBurstPct, single, burst };
      } finally {
        await running.stop();
      }
    } finally {
      await probe.close();
    }
  };

  const results: Record<TargetName, RoundResult[]> = { ours: [], 'node-red': [] };
  const targets: TargetName[] = install ? ['ours', 'node-red'] : ['ours'];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      try {
        results[t].push(await oneRound(t));
      } catch (err) {
        console.error(`live: round ${r + 1}, ${t}: ${(err as Error).message}`);
      }
    }
  }
  printSideBySide(results, { singleSeconds, burstSeconds, peer: install?.versions ?? null });
  console.log(`load average now: ${loadavg().map((x) => x.toFixed(2)).join(', ')} (2 cores; figures above ~1 mean other work shared the machine)\n`);

  // ---- ours with 20 screens, and the ingest rate with them ----
  const gw = await startGateway({ env, dataDir, httpPort });
  ctx.track('gateway (live, 20 screens)', () => gw.stop());
  await gw.waitConnected();
  const probe = await openProbe(browser, OUR_FIGURE);
  await probe.page.goto(`${gw.baseUrl}${OUR_PAGE}`, { waitUntil: 'load' });
  await probe.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
  const extra = startSseClients({ urls: EXTRA_SCREENS.map((p) => `${gw.baseUrl}${p}`) });
  ctx.track('sse clients', () => extra.stop());
  await sleep(1500);
  const screens = await extra.report();
  const warm = nextValues(1);
  await warmUp(client, probe, warm.valueBase, warm.tsBase);
  const single20 = await latencyRun(client, probe, { rate: 10, seconds: singleSeconds, ...nextValues(10 * singleSeconds) });
  await sleep(500);
  const burst20 = await latencyRun(client, probe, { rate: 200, seconds: burstSeconds, ...nextValues(200 * burstSeconds) });
  const after = await extra.report();
  await probe.close();
  const one = results.ours;
  const cmp = (label: string, pick: (s: LatencyStats) => number, s20: LatencyStats) => {
    const base = median(one.map((r) => pick(label.startsWith('10/s') ? r.single : r.burst)));
    const v = pick(s20);
    return [label, ms(base), ms(v), Number.isFinite(base) && base > 0 ? `${(v / base).toFixed(2)}×` : 'n/a', v <= 2 * Math.max(base, 1) ? 'yes' : 'NO'];
  };
  printTable(`Ours with 20 screens open (the probe + ${screens.connected} SSE readers over 6 views, office and public; one office language): against the single-screen median`,
    ['figure', '1 screen', '20 screens', 'ratio', '≤ 2×'], [
      cmp('10/s publish → DOM p50', (s) => s.p50, single20),
      cmp('10/s publish → DOM p99', (s) => s.p99, single20),
      cmp('200/s shown-or-newer p99', (s) => s.covP99, burst20),
      cmp('200/s last value → DOM', (s) => s.last, burst20),
    ]);
  console.log(`extra screens: ${screens.connected} connected, ${after.errors} errors, ${kib(after.bytes)} received during the runs (200/s: ${burst20.shown}/${burst20.sent} values shown on the probe)\n`);

  // QoS 0 ingest without and with the screens, on the same gateway, alternating twice (the first run of a pair warms up).
  await extra.stop();
  await sleep(1000);
  const n = ctx.options.qos0;
  const loadBase = Date.now() - 3 * 3_600_000;
  const ingest: { screens: boolean; rate: number; received: number; pushed: number }[] = [];
  let seq = 0;
  for (let pair = 0; pair < 2; pair++) {
    for (const screensOpen of [false, true]) {
      const sse = screensOpen ? startSseClients({ urls: [...EXTRA_SCREENS, '/events'].map((p) => `${gw.baseUrl}${p}`) }) : null;
      if (sse) {
        ctx.track('sse clients (ingest)', () => sse.stop());
        await sleep(1500);
      }
      const r = await gatewayIngestRate(gw, broker.url, n, 0, seq, loadBase);
      seq += n;
      const rep = sse ? await sse.report() : null;
      if (sse) await sse.stop();
      ingest.push({ screens: screensOpen, rate: r.rate, received: r.received, pushed: rep?.bytes ?? 0 });
      if (rep && rep.connected < 20) console.log(`live: only ${rep.connected} of 20 screens connected for the ingest run`);
      await sleep(1000);
    }
  }
  const rates = (open: boolean) => ingest.filter((r) => r.screens === open).map((r) => r.rate);
  printTable(`QoS 0 ingest (${n.toLocaleString('en-US')} urban readings over 125 series, live publisher in a worker) without and with 20 screens open (office and public SSE), alternating`,
    ['run', 'received', 'rate', 'pushed to the screens'],
    ingest.map((r, i) => [`${i + 1}. ${r.screens ? '20 screens' : 'no screen'}`, r.received, fmtRate(r.rate), r.screens ? kib(r.pushed) : '']));
  const without = Math.max(...rates(false));
  const withScreens = Math.max(...rates(true));
  console.log(`best of each: no screen ${fmtRate(without)}, 20 screens ${fmtRate(withScreens)} (${((withScreens / without) * 100).toFixed(0)} %)\n`);
  ctx.results.live = { results, single20, burst20, screens: screens.connected, ingest };
}

function printSideBySide(results: Record<TargetName, RoundResult[]>, o: { singleSeconds: number; burstSeconds: number; peer: string | null }): void {
  const ours = results.ours;
  const nr = results['node-red'];
  const cols = (rs: RoundResult[], f: (r: RoundResult) => string) => rs.map(f).join(' / ') || 'n/a';
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}` : 'n/a');
  const row = (label: string, pick: (r: RoundResult) => number, fmt: (x: number) => string) =>
    [label, cols(ours, (r) => fmt(pick(r))), cols(nr, (r) => fmt(pick(r))), ratio(median(ours.map(pick)), median(nr.map(pick)))];
  const pct = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} %` : 'n/a');
  const count = (x: number) => String(x);
  printTable(`Live figure, side by side (same mosquitto, same Chromium probe; rounds alternate; ${o.singleSeconds} s at 10/s, ${o.burstSeconds} s at 200/s)\n` +
    `  peer: ${o.peer ?? 'none in this run'}; "ratio" = ours / the peer's, medians of the rounds`,
  ['figure', 'SCPM Edge (rounds)', 'Node-RED Dashboard 2, same run (rounds)', 'ratio'], [
    row('10/s publish → DOM p50', (r) => r.single.p50, ms),
    row('10/s publish → DOM p99', (r) => r.single.p99, ms),
    row('10/s browser share p50 (bytes in → frame)', (r) => r.single.browserP50, ms),
    row('10/s browser share p99', (r) => r.single.browserP99, ms),
    row('200/s values shown', (r) => r.burst.shown, count),
    row('200/s publish → DOM p50 (values shown)', (r) => r.burst.p50, ms),
    row('200/s publish → DOM p99 (values shown)', (r) => r.burst.p99, ms),
    row('200/s shown-or-newer p99', (r) => r.burst.covP99, ms),
    row('200/s last value → DOM', (r) => r.burst.last, ms),
    row('first load, as served (gzip)', (r) => r.load.served, kib),
    row('first load, identity (decoded)', (r) => r.load.decoded, kib),
    row('first-load requests', (r) => r.load.requests, count),
    row('spawn → the page answers over HTTP', (r) => r.spawnToListenMs, ms),
    row('spawn → first contentful paint', (r) => r.spawnToFcpMs, ms),
    row('RSS idle', (r) => r.rssIdle, mib),
    row('RSS after the burst', (r) => r.rssAfterBurst, mib),
    row('CPU during the burst (one core = 100 %)', (r) => r.cpuBurstPct, pct),
  ]);
  console.log(`during our latency runs, by round: ${ours.map((r) => r.pauses).join('; ')}`);
  const verdict = (label: string, ok: boolean | null, detail: string) => console.log(`  ${ok === null ? 'n/a ' : ok ? 'met ' : 'NOT '} ${label}: ${detail}`);
  console.log('Aims (issue #16):');
  const paired = ours.map((r, i) => [r, nr[i]] as const).filter(([, b]) => b !== undefined);
  verdict('single updates: our p99 ≤ the peer\'s in every round', paired.length ? paired.every(([a, b]) => a.single.p99 <= b!.single.p99) : null,
    paired.map(([a, b]) => `${ms(a.single.p99)} vs ${ms(b!.single.p99)}`).join(', ') || 'no peer');
  verdict('single updates: our p99 ≤ 10 ms (aim on a quiet machine)', ours.every((r) => r.single.p99 <= 10), ours.map((r) => ms(r.single.p99)).join(', '));
  verdict('200/s: our shown-or-newer p99 ≤ the peer\'s p99', paired.length ? paired.every(([a, b]) => a.burst.covP99 <= b!.burst.p99) : null,
    paired.map(([a, b]) => `${ms(a.burst.covP99)} vs ${ms(b!.burst.p99)}`).join(', ') || 'no peer');
  verdict('200/s: the last value on screen ≤ 17 ms after the last publish', ours.every((r) => r.burst.last <= 17), ours.map((r) => ms(r.burst.last)).join(', '));
  console.log('');
}

export const live: Section = { name: 'live', run: liveRun };
