// The Debian package, end to end on this machine (root, no systemd as PID 1):
// built with `npm run package`'s builder, inspected with dpkg-deb and
// lintian, installed with dpkg -i (users, files, modes, enable symlinks), the
// installed units verified, the installed gateway run exactly as its unit
// says (as scpm, through notify-exec), reinstalled over a changed config
// (kept), removed (config, data and users kept), purged (all gone). The
// machine is shared: the package is purged at the end whatever happens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, httpJson, spawnTracked, stopTracked, waitFor } from './rig/index.js';
import { removeDir, tempDir } from '../scripts/rig/tmp.js';
import { startNotifySocket, type NotifySocket } from '../scripts/rig/notify-socket.js';
import { CONFFILES, NODE_MAJOR, RECOMMENDS, buildDeb, type BuildResult } from '../scripts/package/build-deb.js';

const run = promisify(execFile);
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const installed = () => {
  try {
    return /install ok (installed|config-files|unpacked|half)/.test(sh('dpkg-query', ['-W', '-f=${Status}', 'scpm-edge']));
  } catch {
    return false;
  }
};
const userExists = (name: string) => {
  try {
    sh('getent', ['passwd', name]);
    return true;
  } catch {
    return false;
  }
};
const groupsOf = (name: string) => sh('id', ['-nG', name]).trim().split(/\s+/);
const mode = (path: string) => (statSync(path).mode & 0o7777).toString(8);
const owner = (path: string) => `${sh('stat', ['-c', '%U:%G', path]).trim()}`;

const out = tempDir('deb');
let build: BuildResult;
let notify: NotifySocket | null = null;

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('the package test installs with dpkg: run it as root (CI does)');
  // One reason for every test of the file, not a build error and nine that follow from it.
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== NODE_MAJOR) throw new Error(`the package is built for Node ${NODE_MAJOR} (better-sqlite3's addon is tied to its ABI) and installed to run on /usr/bin/node: run this file under Node ${NODE_MAJOR}, not ${process.version}`);
  // Never clobber a real installation or foreign users on a shared machine.
  if (installed()) throw new Error('scpm-edge is already installed here: not touching it (dpkg -P scpm-edge first if it is a leftover)');
  for (const u of ['scpm', 'kiosk']) if (userExists(u)) throw new Error(`a user "${u}" exists already: the purge step would remove it; not running`);
});

afterAll(async () => {
  await notify?.dispose();
  if (installed()) {
    try {
      sh('dpkg', ['--purge', 'scpm-edge']);
    } catch (err) {
      console.error(`cleanup: dpkg --purge scpm-edge failed: ${(err as Error).message}`);
    }
  }
  removeDir(out);
}, 60_000);

