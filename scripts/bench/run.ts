// `npm run bench`: throughput and memory of the gateway on this machine,
// against a real mosquitto. Sections run in order; append a Section to
// SECTIONS to measure something else (each section starts and stops what it
// needs through ctx.track). Options: --qos0 N --qos1 N --idle SECONDS --json FILE --quick
// --peer node-red|none (the live section's peer; by default Node-RED when it can be installed)
import { writeFileSync } from 'node:fs';
import { startMosquitto } from '../rig/mosquitto.js';
import { startGateway, type Gateway } from '../rig/gateway.js';
import { childPids, rssBytes } from '../rig/process.js';
import { sleep } from '../rig/wait.js';
import { removeDir } from '../rig/tmp.js';
import { describeMachine, type Machine } from './machine.js';
import { rawSubscriberRate, type RateResult } from './mosquitto-load.js';
import { gatewayIngestRate } from './gateway-load.js';
import { DRAIN_BROKER_EXTRA, gatewayDrainRate, rawDrainRate } from './drain.js';
import { mib } from './rss.js';
import { fmtMs, fmtRate, printMachine, printTable } from './report.js';
import { display } from './display.js';
import { cameras } from './cameras.js';
import { gestures } from './gestures.js';
import { voice } from './voice.js';
import { voiceAccuracy } from './voice-accuracy.js';
import { live } from './live.js';
import type { BenchContext, BenchOptions, Section } from './section.js';

function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = { qos0: 100_000, qos1: 30_000, idleSeconds: 10, json: null, peer: 'node-red', only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--qos0') o.qos0 = Number(next());
    else if (a === '--qos1') o.qos1 = Number(next());
    else if (a === '--idle') o.idleSeconds = Number(next());
    else if (a === '--json') o.json = next();
    else if (a === '--quick') Object.assign(o, { qos0: 20_000, qos1: 5_000, idleSeconds: 3 });
    else if (a === '--peer') {
      const p = next();
      if (p !== 'node-red' && p !== 'none') throw new Error('--peer takes node-red or none');
      o.peer = p;
    } else if (a === '--only') o.only = next().split(',');
    else throw new Error(`unknown option ${a} (use --qos0 N --qos1 N --idle SECONDS --json FILE --quick --peer node-red|none --only SECTION,…)`);
  }
  return o;
}

const throughput: Section = {
  name: 'throughput',
  async run(ctx) {
    const { qos0, qos1 } = ctx.options;
    const broker = await startMosquitto({ maxQueuedMessages: 1_000_000, extra: DRAIN_BROKER_EXTRA });
    ctx.track('mosquitto', () => broker.dispose());
    const baseMs = Date.now() - 3 * 3_600_000;
    let seq = 0;
    const next = (n: number) => {
      const s = seq;
      seq += n;
      return s;
    };
    console.log(`throughput: ${qos0.toLocaleString('en-US')} QoS 0 and ${qos1.toLocaleString('en-US')} QoS 1 urban readings, publisher in a worker thread`);
    const raw0 = await rawSubscriberRate(broker.url, qos0, 0, next(qos0), baseMs);
    const raw1 = await rawSubscriberRate(broker.url, qos1, 1, next(qos1), baseMs);

    const env = { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'bench' };
    let gw = await startGateway({ env });
    const dataDir = gw.dataDir;
    ctx.track('gateway (upstream)', async () => {
      await gw.dispose();
      removeDir(dataDir);
    });
    await gw.waitConnected();
    await sleep(2000);
    const idleConnected = await rssBytes(gw.pid);
    const gw0 = await gatewayIngestRate(gw, broker.url, qos0, 0, next(qos0), baseMs);
    const gw1 = await gatewayIngestRate(gw, broker.url, qos1, 1, next(qos1), baseMs);
    // The same loads queued first and drained: receiver-bound on both sides.
    const drainRaw0 = await rawDrainRate(broker.url, qos0, 0, next(qos0), baseMs);
    const drainRaw1 = await rawDrainRate(broker.url, qos1, 1, next(qos1), baseMs);
    const d0 = await gatewayDrainRate(gw, env, qos0, 0, next(qos0), baseMs);
    gw = d0.gw;
    const d1 = await gatewayDrainRate(gw, env, qos1, 1, next(qos1), baseMs);
    gw = d1.gw;
    const stop = await gw.stop();

    const row = (r: RateResult, raw?: RateResult) => [
      r.label, r.n, r.received, fmtMs(r.ms), fmtRate(r.rate), raw ? `${((r.rate / raw.rate) * 100).toFixed(0)} %` : '100 %',
    ];
    printTable(`Receive rate (avg payload ${Math.round(raw0.avgBytes)} B; "of raw" = the gateway's rate / the bare subscriber's)`,
      ['run', 'sent', 'received', 'first→last', 'rate', 'of raw'],
      [row(raw0), row(gw0, raw0), row(raw1), row(gw1, raw1)]);
    printTable('Backlog drain (the load queued by mosquitto for an offline session, then drained: bound by the receiver, not the publisher)',
      ['run', 'queued', 'received', 'first→last', 'rate', 'of raw'],
      [row(drainRaw0), row(d0.result, drainRaw0), row(drainRaw1), row(d1.result, drainRaw1)]);
    printTable('Gateway memory (VmRSS)', ['when', 'RSS'], [
      ['connected, idle', mib(idleConnected)],
      ['QoS 0 load, peak', mib(gw0.rssPeakBytes)],
      ['QoS 1 load, peak', mib(gw1.rssPeakBytes)],
      ['after the load', mib(gw1.rssAfterBytes)],
      ['QoS 0 backlog drain, peak', mib(d0.result.rssPeakBytes)],
      ['QoS 1 backlog drain, peak', mib(d1.result.rssPeakBytes)],
    ]);
    console.log(`gateway SIGTERM → exit: ${stop.ms} ms, code ${stop.code}${stop.forced ? ' (needed SIGKILL)' : ''}\n`);
    ctx.results.throughput = { raw0, raw1, gateway0: gw0, gateway1: gw1, drainRaw0, drainRaw1, drainGateway0: d0.result, drainGateway1: d1.result, idleConnectedRss: idleConnected, stopMs: stop.ms, stopCode: stop.code };
  },
};

