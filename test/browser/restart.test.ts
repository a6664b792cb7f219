// Restarts while Chromium holds the wall (issue 15). A restart the way
// `npm start` does it (the build stamp checked, no rebuild when the sources are
// unchanged, then the same bundle) keeps the page: no reload, the SSE stream
// resyncs within 2 s of the gateway listening, and the gateway is healthy
// within 3 s of the start. An upgrade (a bundle with other bytes) reloads the
// page exactly once.
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_MAIN, REPO_ROOT, Rig, freePort, publishMany, spawnTracked, stopTracked, waitFor, writeConfig, type Gateway, type Mosquitto } from '../rig/index.js';
import * as fx from '../rig/fixtures.js';
import { launchBrowser, newWallPage, type WallPage } from './browser.js';

const rig = new Rig('browser-restart');
const STAMP_CHECK = join(REPO_ROOT, 'dist', 'scripts', 'build', 'stamp.js');
let broker: Mosquitto;
let browser: Browser;
let config: string;
let port: number;
let dataDir: string;

interface Launch { gw: Gateway; fresh: boolean; msToHealthy: number; listenedAt: number }

/** The gateway's 'display and API listening' line time (pino `time`, ms). */
function listenedAt(gw: Gateway): number {
  for (const l of gw.logs()) {
    const m = /"time":(\d+).*"msg":"display and API listening"/.exec(l);
    if (m) return Number(m[1]);
  }
  throw new Error('no "display and API listening" line');
}

