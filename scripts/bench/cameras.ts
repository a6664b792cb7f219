// Bench section "cameras" (issue 21): the camera bridge in this process (the
// gateway's part), the GStreamer RTSP test server as the camera, Debian's
// ffmpeg as the ingest, Chromium as the wall.
//  - first frame, cold: ffmpeg not running; the camera already encoding (a
//    background RTSP client keeps its pipeline live, as a real camera is), so
//    the wait for the next keyframe of a 1 s GOP is included. From inserting
//    the <video data-camera> into the page to its first painted frame
//    (requestVideoFrameCallback).
//  - first frame, warm: the same while another viewer already watches.
//  - CPU per stream: 720p25 H.264 passthrough, one WebSocket viewer in a
//    separate process; this process (gateway side) + ffmpeg, from /proc stat
//    over a window; and with nobody watching.
// Run alone: node dist/scripts/bench/cameras.js [--quick]; or as a Section of run.ts.
import { processCpuSeconds } from './machine.js';
import { chromium } from 'playwright-core';
import { startRtspServer, type RtspServer } from '../rig/rtsp.js';
import { startCameraHarness, testDevice, type CameraHarness } from '../rig/camera-server.js';
import { cameraElementHtml } from '../../display/kit/camera-element.js';
import { REPO_ROOT } from '../rig/repo.js';
import { spawnTracked, stopTracked, type Tracked } from '../rig/process.js';
import { sleep, waitFor } from '../rig/wait.js';
import { printTable } from './report.js';
import type { BenchContext, Section } from './section.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** A WebSocket viewer in its own process, so its CPU is not counted as the gateway's. */
function viewerProcess(url: string): Tracked {
  const code = `import WebSocket from 'ws'; let n = 0; const ws = new WebSocket(${JSON.stringify(url)}); ws.on('message', () => { n++; }); setInterval(() => console.log('messages', n), 1000);`;
  return spawnTracked(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO_ROOT });
}