describe('the Debian package', () => {
  it('builds (npm run package) and reports its size and time', async () => {
    build = await buildDeb({ outDir: out });
    expect(build.deb).toMatch(/scpm-edge_\d+\.\d+\.\d+_[a-z0-9]+\.deb$/);
    process.stderr.write(`package: ${build.deb}: ${(build.bytes / 1048576).toFixed(1)} MiB, ${(build.installedKiB / 1024).toFixed(1)} MiB installed, built in ${(build.ms / 1000).toFixed(1)} s\n`);
    expect(build.bytes).toBeGreaterThan(1_000_000);
  }, 180_000);

  it('dpkg-deb --info: tied to Node 20, the Recommends of the issue, conffiles and maintainer scripts', () => {
    const info = sh('dpkg-deb', ['--info', build.deb]);
    expect(info).toMatch(/^ Package: scpm-edge$/m);
    const depends = /^ Depends: (.*)$/m.exec(info)?.[1] ?? '';
    expect(depends).toContain('nodejs (>= 20.19), nodejs (<< 21)');
    expect(depends).toMatch(/libc6/);
    const recommends = /^ Recommends: (.*)$/m.exec(info)?.[1]?.split(', ') ?? [];
    for (const r of ['ffmpeg', 'cage', 'chromium', 'fonts-noto-cjk', 'pocketsphinx', 'pocketsphinx-en-us', 'alsa-utils', 'socat', 'gpiod', 'ddcutil', 'cec-utils', 'chrony']) expect(recommends).toContain(r);
    expect(recommends).toEqual(RECOMMENDS);
    expect(sh('dpkg-deb', ['--field', build.deb, 'Package'])).toBe('scpm-edge\n');
    const ctl = tempDir('debctl');
    try {
      sh('dpkg-deb', ['--control', build.deb, ctl]);
      expect(readFileSync(join(ctl, 'conffiles'), 'utf8').trim().split('\n')).toEqual(CONFFILES);
      for (const s of ['postinst', 'prerm', 'postrm']) expect(mode(join(ctl, s))).toBe('755');
    } finally {
      removeDir(ctl);
    }
  });

  it('dpkg-deb --contents: what the gateway and the kiosk run, root-owned, nothing of the tests', () => {
    const lines = sh('dpkg-deb', ['--contents', build.deb]).trim().split('\n');
    const paths = lines.map((l) => l.split(/\s+/).slice(5).join(' ').replace(/ -> .*/, ''));
    for (const p of [
      './usr/lib/scpm-edge/dist/gateway/scpm-edge.mjs',
      './usr/lib/scpm-edge/dist/gateway/config/check-config.js',
      './usr/lib/scpm-edge/dist/scripts/simulator/cli.js',
      './usr/lib/scpm-edge/dist/scripts/kiosk/launcher.js',
      './usr/lib/scpm-edge/package.json',
      './usr/lib/scpm-edge/display/data/seoul-districts.geojson',
      './usr/lib/scpm-edge/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      './usr/lib/scpm-edge/node_modules/htmx.org/dist/htmx.min.js',
      './usr/lib/scpm-edge/kiosk/start.html',
      './usr/lib/scpm-edge/kiosk/start.js',
      './usr/lib/scpm-edge/scripts/systemd/notify-exec',
      './lib/systemd/system/scpm-edge.service',
      './lib/systemd/system/scpm-kiosk.service',
      './etc/scpm-edge/office.yaml',
      './etc/pam.d/scpm-kiosk',
      './usr/bin/scpm-edge',
      './usr/share/man/man1/scpm-edge.1.gz',
      './usr/share/doc/scpm-edge/copyright',
    ]) expect(paths, p).toContain(p);
    expect(paths.filter((p) => /\.test\.js$|\/test\/|\/bench\/|\/rig\//.test(p))).toEqual([]);
    expect(lines.every((l) => l.split(/\s+/)[1] === 'root/root')).toBe(true);
  });

  it('lintian: no error and no warning', async () => {
    const { stdout } = await run('lintian', [build.deb], { timeout: 120_000 }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(stdout.split('\n').filter((l) => /^[EW]: /.test(l))).toEqual([]);
  }, 120_000);

  it('installs with dpkg -i: users, groups, directories, modes, enable symlinks (no systemd as PID 1: not started)', () => {
    sh('dpkg', ['-i', build.deb]);
    expect(installed()).toBe(true);
    for (const u of ['scpm', 'kiosk']) {
      const [, , uid, , , , shell] = sh('getent', ['passwd', u]).trim().split(':');
      expect(Number(uid)).toBeLessThan(1000);
      expect(shell).toBe('/usr/sbin/nologin');
    }
    const groups = sh('getent', ['group']);
    for (const g of ['dialout', 'audio']) if (new RegExp(`^${g}:`, 'm').test(groups)) expect(groupsOf('scpm')).toContain(g);
    expect(owner('/var/lib/scpm-edge')).toBe('scpm:scpm');
    expect(mode('/var/lib/scpm-edge')).toBe('700');
    expect(owner('/etc/scpm-edge/office.yaml')).toBe('root:scpm');
    expect(mode('/etc/scpm-edge/office.yaml')).toBe('640');
    expect(owner('/etc/scpm-edge/secrets.env')).toBe('root:root');
    expect(mode('/etc/scpm-edge/secrets.env')).toBe('600');
    expect(readlinkSync('/etc/systemd/system/multi-user.target.wants/scpm-edge.service')).toBe('/lib/systemd/system/scpm-edge.service');
    expect(readlinkSync('/etc/systemd/system/graphical.target.wants/scpm-kiosk.service')).toBe('/lib/systemd/system/scpm-kiosk.service');
    expect(sh('dpkg', ['--verify', 'scpm-edge'])).toBe('');
  }, 60_000);

  it('the installed units verify, and the gateway unit scores at most 2.5', async () => {
    const { stdout, stderr } = await run('systemd-analyze', ['verify', '--man=no', '/lib/systemd/system/scpm-edge.service', '/lib/systemd/system/scpm-kiosk.service'], { timeout: 60_000 });
    expect(`${stdout}${stderr}`.trim()).toBe('');
    const sec = await run('systemd-analyze', ['security', '--offline=true', '--no-pager', '/lib/systemd/system/scpm-edge.service'], { timeout: 60_000 });
    const score = Number(/Overall exposure level for \S+: (\d+(?:\.\d+)?)/.exec(sec.stdout)?.[1]);
    process.stderr.write(`package: installed gateway unit exposure ${score}\n`);
    expect(score).toBeLessThanOrEqual(2.5);
  }, 60_000);

  it('scpm-edge --help, version and check-config work from the package', () => {
    expect(sh('scpm-edge', ['--help'])).toMatch(/Usage: scpm-edge COMMAND/);
    const pkg = JSON.parse(readFileSync('/usr/lib/scpm-edge/package.json', 'utf8')) as { version: string };
    expect(sh('scpm-edge', ['version']).trim()).toBe(pkg.version);
    expect(sh('scpm-edge', ['check-config'])).toMatch(/office\.yaml: ok/);
    expect(sh('scpm-edge', ['kiosk-command'])).toMatch(/^\/usr\/bin\/cage/);
    // As the service's user (not root) secrets.env cannot be read: the check says so, and how to run it, rather than
    // calling its variables unset.
    const asScpm = spawnSync('runuser', ['-u', 'scpm', '--', 'scpm-edge', 'check-config'], { encoding: 'utf8' });
    expect(asScpm.stderr).toContain('scpm-edge: /etc/scpm-edge/secrets.env is not readable by scpm (it is root\'s, mode 0600): its secrets are not checked; run: sudo scpm-edge check-config');
  });

  it('the installed gateway runs as its unit says (scpm, notify-exec, its flags and environment) and serves the wall', async () => {
    const unit = readFileSync('/lib/systemd/system/scpm-edge.service', 'utf8');
    const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);
    const env: Record<string, string> = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };
    for (const e of values('Environment')) env[e.slice(0, e.indexOf('='))] = e.slice(e.indexOf('=') + 1);
    const port = await freePort();
    notify = await startNotifySocket();
    // This machine's port 8080 and 1883 may be another engineer's: a free port, no local broker.
    Object.assign(env, { SCPM_HTTP_PORT: String(port), SCPM_LOCAL_BROKER_PORT: '0', NOTIFY_SOCKET: notify.path, WATCHDOG_USEC: '30000000' });
    // The notify socket's directory must be reachable by scpm (systemd's is).
    execFileSync('chmod', ['0755', notify.path.replace(/\/[^/]+$/, '')]);
    execFileSync('chmod', ['0777', notify.path]);
    const [command, ...args] = values('ExecStart')[0]!.split(' ');
    const uid = sh('id', ['-u', 'scpm']).trim();
    const gid = sh('id', ['-g', 'scpm']).trim();
    // As systemd would: the unit's user, umask, working directory, environment and command line.
    const umask = values('UMask')[0]!;
    const gw = spawnTracked('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--init-groups', '--', 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      'sh', '-c', `umask ${umask} && exec "$0" "$@"`, command!, ...args], { cwd: values('WorkingDirectory')[0]! });
    try {
      const health = await waitFor(async () => {
        const h = await httpJson<{ status: string }>(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 1000 });
        return h.status === 200 ? h.body : null;
      }, { timeoutMs: 30_000, intervalMs: 200, what: 'the installed gateway to answer /healthz', abort: () => (gw.running() ? null : new Error(`the installed gateway exited:\n${gw.stderr.join('\n')}\n${gw.stdout.slice(-20).join('\n')}`)) });
      expect(['ok', 'degraded']).toContain(health.status);
      const page = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      // Its store is in the state directory, owned by scpm.
      await waitFor(() => existsSync('/var/lib/scpm-edge/scpm.db'), { timeoutMs: 10_000, what: 'the store file' });
      expect(owner('/var/lib/scpm-edge/scpm.db')).toBe('scpm:scpm');
      expect(mode('/var/lib/scpm-edge/scpm.db')).toBe('600');
      // Type=notify: READY=1 once listening with the store open, then WATCHDOG=1 from the event loop.
      await notify.waitFor('READY', '1', { timeoutMs: 10_000 });
      await notify.waitFor('WATCHDOG', '1', { timeoutMs: 20_000 });
    } finally {
      const exit = await stopTracked(gw, 'SIGTERM', 8000);
      expect(exit.forced).toBe(false);
    }
  }, 60_000);

  it('reinstalling (an upgrade) keeps a changed config and its mode', () => {
    const changed = `${readFileSync('/etc/scpm-edge/office.yaml', 'utf8')}\n# changed by the technician\n`;
    writeFileSync('/etc/scpm-edge/office.yaml', changed);
    writeFileSync('/etc/scpm-edge/secrets.env', 'SCPM_API_TOKEN=kept\n');
    sh('dpkg', ['-i', build.deb]);
    expect(readFileSync('/etc/scpm-edge/office.yaml', 'utf8')).toBe(changed);
    expect(readFileSync('/etc/scpm-edge/secrets.env', 'utf8')).toBe('SCPM_API_TOKEN=kept\n');
    expect(mode('/etc/scpm-edge/office.yaml')).toBe('640');
    expect(mode('/etc/scpm-edge/secrets.env')).toBe('600');
  }, 60_000);

  it('remove keeps the config, the data and the users', () => {
    sh('dpkg', ['--remove', 'scpm-edge']);
    expect(existsSync('/usr/lib/scpm-edge/dist')).toBe(false);
    expect(existsSync('/lib/systemd/system/scpm-edge.service')).toBe(false);
    expect(existsSync('/etc/scpm-edge/office.yaml')).toBe(true);
    expect(existsSync('/etc/scpm-edge/secrets.env')).toBe(true);
    expect(existsSync('/var/lib/scpm-edge/scpm.db')).toBe(true);
    expect(userExists('scpm')).toBe(true);
    expect(userExists('kiosk')).toBe(true);
  }, 60_000);

  it('purge removes the config, the data, the users and every systemd link', () => {
    sh('dpkg', ['--purge', 'scpm-edge']);
    expect(installed()).toBe(false);
    expect(existsSync('/etc/scpm-edge')).toBe(false);
    expect(existsSync('/var/lib/scpm-edge')).toBe(false);
    expect(existsSync('/etc/pam.d/scpm-kiosk')).toBe(false);
    expect(userExists('scpm')).toBe(false);
    expect(userExists('kiosk')).toBe(false);
    expect(sh('getent', ['group']).split('\n').filter((l) => /^(scpm|kiosk):/.test(l))).toEqual([]);
    expect(sh('dpkg-statoverride', ['--list']).split('\n').filter((l) => l.includes('/etc/scpm-edge'))).toEqual([]);
    const links: string[] = [];
    for (const d of readdirSync('/etc/systemd/system')) {
      const p = join('/etc/systemd/system', d);
      if (lstatSync(p).isDirectory()) {
        for (const f of readdirSync(p)) if (f.startsWith('scpm-')) links.push(join(p, f));
      } else if (d.startsWith('scpm-')) {
        links.push(p);
      }
    }
    expect(links).toEqual([]);
  }, 60_000);
});
