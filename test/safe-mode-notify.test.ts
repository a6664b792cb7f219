// Safe mode under systemd (Type=notify, WatchdogSec): the gateway bundle
// started through scripts/systemd/notify-exec, as the unit starts it, on a
// config with problems and SCPM_SAFE_MODE=1, tells a real $NOTIFY_SOCKET
// READY=1 once it serves the problem page, keeps the watchdog fed, and says
// STOPPING=1 on SIGTERM (exit 0). Without READY systemd would kill it after
// TimeoutStartSec and start it again, for ever.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GATEWAY_MAIN, REPO_ROOT, Rig, cleanEnv, freePort, httpJson, sleep, spawnTracked, stopTracked } from './rig/index.js';
import { startNotifySocket, type NotifySocket } from '../scripts/rig/notify-socket.js';

const NOTIFY_EXEC = join(REPO_ROOT, 'scripts', 'systemd', 'notify-exec');
const rig = new Rig('safe-mode-notify');
let sock: NotifySocket | undefined;
afterAll(async () => {
  await sock?.dispose();
  await rig.cleanup();
});

describe('safe mode under systemd', () => {
  it('READY=1 with the problems in STATUS, WATCHDOG=1 pings, STOPPING=1 and exit 0 on SIGTERM', async () => {
    sock = await startNotifySocket();
    const dir = rig.tempDir('cfg');
    const config = join(dir, 'office.yaml');
    writeFileSync(config, 'office:\n  id: "bad id!"\nstore:\n  maxSizeMb: 1\n');
    const port = await freePort();
    const started = Date.now();
    const gw = spawnTracked(NOTIFY_EXEC, [process.execPath, GATEWAY_MAIN], {
      cwd: REPO_ROOT,
      env: { ...cleanEnv(), SCPM_CONFIG: config, SCPM_SAFE_MODE: '1', SCPM_HTTP_HOST: '127.0.0.1', SCPM_HTTP_PORT: String(port), SCPM_DATA_DIR: rig.tempDir('data'), NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000' },
    });
    try {
      const ready = await sock.waitFor('READY', '1', { since: started, timeoutMs: 10_000 });
      expect(ready.fields.STATUS).toMatch(/^safe mode: 2 configuration problems/);
      const h = await httpJson<{ status: string; problems: string[] }>(`http://127.0.0.1:${port}/healthz`);
      expect(h.body).toMatchObject({ status: 'config-error' });
      expect(h.body.problems).toHaveLength(2);
      await sleep(1000);
      expect(sock.messages().filter((m) => m.fields.WATCHDOG === '1' && m.at > ready.at).length).toBeGreaterThanOrEqual(3);
      const term = Date.now();
      gw.proc.kill('SIGTERM');
      await sock.waitFor('STOPPING', '1', { since: term, timeoutMs: 5000 });
      expect((await gw.exited).code).toBe(0);
    } finally {
      await stopTracked(gw, 'SIGKILL', 2000);
    }
  }, 30_000);
});