const demoIdle: Section = {
  name: 'demo-idle',
  async run(ctx) {
    const gw: Gateway = await startGateway({ env: {} });
    ctx.track('gateway (demo)', () => gw.dispose());
    const health = await gw.waitHealthy();
    await sleep(ctx.options.idleSeconds * 1000);
    const own = await rssBytes(gw.pid);
    const children = await childPids(gw.pid);
    const childRss = await Promise.all(children.map(async (pid) => ({ pid, rss: await rssBytes(pid).catch(() => 0) })));
    const bridges = Object.entries((await gw.health()).body.bridges ?? {}).map(([k, v]) => `${k}:${v.state}`).join(' ');
    printTable(`Demo mode, idle ${ctx.options.idleSeconds} s (embedded broker in-process, simulator as a child)`, ['process', 'RSS'], [
      ['gateway', mib(own)],
      ...childRss.map((c) => [`child ${c.pid}`, mib(c.rss)]),
    ]);
    console.log(`health at start: ${health.status}; bridges now: ${bridges}\n`);
    await gw.stop();
    ctx.results.demoIdle = { gatewayRss: own, children: childRss, bridges };
  },
};

/** Append new sections here. */
const SECTIONS: Section[] = [throughput, demoIdle, display, live, gestures, cameras, voice, voiceAccuracy];

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const machine: Machine = describeMachine();
  printMachine(machine);
  const stops: { what: string; stop: () => Promise<unknown> }[] = [];
  const ctx: BenchContext = { options, results: { machine, options }, track: (what, stop) => stops.push({ what, stop }) };
  const started = Date.now();
  let failed = false;
  const onSignal = () => {
    failed = true;
    void Promise.allSettled(stops.reverse().map((s) => s.stop())).then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const section of SECTIONS.filter((s) => !options.only || options.only.includes(s.name))) {
      const t = Date.now();
      try {
        await section.run(ctx);
      } catch (err) {
        failed = true;
        console.error(`section ${section.name} failed: ${(err as Error).stack ?? String(err)}`);
      } finally {
        for (const s of stops.splice(0).reverse()) {
          await s.stop().catch((err: Error) => console.error(`stopping ${s.what}: ${err.message}`));
        }
      }
      ctx.results[`${section.name}Seconds`] = (Date.now() - t) / 1000;
    }
  } finally {
    console.log(`bench done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (options.json) writeFileSync(options.json, JSON.stringify(ctx.results, null, 2) + '\n');
  }
  process.exit(failed ? 1 : 0);
}

await main();