/** Keeps the camera's encoder running, as a real camera's is: ffmpeg reading the stream and discarding it. */
function cameraKeepAlive(url: string): Tracked {
  return spawnTracked('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url, '-c', 'copy', '-f', 'null', '-']);
}

export interface CameraBenchResult {
  coldMs: number[];
  warmMs: number[];
  cpu: { streams: number; seconds: number; gatewayCores: number; ffmpegCores: number; perStreamCores: number }[];
  idleGatewayCores: number;
  idleFfmpegProcesses: number;
}

type Track = (what: string, stop: () => Promise<unknown>) => void;

export async function benchCameras(o: { quick?: boolean; track?: Track } = {}): Promise<CameraBenchResult> {
  const runs = o.quick ? 3 : 7;
  const cpuWindowS = o.quick ? 5 : 20;
  const stops: (() => Promise<unknown>)[] = [];
  const track: Track = (what, stop) => (o.track ? o.track(what, stop) : stops.push(stop));
  try {
    const h = await startCameras(track);
    const { coldMs, warmMs } = await firstFrames(h, runs, track);
    const cpu = await cpuPerStream(h, cpuWindowS);
    return { coldMs, warmMs, ...cpu };
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  }
}

/** Two 720p25 H.264 cameras (1 s GOP), kept encoding, behind the camera bridge. */
async function startCameras(track: Track): Promise<CameraHarness> {
  const rtsp: RtspServer = await startRtspServer({
    mounts: [
      { path: 'a', codec: 'h264', width: 1280, height: 720, fps: 25, gop: 25, pattern: 'smpte' },
      { path: 'b', codec: 'h264', width: 1280, height: 720, fps: 25, gop: 25, pattern: 'pinwheel' },
    ],
  });
  track('rtsp server', () => rtsp.stop());
  const keepA = cameraKeepAlive(rtsp.url('a'));
  const keepB = cameraKeepAlive(rtsp.url('b'));
  track('camera keep-alive', () => Promise.all([stopTracked(keepA), stopTracked(keepB)]));
  const h: CameraHarness = await startCameraHarness({ maxStreams: 4, idleStopSeconds: 0, devices: [testDevice('a', rtsp.url('a')), testDevice('b', rtsp.url('b'))] });
  track('camera server', () => h.close());
  await sleep(1500);
  return h;
}

/** First painted frame in Chromium, cold (no ffmpeg running) then warm (another viewer watching), `runs` of each. */
async function firstFrames(h: CameraHarness, runs: number, track: Track): Promise<{ coldMs: number[]; warmMs: number[] }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  track('chromium', () => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${h.baseUrl}/page?ids=`);
  const html = cameraElementHtml({ id: 'a', label: 'bench' });
  const firstFrame = () => page.evaluate((markup) => new Promise<number>((resolve, reject) => {
    const main = document.querySelector('main')!;
    main.innerHTML = '';
    const t0 = performance.now();
    main.insertAdjacentHTML('beforeend', markup);
    const v = main.querySelector('video')!;
    v.requestVideoFrameCallback(() => resolve(performance.now() - t0));
    setTimeout(() => reject(new Error('no frame within 10 s')), 10_000);
  }), html);
  const clear = () => page.evaluate(() => { document.querySelector('main')!.innerHTML = ''; });
  const coldMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    await waitFor(() => h.pids().length === 0, { timeoutMs: 5000, what: 'ffmpeg stopped before a cold run' });
    await sleep(300 + Math.random() * 700); // land anywhere in the camera's GOP
    coldMs.push(await firstFrame());
    await clear();
  }
  const other = viewerProcess(h.wsUrl('a'));
  track('viewer', () => stopTracked(other));
  await waitFor(() => h.manager.get('a')?.state === 'live', { timeoutMs: 10_000, what: 'camera a live for the warm runs' });
  const warmMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    await sleep(300 + Math.random() * 700);
    warmMs.push(await firstFrame());
    await clear();
  }
  await stopTracked(other);
  await page.close();
  return { coldMs, warmMs };
}

/** CPU with nobody watching (over half a window), then with one and two streams watched (a window each). */
async function cpuPerStream(h: CameraHarness, cpuWindowS: number): Promise<Pick<CameraBenchResult, 'cpu' | 'idleGatewayCores' | 'idleFfmpegProcesses'>> {
  await waitFor(() => h.pids().length === 0, { timeoutMs: 5000, what: 'ffmpeg stopped when nobody watches' });
  const idle0 = processCpuSeconds('self');
  const idleT0 = Date.now();
  await sleep(cpuWindowS * 1000 / 2);
  const idleGatewayCores = (processCpuSeconds('self') - idle0) / ((Date.now() - idleT0) / 1000);
  const idleFfmpegProcesses = h.pids().length;

  const cpu: CameraBenchResult['cpu'] = [];
  for (const ids of [['a'], ['a', 'b']]) {
    const viewers = ids.map((id) => viewerProcess(h.wsUrl(id)));
    for (const id of ids) await waitFor(() => h.manager.get(id)?.state === 'live', { timeoutMs: 10_000, what: `camera ${id} live` });
    await sleep(2000);
    const pids = [...h.pids(), ...(await h.ffmpegPids())];
    const g0 = processCpuSeconds('self');
    const f0 = pids.map((p) => processCpuSeconds(p));
    const t0 = Date.now();
    await sleep(cpuWindowS * 1000);
    const seconds = (Date.now() - t0) / 1000;
    const gatewayCores = (processCpuSeconds('self') - g0) / seconds;
    const ffmpegCores = pids.map((p, i) => processCpuSeconds(p) - f0[i]!).reduce((a, b) => a + b, 0) / seconds;
    cpu.push({ streams: ids.length, seconds, gatewayCores, ffmpegCores, perStreamCores: (gatewayCores + ffmpegCores) / ids.length });
    for (const v of viewers) await stopTracked(v);
    await waitFor(() => h.pids().length === 0, { timeoutMs: 5000, what: 'ffmpeg stopped after the CPU run' });
  }
  return { cpu, idleGatewayCores, idleFfmpegProcesses };
}

export function printCameraBench(r: CameraBenchResult): void {
  const ms = (xs: number[]) => `${Math.round(median(xs))} ms (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;
  printTable('Cameras: first painted frame in Chromium, median (min–max)', ['case', 'first frame', 'runs'], [
    ['cold (no ffmpeg; camera encoding, 1 s GOP)', ms(r.coldMs), r.coldMs.length],
    ['warm (another viewer watching)', ms(r.warmMs), r.warmMs.length],
  ]);
  const c = (x: number) => x.toFixed(4);
  printTable('Cameras: CPU of 720p25 H.264 passthrough (cores; gateway = this process, viewers in their own processes)', ['streams', 'gateway', 'ffmpeg', 'per stream', 'streams per core'], [
    ['0 (nobody watching)', c(r.idleGatewayCores), `${r.idleFfmpegProcesses} processes`, '-', '-'],
    ...r.cpu.map((x) => [String(x.streams), c(x.gatewayCores), c(x.ffmpegCores), c(x.perStreamCores), String(Math.floor(1 / x.perStreamCores))]),
  ]);
}

export const cameras: Section = {
  name: 'cameras',
  async run(ctx: BenchContext) {
    const r = await benchCameras({ quick: ctx.options.idleSeconds <= 3, track: ctx.track });
    printCameraBench(r);
    ctx.results.cameras = r;
  },
};

// Run alone: node dist/scripts/bench/cameras.js [--quick]
if (process.argv[1] && /cameras\.(js|mjs)$/.test(process.argv[1])) {
  const r = await benchCameras({ quick: process.argv.includes('--quick') });
  printCameraBench(r);
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  process.exit(0);
}
