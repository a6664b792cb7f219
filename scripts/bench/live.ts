// Bench section "live": the wall's figure against Node-RED Dashboard 2, side
// by side in one run. The same mosquitto, the same publisher and topic, the
// same Chromium probe (probe.ts) on our /urban (the pm25 figure of 11230 on
// its map) and on the peer's text widget (mqtt in → json → text). Three
// rounds, the order alternating; in each, the target is started fresh (spawn
// → first paint), idles, takes single updates (10/s) just after the start,
// a warm-up, then single updates (10/s) and a burst (200/s), and is stopped,
// so only one of them receives at a time (live-round.ts).
// Then ours with 20 screens open (the probe and 19 SSE readers over office and
// public views), and the QoS 0 ingest rate without and with those screens
// (live-screens.ts).
import { loadavg } from 'node:os';
import { startLiveRig } from './live-rig.js';
import { runRounds } from './live-round.js';
import { runIngestWithScreens, runTwentyScreens } from './live-screens.js';
import { printSideBySide } from './live-report.js';
import type { BenchContext, Section } from './section.js';

export async function liveRun(ctx: BenchContext): Promise<void> {
  console.log(`live: load average at start ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  const rig = await startLiveRig(ctx);
  const results = await runRounds(rig);
  const { justStartedSeconds, warmBurstSeconds, singleSeconds, burstSeconds } = rig;
  printSideBySide(results, { justStartedSeconds, warmBurstSeconds, singleSeconds, burstSeconds, peer: rig.install?.versions ?? null });
  console.log(`load average now: ${loadavg().map((x) => x.toFixed(2)).join(', ')} (2 cores; figures above ~1 mean other work shared the machine)\n`);

  const { gw, rounds: screens20, connected } = await runTwentyScreens(rig, results.ours);
  const ingest = await runIngestWithScreens(rig, gw);
  ctx.results.live = { results, screens20, screens: connected, ingest };
}

export const live: Section = { name: 'live', run: liveRun };
