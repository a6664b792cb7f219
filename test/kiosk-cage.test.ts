// The kiosk stack headless, as the unit runs it: `scpm-kiosk prepare` reads
// an office config, `scpm-kiosk run` (as an unprivileged user) starts cage
// with Chromium on the start page; a stand-in for the gateway's side of the
// contract (docs/kiosk.md) serves the wall and /healthz. Checked on grim
// screenshots of the output: the wall fills it; Chromium killed → back
// within 10 s; gateway gone → the start page, which retries and goes to the
// wall once it is back; the wall stops its heartbeat → the watchdog restarts
// the kiosk. The output is rotated (kiosk.rotate: 90) because cage 0.1.4's
// direct scan-out freezes an unrotated headless output (docs/kiosk.md).
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, spawnTracked, stopTracked, waitFor, sleep } from './rig/index.js';
import type { Tracked } from '../scripts/rig/process.js';
import { removeDir, tempDir } from '../scripts/rig/tmp.js';
import { WALL_RGB, startGatewayStandIn, type GatewayStandIn } from '../scripts/rig/gateway-standin.js';
import { START_PAGE_RGB, colourShare, ensureX11SocketDir, headlessEnv, removeStaleX11Files, kioskUser, nonBlackShare, removeKioskUser, screenshot, letOthersReach, userDir, type KioskUser, type Picture } from './rig/kiosk.js';

const LAUNCHER = join(REPO_ROOT, 'dist', 'scripts', 'kiosk', 'launcher.js');
const HEARTBEAT_TIMEOUT_S = 10;

let user: KioskUser;
let dir: string;
let runtimeDir: string;
let gw: GatewayStandIn;
let launcher: Tracked | null = null;
let shots = 0;
let undoReach: (() => void) | null = null;

interface LogLine { msg: string; pid?: number; starts?: number; reason?: string; [k: string]: unknown }
const logs = (): LogLine[] => (launcher?.stdout ?? []).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
const starts = () => logs().filter((l) => l.msg === 'kiosk started');
const shot = (): Picture => screenshot(user, runtimeDir, join(dir, 'home', `shot-${++shots}.ppm`));

/** Until the screenshot is mostly this colour; returns the time it took. */
async function waitForScreen(rgb: readonly [number, number, number], what: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  await waitFor(() => {
    try {
      return colourShare(shot(), rgb) > 0.9;
    } catch {
      return false; // the compositor is (re)starting: no output to take yet
    }
  }, { timeoutMs, intervalMs: 250, what, abort: () => (launcher?.running() === false ? new Error(`the launcher exited:\n${launcher.stdout.join('\n')}\n${launcher.stderr.join('\n')}`) : null) });
  return Date.now() - t0;
}

/** The Chromium browser process (not a helper) under the current cage. */
function chromiumPid(): number {
  const cage = starts().at(-1)?.pid;
  if (!cage) throw new Error('no cage started yet');
  const out = execFileSync('ps', ['-o', 'pid=,ppid=,args=', '--ppid', String(cage)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => /chromium/.test(l) && !/--type=/.test(l));
  if (!line) throw new Error(`no chromium under cage ${cage}:\n${out}`);
  return Number(line.trim().split(/\s+/)[0]);
}

beforeAll(async () => {
  for (const cmd of ['cage', 'grim', 'chromium', 'Xwayland']) execFileSync('sh', ['-c', `command -v ${cmd}`]);
  ensureX11SocketDir();
  user = kioskUser();
  if (user.prefix.length) undoReach = letOthersReach(REPO_ROOT);
  dir = tempDir('kiosk-cage');
  userDir(dir, user, 0o755);
  runtimeDir = userDir(join(dir, 'run'), user, 0o700);
  userDir(join(dir, 'home'), user, 0o755);
  gw = await startGatewayStandIn();
  const config = join(dir, 'office.yaml');
  writeFileSync(config, `office: { id: kiosk-test, language: ko }\nhttp: { host: 127.0.0.1, port: ${gw.port} }\nkiosk: { rotate: 90, heartbeatTimeoutSeconds: ${HEARTBEAT_TIMEOUT_S} }\n`);
  // prepare runs as root in the unit (ExecStartPre=+); here as the test runner.
  const settingsFile = join(dir, 'settings.json');
  execFileSync(process.execPath, [LAUNCHER, 'prepare', '--config', config, '--out', settingsFile]);
  expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ wallUrl: gw.url, language: 'ko', rotate: 90, heartbeatTimeoutMs: 10_000, problems: [] });

  const env = headlessEnv(join(dir, 'home'), runtimeDir, { SCPM_KIOSK_PROFILE_DIR: join(dir, 'home', 'profile') });
  const [command, ...args] = [...user.prefix, 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, LAUNCHER, 'run', '--settings', settingsFile];
  launcher = spawnTracked(command!, args, { cwd: dir });
}, 30_000);

