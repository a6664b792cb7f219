// One round of the live section for one target: started fresh (spawn → the
// page answers → first paint), idle, single updates (10/s) just after the
// start, a warm-up, then single updates (10/s) and a burst (200/s) on the
// warmed target, stopped. Rounds alternate the order of the targets.
import type { Page } from 'playwright-core';
import { rssBytes } from '../rig/process.js';
import { sleep } from '../rig/wait.js';
import { firstContentfulPaint, openProbe, type LoadBytes, type Probe } from './probe.js';
import { latencyRun, warmUp, type LatencyStats } from './latency.js';
import { processCpuSeconds } from './machine.js';
import { NODE_RED_FIGURE } from './peer-node-red.js';
import { OUR_FIGURE, startOurs, startPeer, warmUpFeed, type LiveRig, type Pauses, type Running } from './live-rig.js';
import { fmtWholeMs } from './report.js';

export type TargetName = 'ours' | 'node-red';

export interface RoundResult {
  target: TargetName;
  /** Ours: the gateway's heap compactions and WAL checkpoints during the latency runs (each can hold the event loop). */
  pauses: string;
  spawnToListenMs: number; spawnToFcpMs: number;
  load: LoadBytes;
  rssIdle: number; rssAfterBurst: number; cpuBurstPct: number;
  /** 10/s in the first seconds after the start: the runtime still compiling the message path. */
  justStarted: LatencyStats;
  /** 10/s and 200/s after the warm-up: what a wall on a gateway that has run for a while sees. */
  single: LatencyStats; burst: LatencyStats;
}

const ROUNDS = 3;

/** Three rounds of every target (ours, and the peer when installed), the order alternating; a failed round is reported and left out. */
export async function runRounds(rig: LiveRig): Promise<Record<TargetName, RoundResult[]>> {
  const results: Record<TargetName, RoundResult[]> = { ours: [], 'node-red': [] };
  const targets: TargetName[] = rig.install ? ['ours', 'node-red'] : ['ours'];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      try {
        results[t].push(await oneRound(rig, t));
      } catch (err) {
        console.error(`live: round ${r + 1}, ${t}: ${(err as Error).message}`);
      }
    }
  }
  return results;
}

async function oneRound(rig: LiveRig, target: TargetName): Promise<RoundResult> {
  const probe = await openProbe(rig.browser, target === 'ours' ? OUR_FIGURE : NODE_RED_FIGURE);
  try {
    await sleep(1000); // Chromium's own start-up is not timed
    const t0 = Date.now();
    const running = await (target === 'ours' ? startOurs(rig) : startPeer(rig));
    try {
      const listen = await untilPageAnswers(running, t0);
      await untilPageLoads(probe.page, running, target, t0);
      const paint = await firstContentfulPaint(probe.page, 10_000);
      const { pauses, ...measured } = await measureLoad(rig, probe, running, target);
      return { target, pauses, spawnToListenMs: listen, spawnToFcpMs: paint.origin + paint.fcp - t0, ...measured };
    } finally {
      await running.stop();
    }
  } finally {
    await probe.close();
  }
}

/** Since `t0`, when the page itself answered (not a health check, which waits for the city link); NaN after 60 s. The same for both. */
async function untilPageAnswers(running: Running, t0: number): Promise<number> {
  while (Date.now() - t0 < 60_000) {
    const ok = await fetch(running.pageUrl).then((r) => r.status < 500, () => false);
    if (ok) return Date.now() - t0;
    await sleep(10);
  }
  return NaN;
}

async function untilPageLoads(page: Page, running: Running, target: TargetName, t0: number): Promise<void> {
  for (;;) {
    const r = await page.goto(running.pageUrl, { waitUntil: 'load', timeout: 10_000 }).catch(() => null);
    if (r?.status() === 200) return;
    if (Date.now() - t0 > 60_000) throw new Error(`${target}: ${running.pageUrl} did not load within 60 s`);
    await sleep(25);
  }
}

/** Idle, single updates just after the start, the warm-up, single updates and the burst on a loaded page: everything of a round but the start-up times. */
async function measureLoad(rig: LiveRig, probe: Probe, running: Running, target: TargetName): Promise<Omit<RoundResult, 'target' | 'spawnToListenMs' | 'spawnToFcpMs'>> {
  const { client, nextValues, singleSeconds, burstSeconds, justStartedSeconds } = rig;
  const first = nextValues(1);
  if (!(await warmUp(client, probe, first.valueBase, first.tsBase))) throw new Error(`${target}: the figure never showed a published value`);
  await sleep(2000);
  const load = probe.loadBytes();
  const rssIdle = await rssBytes(running.pid);
  const justStarted = await latencyRun(client, probe, { rate: 10, seconds: justStartedSeconds, ...nextValues(10 * justStartedSeconds) });
  await warmUpFeed(rig, probe);
  const p0 = await running.pauses?.();
  const single = await latencyRun(client, probe, { rate: 10, seconds: singleSeconds, ...nextValues(10 * singleSeconds) });
  await sleep(500);
  const cpu0 = processCpuSeconds(running.pid);
  const tB = Date.now();
  const burst = await latencyRun(client, probe, { rate: 200, seconds: burstSeconds, ...nextValues(200 * burstSeconds) });
  const cpuBurstPct = (processCpuSeconds(running.pid) - cpu0) / ((Date.now() - tB) / 1000) * 100;
  const rssAfterBurst = await rssBytes(running.pid);
  const p1 = await running.pauses?.();
  const pauses = p0 && p1 ? describePauses(p0, p1) : '';
  return { pauses, load, rssIdle, rssAfterBurst, cpuBurstPct, justStarted, single, burst };
}

function describePauses(p0: Pauses, p1: Pauses): string {
  const took = (n: number, ms: number) => (n > 0 ? ` (the last took ${fmtWholeMs(ms)} on the event loop)` : '');
  const compactions = p1.compactions - p0.compactions;
  const checkpoints = p1.checkpoints - p0.checkpoints;
  return `${compactions} compactions${took(compactions, p1.compactionMs)}, ${checkpoints} WAL checkpoints${took(checkpoints, p1.checkpointMs)}`;
}
