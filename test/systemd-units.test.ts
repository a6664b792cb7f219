// The units as systemd reads them, without systemd running (no PID 1 here):
// `systemd-analyze verify` on both, with their /usr/lib/scpm-edge paths
// pointed at this checkout so the launchers exist; the gateway unit's
// exposure from `systemd-analyze security --offline=true` is at most 2.5.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './rig/index.js';
import { removeDir, tempDir } from '../scripts/rig/tmp.js';

const run = promisify(execFile);
const UNITS = ['scpm-edge.service', 'scpm-kiosk.service'] as const;
const dir = tempDir('units');
afterAll(() => removeDir(dir));

const unitText = (name: string) => readFileSync(join(REPO_ROOT, 'systemd', name), 'utf8');
/** The unit with the package's install path replaced by this checkout (same layout). */
function localUnit(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, unitText(name).replaceAll('/usr/lib/scpm-edge', REPO_ROOT));
  return path;
}
const directive = (text: string, key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);

async function exposure(unitFile: string): Promise<number> {
  const { stdout } = await run('systemd-analyze', ['security', '--offline=true', '--no-pager', unitFile], { cwd: dir, timeout: 60_000 });
  const m = /Overall exposure level for \S+: (\d+(?:\.\d+)?)/.exec(stdout);
  if (!m) throw new Error(`no exposure level in:\n${stdout}`);
  return Number(m[1]);
}

describe('systemd units', () => {
  it('systemd-analyze verify accepts both units (launchers present)', async () => {
    for (const name of UNITS) localUnit(name);
    const { stdout, stderr } = await run('systemd-analyze', ['verify', '--man=no', ...UNITS], { cwd: dir, timeout: 60_000 });
    expect(`${stdout}${stderr}`.trim()).toBe('');
  }, 60_000);

  it('verify fails when a launcher is missing (the check is real)', async () => {
    const path = join(dir, 'broken.service');
    writeFileSync(path, unitText('scpm-edge.service').replaceAll('/usr/lib/scpm-edge/scripts/systemd/notify-exec', '/nonexistent/notify-exec'));
    await expect(run('systemd-analyze', ['verify', '--man=no', 'broken.service'], { cwd: dir, timeout: 60_000 })).rejects.toThrow(/not executable|No such file/);
  }, 60_000);

  it('the scripts the units run exist in the build (node runs them from WorkingDirectory or by path)', () => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'gateway', 'scpm-edge.mjs'))).toBe(true);
    const kiosk = unitText('scpm-kiosk.service');
    for (const line of [...directive(kiosk, 'ExecStart'), ...directive(kiosk, 'ExecStartPre')]) {
      const script = /\/usr\/lib\/scpm-edge\/(\S+\.js)/.exec(line)?.[1];
      expect(script, line).toBeDefined();
      expect(existsSync(join(REPO_ROOT, script!)), script).toBe(true);
    }
  });

  it('the gateway unit: Type=notify with a watchdog, and an exposure of at most 2.5', async () => {
    const gw = unitText('scpm-edge.service');
    expect(directive(gw, 'Type')).toEqual(['notify']);
    expect(directive(gw, 'NotifyAccess')).toEqual(['main']);
    expect(directive(gw, 'WatchdogSec')).toHaveLength(1);
    for (const key of ['UMask', 'MemoryMax', 'TasksMax', 'SystemCallFilter', 'ProtectProc', 'KillMode']) expect(directive(gw, key).length, key).toBeGreaterThan(0);
    expect(directive(gw, 'ProtectProc')).toEqual(['invisible']);
    expect(directive(gw, 'SystemCallFilter')).toContain('@system-service');
    expect(directive(gw, 'MemoryDenyWriteExecute')).toEqual([]);
    const score = await exposure(localUnit('scpm-edge.service'));
    expect(score).toBeLessThanOrEqual(2.5);
  }, 60_000);

  it('the kiosk unit: cage on tty1 as the kiosk user, after the gateway, restarted always', () => {
    const k = unitText('scpm-kiosk.service');
    expect(directive(k, 'User')).toEqual(['kiosk']);
    expect(directive(k, 'TTYPath')).toEqual(['/dev/tty1']);
    expect(directive(k, 'Conflicts')).toEqual(['getty@tty1.service']);
    expect(directive(k, 'PAMName')).toEqual(['scpm-kiosk']);
    expect(directive(k, 'After')[0]).toMatch(/^scpm-edge\.service /);
    expect(directive(k, 'Wants')).toEqual(['scpm-edge.service']);
    expect(directive(k, 'Restart')).toEqual(['always']);
    // The gateway's ffmpeg children have camera passwords on their command lines.
    expect(directive(k, 'ProtectProc')).toEqual(['invisible']);
  });
});