afterAll(async () => {
  try {
    if (launcher) {
      const exit = await stopTracked(launcher, 'SIGTERM', 10_000);
      expect(exit.forced, 'the launcher needed SIGKILL').toBe(false);
    }
    // Nothing of the kiosk is left running as the test user.
    if (user?.prefix.length) {
      let left = '';
      try {
        left = execFileSync('ps', ['-u', user.name, '-o', 'pid=,stat=,args='], { encoding: 'utf8' });
      } catch {
        left = ''; // ps exits 1 when the user has no process
      }
      // Zombies are dead already: this machine's PID 1 reaps orphans late (systemd does at once).
      expect(left.split('\n').filter((l) => l.trim() !== '' && !/^\s*\d+\s+Z/.test(l))).toEqual([]);
    }
  } finally {
    await gw?.stop();
    undoReach?.();
    if (user?.prefix.length) {
      removeStaleX11Files(user);
      removeKioskUser(user);
    }
    if (dir) removeDir(dir);
  }
}, 30_000);

describe('kiosk: cage + Chromium headless, as an unprivileged user', () => {
  it('shows the wall filling the output (screenshot not blank), and the wall heartbeats', async () => {
    await waitForScreen(WALL_RGB, 'the wall on the screen', 30_000);
    const p = shot();
    expect(nonBlackShare(p)).toBeGreaterThan(0.95);
    expect(colourShare(p, WALL_RGB)).toBeGreaterThan(0.9);
    expect(p.width).toBe(720);
    expect(p.height).toBe(1280);
    await waitFor(() => gw.heartbeats().length >= 2, { timeoutMs: 5000, what: 'heartbeats from the wall' });
    expect(starts()).toHaveLength(1);
  }, 40_000);

  it('Chromium killed → the kiosk is back on the wall within 10 s', async () => {
    const killedAt = Date.now();
    process.kill(chromiumPid(), 'SIGKILL');
    await waitFor(() => starts().length === 2, { timeoutMs: 10_000, what: 'a second start' });
    const ms = await waitForScreen(WALL_RGB, 'the wall again', 10_000 - (Date.now() - killedAt));
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(ms).toBeGreaterThanOrEqual(0);
  }, 20_000);

  it('gateway gone → no watchdog restart; a crash meanwhile shows the start page, which retries and goes to the wall once the gateway is back', async () => {
    // A failure while the gateway is gone must not leave it gone for the next test.
    onTestFinished(async () => {
      if (!gw.listening()) await gw.start();
    });
    const restartsBefore = logs().filter((l) => l.msg === 'the wall sent no heartbeat: restarting the kiosk').length;
    await gw.stop();
    // Longer than the heartbeat timeout: a stopped gateway is not a restart reason.
    await sleep((HEARTBEAT_TIMEOUT_S + 5) * 1000);
    expect(logs().filter((l) => l.msg === 'the wall sent no heartbeat: restarting the kiosk').length).toBe(restartsBefore);
    const startsBefore = starts().length;
    process.kill(chromiumPid(), 'SIGKILL');
    await waitFor(() => starts().length === startsBefore + 1, { timeoutMs: 10_000, what: 'the restart after the crash' });
    await waitForScreen(START_PAGE_RGB, 'the start page ("starting…")', 15_000);
    await sleep(3000);
    expect(colourShare(shot(), START_PAGE_RGB), 'still the start page while the gateway is down').toBeGreaterThan(0.9);
    await gw.start();
    await waitForScreen(WALL_RGB, 'the wall after the gateway came back', 15_000);
  }, 60_000);

  it('the wall stops its heartbeat (a hung page) → the watchdog restarts the kiosk and tells the gateway', async () => {
    await waitFor(() => gw.heartbeats().length > 0 && Date.now() - gw.heartbeats().at(-1)! < 2000, { timeoutMs: 10_000, what: 'fresh heartbeats' });
    const startsBefore = starts().length;
    gw.stopHeartbeats(true);
    const stoppedAt = Date.now();
    const restart = await waitFor(() => logs().find((l) => l.msg === 'the wall sent no heartbeat: restarting the kiosk'), { timeoutMs: (HEARTBEAT_TIMEOUT_S + 20) * 1000, what: 'a watchdog restart' });
    expect(restart.reason).toBe('heartbeat-stale');
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(HEARTBEAT_TIMEOUT_S * 1000 - 1500);
    gw.stopHeartbeats(false);
    await waitFor(() => starts().length === startsBefore + 1, { timeoutMs: 10_000, what: 'the browser started again' });
    await waitForScreen(WALL_RGB, 'the wall after the watchdog restart', 20_000);
    await waitFor(() => gw.kioskEvents().length === 1, { timeoutMs: 5000, what: 'the kiosk event at the gateway' });
    expect(gw.kioskEvents()[0]).toMatchObject({ restarts: 1, lastRestart: { reason: 'heartbeat-stale' } });
  }, 60_000);
});