/** What `npm start` runs: the stamp check (a build only when it fails), then the bundle as a service. */
async function npmStart(main = GATEWAY_MAIN, checkBuild = true): Promise<Launch> {
  const t0 = Date.now();
  let fresh = true;
  if (checkBuild) {
    const check = spawnTracked(process.execPath, [STAMP_CHECK, 'check'], { cwd: REPO_ROOT });
    const deadline = setTimeout(() => void stopTracked(check, 'SIGKILL'), 10_000);
    fresh = (await check.exited).code === 0;
    clearTimeout(deadline);
    if (!fresh) {
      const build = spawnTracked('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT });
      const buildDeadline = setTimeout(() => void stopTracked(build, 'SIGKILL'), 240_000);
      expect((await build.exited).code, build.stderr.join('\n')).toBe(0);
      clearTimeout(buildDeadline);
    }
  }
  const gw = await rig.gateway({ env: { SCPM_CONFIG: config, SCPM_SAFE_MODE: '1' }, httpPort: port, dataDir, main });
  await gw.waitHealthy(30_000);
  return { gw, fresh, msToHealthy: Date.now() - t0, listenedAt: listenedAt(gw) };
}

/** Records every scpm:hello / scpm:state the page receives (time, build), from now on. */
async function recordEvents(w: WallPage): Promise<void> {
  await w.page.evaluate(() => {
    const win = window as unknown as { __events?: { type: string; t: number; build: string | null }[] };
    if (win.__events) return;
    win.__events = [];
    for (const type of ['scpm:hello', 'scpm:state']) {
      document.addEventListener(type, (e) => {
        let build: string | null = null;
        try {
          build = (JSON.parse((e as CustomEvent<{ data: string }>).detail.data) as { build?: string }).build ?? null;
        } catch { /* not JSON */ }
        win.__events!.push({ type, t: Date.now(), build });
      });
    }
  });
}

const events = (w: WallPage) => w.page.evaluate(() => (window as unknown as { __events?: { type: string; t: number; build: string | null }[] }).__events ?? []);

beforeAll(async () => {
  broker = await rig.mosquitto();
  config = writeConfig(rig.tempDir('cfg'), { officeId: 'restart-office', upstreamUrl: broker.url });
  port = await freePort();
  dataDir = rig.tempDir('data');
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 30_000);
afterAll(() => rig.cleanup());

describe('restarts under an open wall', () => {
  it('two restarts with npm start: no rebuild, no reload, resync ≤ 2 s, healthy ≤ 3 s; an upgrade reloads once', async () => {
    let launch = await npmStart();
    const city = await rig.client(broker.url);
    await publishMany(city, [{ topic: fx.topics.urban('pm25', '11230'), payload: JSON.stringify(fx.urban(21, fx.at(-30_000))) }]);
    const w = await newWallPage(browser);
    await w.page.goto(`${launch.gw.baseUrl}/urban`);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await recordEvents(w);
    const build = await w.page.getAttribute('body', 'data-build');
    expect(build).toMatch(/^[0-9a-f]{12}$/);
    const loads = w.navigations();

    for (const n of [1, 2]) {
      const stoppedAt = Date.now();
      const stopped = await launch.gw.stop();
      expect(stopped.code).toBe(0);
      // The second time as a rebuild of unchanged sources leaves the bundle: the same bytes, a new file time.
      if (n === 2) utimesSync(GATEWAY_MAIN, new Date(), new Date());
      launch = await npmStart();
      expect(launch.fresh, 'the stamp check finds the sources unchanged: no rebuild').toBe(true);
      const reloaded = () => (w.navigations() !== loads ? new Error(`restart ${n} reloaded the page (the build id changed)`) : null);
      const hello = await waitFor(async () => (await events(w)).find((e) => e.type === 'scpm:hello' && e.t > stoppedAt) ?? null,
        { timeoutMs: 10_000, what: `the page's SSE hello after restart ${n}`, abort: reloaded });
      // The resync that follows the new stream's hello (the old gateway may push a state while it stops).
      const state = await waitFor(async () => (await events(w)).find((e) => e.type === 'scpm:state' && e.t >= hello.t) ?? null,
        { timeoutMs: 10_000, what: `the page's resync after restart ${n}` });
      const resyncMs = state.t - launch.listenedAt;
      console.warn(`restart ${n}: healthy ${launch.msToHealthy} ms after npm start (stamp check included); page resynced ${resyncMs} ms after the gateway listened (${state.t - stoppedAt} ms after the stop began)`);
      expect(hello.build).toBe(build);
      expect(launch.msToHealthy).toBeLessThanOrEqual(3000);
      expect(resyncMs).toBeLessThanOrEqual(2000);
      expect(w.navigations(), `restart ${n} reloaded the page`).toBe(loads);
      expect(await w.sameDocument()).toBe(true);
      expect(await w.page.getAttribute('body', 'data-build')).toBe(build);
    }
    // Live after the restarts: a new value arrives without a reload.
    await publishMany(city, [{ topic: fx.topics.urban('pm25', '11230'), payload: JSON.stringify(fx.urban(47, fx.at(0))) }]);
    await w.page.waitForFunction(() => Array.from(document.querySelectorAll('[data-key="urban:pm25:11230"]')).some((e) => (e.textContent ?? '').includes('47')), undefined, { timeout: 10_000 });
    expect(w.navigations()).toBe(loads);

    // An upgrade: a bundle with other bytes (a comment appended), from the same tree.
    const upgraded = join(REPO_ROOT, 'dist', `upgrade-test-${process.pid}`, 'gateway', 'scpm-edge.mjs');
    mkdirSync(dirname(upgraded), { recursive: true });
    rig.defer('upgraded bundle', () => rmSync(dirname(dirname(upgraded)), { recursive: true, force: true }));
    copyFileSync(GATEWAY_MAIN, upgraded);
    appendFileSync(upgraded, '\n// upgrade test: other bytes, another build id\n');
    expect(readFileSync(upgraded).length).toBeGreaterThan(readFileSync(GATEWAY_MAIN).length);
    await launch.gw.stop();
    launch = await npmStart(upgraded, false);
    await waitFor(() => (w.navigations() === loads + 1 ? true : null), { timeoutMs: 15_000, what: 'one reload after the upgrade' });
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    const newBuild = await w.page.getAttribute('body', 'data-build');
    expect(newBuild).not.toBe(build);
    expect(newBuild).toMatch(/^[0-9a-f]{12}$/);
    // Exactly one: still one after a while, and none on the upgraded gateway's own restart.
    await new Promise((r) => setTimeout(r, 3000));
    expect(w.navigations()).toBe(loads + 1);
    await recordEvents(w); // the reload dropped the first recorder
    const since = Date.now();
    await launch.gw.stop();
    launch = await npmStart(upgraded, false);
    await waitFor(async () => (await events(w)).find((e) => e.type === 'scpm:hello' && e.t > since) ?? null, { timeoutMs: 10_000, what: 'the SSE hello of the upgraded gateway restarted' });
    expect(w.navigations()).toBe(loads + 1);
    expect(await w.page.getAttribute('body', 'data-build')).toBe(newBuild);
    await w.close();
  }, 180_000);
});
