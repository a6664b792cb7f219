// The kiosk stack headless (../shared/docs/test-rig.md, "Kiosk"): cage refuses
// to run as root, so the launcher runs as an unprivileged test user (created
// with useradd when the tests run as root), with its own XDG_RUNTIME_DIR
// (0700) and wlroots' headless backend and pixman renderer. grim takes the
// output's picture as PPM, which is read here without a PNG decoder.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const KIOSK_TEST_USER = 'scpm-kiosk-test';

export interface KioskUser {
  name: string;
  uid: number;
  gid: number;
  /** The command line prefix that runs a command as this user (empty when the tests are not root). */
  prefix: string[];
  /** True when this call created the user (remove it afterwards). */
  created: boolean;
}

function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}

/** The user cage runs as: the test user when root (created if missing), else the current user. */
export function kioskUser(): KioskUser {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { name: 'self', uid, gid: process.getgid?.() ?? 0, prefix: [], created: false };
  let created = false;
  try {
    idOf('-u', KIOSK_TEST_USER);
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', KIOSK_TEST_USER]);
    created = true;
  }
  const u = { uid: idOf('-u', KIOSK_TEST_USER), gid: idOf('-g', KIOSK_TEST_USER) };
  return { name: KIOSK_TEST_USER, ...u, prefix: ['setpriv', `--reuid=${u.uid}`, `--regid=${u.gid}`, '--init-groups', '--'], created };
}

/** Removes the test user (its name is this rig's own: one left by an interrupted run goes too). */
export function removeKioskUser(user: KioskUser): void {
  if (user.prefix.length > 0 && user.name === KIOSK_TEST_USER) execFileSync('userdel', [user.name]);
}

/**
 * Lets other users traverse down to `path` (the checkout, which the test user
 * runs the launcher from): o+x on each ancestor that lacks it — a clone under
 * `mktemp -d` is 0700. Returns the undo, which puts the modes back.
 */
export function letOthersReach(path: string): () => void {
  const changed: { dir: string; mode: number }[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      changed.push({ dir, mode });
    }
    if (dirname(dir) === dir) break;
  }
  return () => {
    for (const c of changed) chmodSync(c.dir, c.mode);
  };
}

/** A directory owned by the kiosk user with the given mode. */
export function userDir(path: string, user: KioskUser, mode = 0o700): string {
  mkdirSync(path, { recursive: true });
  chownSync(path, user.uid, user.gid);
  chmodSync(path, mode);
  return path;
}

/** The headless compositor's environment (a clean one: nothing of the test runner's). */
export function headlessEnv(home: string, runtimeDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    WLR_BACKENDS: 'headless',
    WLR_RENDERER: 'pixman',
    WLR_LIBINPUT_NO_DEVICES: '1',
    LANG: 'C.UTF-8',
    ...extra,
  };
}

export interface Picture { width: number; height: number; rgb: Buffer }

/** grim's binary PPM (P6, maxval 255). */
export function parsePpm(data: Buffer): Picture {
  let pos = 0;
  const token = (): string => {
    while (pos < data.length) {
      const c = data[pos]!;
      if (c === 0x23) while (pos < data.length && data[pos] !== 0x0a) pos++;
      else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    const start = pos;
    while (pos < data.length && ![0x20, 0x0a, 0x0d, 0x09].includes(data[pos]!)) pos++;
    return data.subarray(start, pos).toString('latin1');
  };
  if (token() !== 'P6') throw new Error('not a binary PPM');
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (max !== 255 || !(width > 0) || !(height > 0)) throw new Error(`unexpected PPM header ${width}x${height} max ${max}`);
  pos++;
  const rgb = data.subarray(pos, pos + width * height * 3);
  if (rgb.length !== width * height * 3) throw new Error('truncated PPM');
  return { width, height, rgb };
}

/** grim screenshot of the headless output, as the kiosk user. */
export function screenshot(user: KioskUser, runtimeDir: string, file: string): Picture {
  const grim = ['env', `XDG_RUNTIME_DIR=${runtimeDir}`, 'WAYLAND_DISPLAY=wayland-0', 'grim', '-t', 'ppm', file];
  const [command, ...args] = [...user.prefix, ...grim];
  execFileSync(command!, args, { env: { PATH: '/usr/bin:/bin' }, timeout: 10_000, stdio: 'pipe' });
  return parsePpm(readFileSync(file));
}

/** Share of sampled pixels within `tolerance` of a colour (every 4th pixel in each direction). */
export function colourShare(p: Picture, rgb: readonly [number, number, number], tolerance = 12): number {
  let hit = 0;
  let all = 0;
  for (let y = 0; y < p.height; y += 4) {
    for (let x = 0; x < p.width; x += 4) {
      const i = (y * p.width + x) * 3;
      all++;
      if (Math.abs(p.rgb[i]! - rgb[0]) <= tolerance && Math.abs(p.rgb[i + 1]! - rgb[1]) <= tolerance && Math.abs(p.rgb[i + 2]! - rgb[2]) <= tolerance) hit++;
    }
  }
  return all === 0 ? 0 : hit / all;
}

/** Share of sampled pixels that are not black. */
export function nonBlackShare(p: Picture): number {
  return 1 - colourShare(p, [0, 0, 0], 4);
}

export const START_PAGE_RGB = [0x14, 0x21, 0x3d] as const;


const X11_DIR = '/tmp/.X11-unix';

/**
 * cage starts Xwayland, which refuses a /tmp/.X11-unix not owned by root or
 * itself. The first X server on a machine normally creates it root-owned,
 * mode 1777; as root, make sure it is (a non-root first creator would lock
 * out every other user's Xwayland).
 */
export function ensureX11SocketDir(): void {
  if (process.getuid?.() !== 0) return;
  mkdirSync(X11_DIR, { recursive: true });
  chownSync(X11_DIR, 0, 0);
  chmodSync(X11_DIR, 0o1777);
}

/** Removes X sockets and lock files the test user's Xwayland left behind (after a kill). */
export function removeStaleX11Files(user: KioskUser): void {
  const mine = (p: string) => {
    try {
      return statSync(p).uid === user.uid;
    } catch {
      return false;
    }
  };
  for (const name of readdirSync('/tmp')) if (/^\.X\d+-lock$/.test(name) && mine(`/tmp/${name}`)) rmSync(`/tmp/${name}`, { force: true });
  for (const name of readdirSync(X11_DIR)) if (mine(`${X11_DIR}/${name}`)) rmSync(`${X11_DIR}/${name}`, { force: true });
}
