// `npm run package`: scpm-edge_<version>_<arch>.deb, built with dpkg-deb from
// a staging tree in a temp directory (nothing of it is committed). Run after
// `npm run build`. Layout and reasons: docs/decisions/2026-11-29-packaging.md.
//   /usr/lib/scpm-edge/  dist/ (the bundle, check-config, the simulator, the
//                        kiosk launcher), display/ data and assets, kiosk/ (start
//                        page), production node_modules, notify-exec
//   /lib/systemd/system/ scpm-edge.service, scpm-kiosk.service
//   /etc/scpm-edge/office.yaml (conffile), /etc/pam.d/scpm-kiosk (conffile)
//   /usr/bin/scpm-edge, its man page, /usr/share/doc/scpm-edge/
// Options: --out DIR (default artifacts/), --keep (keep the staging tree).
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, cpSync, openSync, readSync, createReadStream, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../rig/repo.js';

const LIB = 'usr/lib/scpm-edge';
/** better-sqlite3 is not N-API: its addon is built for one Node ABI, so the package is tied to that Node major. */
export const NODE_MAJOR = 20;
export const NODE_DEPENDS = `nodejs (>= ${NODE_MAJOR}.19), nodejs (<< ${NODE_MAJOR + 1})`;
export const RECOMMENDS = ['ffmpeg', 'cage', 'xwayland', 'chromium', 'fonts-noto-cjk', 'libpam-systemd', 'pocketsphinx', 'pocketsphinx-en-us', 'alsa-utils', 'socat', 'gpiod', 'ddcutil', 'cec-utils', 'chrony'];
export const CONFFILES = ['/etc/scpm-edge/office.yaml', '/etc/pam.d/scpm-kiosk'];

interface Pkg { name: string; version: string; description: string; dependencies: Record<string, string>; engines?: Record<string, string>; license?: string }

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stderr ?? e.message}`);
  }
}

function need(path: string, hint: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
}

/** Production packages, as npm sees them (paths under node_modules, nested ones included). */
function productionPackages(): string[] {
  const out = sh('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO_ROOT });
  return out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(join(REPO_ROOT, 'node_modules') + '/')).map((l) => relative(REPO_ROOT, l));
}

/** Copies the production node_modules, then drops what only building needs. */
function stageNodeModules(stage: string, arch: string): void {
  const dirs = [...new Set(productionPackages())].sort();
  for (const rel of dirs) {
    // A nested package comes with its parent's copy.
    if (dirs.some((d) => d !== rel && rel.startsWith(`${d}/`))) continue;
    cpSync(join(REPO_ROOT, rel), join(stage, LIB, rel), { recursive: true, dereference: false, verbatimSymlinks: true });
  }
  const nm = join(stage, LIB, 'node_modules');
  // better-sqlite3: only the addon and its JS (its SQLite sources and objects are ~25 MB).
  const bs = join(nm, 'better-sqlite3');
  need(join(bs, 'build', 'Release', 'better_sqlite3.node'), 'better-sqlite3 is not built (npm ci builds it)');
  for (const entry of readdirSync(bs)) if (!['lib', 'build', 'package.json', 'LICENSE'].includes(entry)) rmSync(join(bs, entry), { recursive: true, force: true });
  for (const entry of readdirSync(join(bs, 'build'))) if (entry !== 'Release') rmSync(join(bs, 'build', entry), { recursive: true, force: true });
  for (const entry of readdirSync(join(bs, 'build', 'Release'))) if (entry !== 'better_sqlite3.node') rmSync(join(bs, 'build', 'Release', entry), { recursive: true, force: true });
  // serialport's bindings are N-API prebuilds: keep this architecture's.
  const nodeArch = arch === 'amd64' ? 'x64' : arch === 'arm64' ? 'arm64' : arch === 'armhf' ? 'arm' : arch;
  const prebuilds = join(nm, '@serialport', 'bindings-cpp', 'prebuilds');
  if (existsSync(prebuilds)) {
    for (const entry of readdirSync(prebuilds)) if (entry !== `linux-${nodeArch}`) rmSync(join(prebuilds, entry), { recursive: true, force: true });
    // Debian is glibc: the musl build is never loaded.
    const mine = join(prebuilds, `linux-${nodeArch}`);
    if (existsSync(mine)) for (const f of readdirSync(mine)) if (f.includes('.musl.')) rmSync(join(mine, f), { force: true });
  }
  // Build inputs and tools of dependencies (htmx's upgrade checker is a Python script).
  for (const junk of ['@serialport/bindings-cpp/src', '@serialport/bindings-cpp/binding.gyp', 'node-addon-api', 'htmx.org/dist/scripts', '@types']) rmSync(join(nm, junk), { recursive: true, force: true });
  // Type declarations, source maps of dependencies, docs and tests are not run.
  walk(nm, (path, isDir) => {
    const name = basename(path);
    if (isDir && ['test', 'tests', '__tests__', '.github', '.husky', 'docs', 'example', 'examples', 'benchmark', 'benchmarks'].includes(name)) {
      rmSync(path, { recursive: true, force: true });
      return false;
    }
    if (!isDir && (/\.(map|md|markdown|ts|tsx|mts|cts|html)$/i.test(name) || /^\.git(attributes|ignore|keep)$/.test(name) || /^(\.npmignore|\.eslintrc.*|\.prettierrc.*|\.editorconfig|tsconfig.*\.json|Makefile|\.travis\.yml|CHANGELOG.*|HISTORY.*|inc-version\.sh|build-test\.js)$/i.test(name))) {
      rmSync(path, { force: true });
    }
    return true;
  });
  removeEmptyDirs(nm);
}

/** Directories left empty by the pruning go too (bottom-up). */
function removeEmptyDirs(dir: string): boolean {
  let empty = true;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory() && removeEmptyDirs(path)) rmSync(path, { recursive: true });
    else empty = false;
  }
  return empty;
}

function startsWithShebang(path: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } finally {
    closeSync(fd);
  }
}

/** Depth-first walk; `visit` returns false to skip a directory's contents. */
function walk(dir: string, visit: (path: string, isDir: boolean) => boolean): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      if (visit(path, true) && existsSync(path)) walk(path, visit);
    } else visit(path, false);
  }
}

function copyFile(from: string, to: string, mode: number): void {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
  chmodSync(to, mode);
}

/** The runtime's share of dist/: no tests, benches, rig or maps (except the bundle's). */
function stageDist(stage: string): void {
  const dist = join(REPO_ROOT, 'dist');
  need(join(dist, 'gateway', 'scpm-edge.mjs'), 'run npm run build first');
  for (const part of ['gateway', 'display', 'scripts/simulator', 'scripts/kiosk']) {
    cpSync(join(dist, part), join(stage, LIB, 'dist', part), {
      recursive: true,
      filter: (src) => !/\.test\.js$|\.d\.ts$/.test(src) && !(src.endsWith('.map') && !src.endsWith('scpm-edge.mjs.map')),
    });
  }
}

function stageTree(stage: string, pkg: Pkg, arch: string): void {
  const lib = join(stage, LIB);
  stageDist(stage);
  stageNodeModules(stage, arch);
  // The runtime's package.json: "type": "module" makes dist/*.js ES modules; the build id reads it.
  writeFileSync(join(lib, 'package.json'), `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module', description: pkg.description, engines: pkg.engines, dependencies: pkg.dependencies }, null, 2)}\n`);
  cpSync(join(REPO_ROOT, 'display', 'assets'), join(lib, 'display', 'assets'), { recursive: true });
  cpSync(join(REPO_ROOT, 'display', 'data'), join(lib, 'display', 'data'), { recursive: true });
  for (const f of ['start.html', 'start.js', 'start.css']) copyFile(join(REPO_ROOT, 'kiosk', f), join(lib, 'kiosk', f), 0o644);
  copyFile(join(REPO_ROOT, 'scripts', 'systemd', 'notify-exec'), join(lib, 'scripts', 'systemd', 'notify-exec'), 0o755);
  for (const unit of ['scpm-edge.service', 'scpm-kiosk.service']) copyFile(join(REPO_ROOT, 'systemd', unit), join(stage, 'lib', 'systemd', 'system', unit), 0o644);
  copyFile(join(REPO_ROOT, 'packaging', 'office.example.yaml'), join(stage, 'etc', 'scpm-edge', 'office.yaml'), 0o644);
  copyFile(join(REPO_ROOT, 'packaging', 'pam.d', 'scpm-kiosk'), join(stage, 'etc', 'pam.d', 'scpm-kiosk'), 0o644);
  copyFile(join(REPO_ROOT, 'packaging', 'scpm-edge'), join(stage, 'usr', 'bin', 'scpm-edge'), 0o755);
  const man = join(stage, 'usr', 'share', 'man', 'man1');
  mkdirSync(man, { recursive: true });
  writeFileSync(join(man, 'scpm-edge.1.gz'), gzipSync(readFileSync(join(REPO_ROOT, 'packaging', 'scpm-edge.1')), { level: 9 }));
  const doc = join(stage, 'usr', 'share', 'doc', 'scpm-edge');
  mkdirSync(doc, { recursive: true });
  writeFileSync(join(doc, 'copyright'), copyright(stage));
  writeFileSync(join(doc, 'changelog.gz'), gzipSync(changelog(pkg), { level: 9 }));
  for (const d of ['README.md', 'docs/install.md', 'docs/kiosk.md']) {
    if (existsSync(join(REPO_ROOT, d))) writeFileSync(join(doc, `${basename(d)}.gz`), gzipSync(readFileSync(join(REPO_ROOT, d)), { level: 9 }));
  }
  copyFile(join(REPO_ROOT, 'packaging', 'lintian-overrides'), join(stage, 'usr', 'share', 'lintian', 'overrides', 'scpm-edge'), 0o644);
  // Native code: stripped of debug symbols (lintian: unstripped-binary-or-object).
  walk(lib, (path, isDir) => {
    if (!isDir && path.endsWith('.node')) sh('strip', ['--strip-unneeded', '--remove-section=.comment', '--remove-section=.note', path]);
    return true;
  });
}

/** Machine-readable copyright: ours, then each bundled package's license (as it declares it). */
function copyright(stage: string): string {
  const lines = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    'Upstream-Name: scpm-edge',
    '',
    'Files: *',
    'Copyright: 2026 the SCPM Edge developers',
    'License: other',
    ' All rights reserved by the SCPM Edge developers (no licence declared yet).',
    '',
    'Files: usr/lib/scpm-edge/display/data/seoul-districts.geojson',
    'Copyright: KOSTAT census boundary data (2013), via southkorea/seoul-maps',
    'License: Apache-2.0',
    ' On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.',
    '',
  ];
  const nm = join(stage, LIB, 'node_modules');
  const found: { rel: string; license: string }[] = [];
  walk(nm, (path, isDir) => {
    if (!isDir && basename(path) === 'package.json' && basename(dirname(dirname(path))).match(/^(node_modules|@[^/]+)$/)) {
      try {
        const p = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; license?: unknown };
        if (p.name) found.push({ rel: relative(stage, dirname(path)), license: typeof p.license === 'string' ? p.license : 'see-package' });
      } catch {
        // not a package manifest
      }
    }
    return true;
  });
  for (const f of found.sort((a, b) => a.rel.localeCompare(b.rel))) {
    lines.push(`Files: ${f.rel}/*`, 'Copyright: the authors of this npm package (see its own files)', `License: ${f.license.replace(/[()]/g, '').replace(/\s+OR\s+/g, ' or ')}`, ' The licence text is in this package\'s directory, where it ships one.', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function changelog(pkg: Pkg): Buffer {
  const date = new Date().toUTCString().replace('GMT', '+0000');
  return Buffer.from(`scpm-edge (${pkg.version}) unstable; urgency=medium\n\n  * Package built from the SCPM Edge source tree (npm run package).\n\n -- SCPM Edge developers <scpm-edge@scpm-edge.org>  ${date}\n`);
}

function installedSizeKiB(stage: string): number {
  let bytes = 0;
  walk(stage, (path, isDir) => {
    if (!isDir && !path.includes(`${stage}/DEBIAN`)) bytes += statSync(path).size;
    return true;
  });
  return Math.ceil(bytes / 1024);
}

/** Library dependencies of the native addons, as dpkg-shlibdeps computes them. */
function sharedLibDepends(stage: string): string {
  const elf: string[] = [];
  walk(join(stage, LIB), (path, isDir) => {
    if (!isDir && path.endsWith('.node')) elf.push(path);
    return true;
  });
  const work = mkdtempSync(join(tmpdir(), 'scpm-shlibdeps-'));
  try {
    mkdirSync(join(work, 'debian'));
    writeFileSync(join(work, 'debian', 'control'), 'Source: scpm-edge\n\nPackage: scpm-edge\nArchitecture: any\n');
    const out = sh('dpkg-shlibdeps', ['-O', '--ignore-missing-info', ...elf], { cwd: work });
    return /shlibs:Depends=(.*)/.exec(out)?.[1]?.trim() ?? '';
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function md5sums(stage: string): Promise<string> {
  const files: string[] = [];
  walk(stage, (path, isDir) => {
    const rel = relative(stage, path);
    if (rel === 'DEBIAN' || rel.startsWith('DEBIAN/')) return false;
    if (!isDir && !CONFFILES.includes(`/${rel}`)) files.push(rel);
    return true;
  });
  const lines: string[] = [];
  for (const rel of files.sort()) {
    const hash = createHash('md5');
    await new Promise<void>((resolve, reject) => createReadStream(join(stage, rel)).on('data', (c) => hash.update(c)).on('end', () => resolve()).on('error', reject));
    lines.push(`${hash.digest('hex')}  ${rel}`);
  }
  return `${lines.join('\n')}\n`;
}

function control(pkg: Pkg, arch: string, size: number, shlibs: string): string {
  const depends = [NODE_DEPENDS, 'adduser', 'init-system-helpers (>= 1.54)', shlibs].filter((d) => d !== '').join(', ');
  return [
    'Package: scpm-edge',
    `Version: ${pkg.version}`,
    `Architecture: ${arch}`,
    'Maintainer: SCPM Edge developers <scpm-edge@scpm-edge.org>',
    `Installed-Size: ${size}`,
    `Depends: ${depends}`,
    `Recommends: ${RECOMMENDS.join(', ')}`,
    'Suggests: sway',
    'Section: misc',
    'Priority: optional',
    'Description: office gateway of the Smart City Platform for Mayor',
    ' SCPM Edge takes the city\'s data over MQTT into a local SQLite store and',
    ' serves a live page to the wall display in an official\'s office, and a',
    ' read-only public mirror. The package runs the gateway as a hardened',
    ' systemd service with a watchdog, and the wall as a kiosk (cage and',
    ' Chromium on tty1) that recovers from crashes and hung pages by itself.',
    ` Built for Node.js ${NODE_MAJOR} (its native modules are tied to that ABI).`,
    '',
  ].join('\n');
}

export interface BuildResult { deb: string; bytes: number; installedKiB: number; ms: number; staging: string | null }

export async function buildDeb(o: { outDir?: string; keep?: boolean } = {}): Promise<BuildResult> {
  const started = Date.now();
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Pkg;
  const arch = sh('dpkg', ['--print-architecture']).trim();
  if (Number(process.versions.node.split('.')[0]) !== NODE_MAJOR) {
    throw new Error(`the package is built for Node ${NODE_MAJOR} (its better-sqlite3 addon is tied to that ABI); this is Node ${process.versions.node}`);
  }
  const stage = mkdtempSync(join(tmpdir(), 'scpm-deb-'));
  try {
    stageTree(stage, pkg, arch);
    // The addon must load in the Node the package depends on: built for its ABI.
    sh(process.execPath, ['-e', "const D=require('better-sqlite3'); const d=new D(':memory:'); d.prepare('select 1').get(); d.close()"], { cwd: join(stage, LIB) });
    const debian = join(stage, 'DEBIAN');
    mkdirSync(debian, { mode: 0o755 });
    writeFileSync(join(debian, 'control'), control(pkg, arch, installedSizeKiB(stage), sharedLibDepends(stage)));
    writeFileSync(join(debian, 'conffiles'), `${CONFFILES.join('\n')}\n`);
    for (const script of ['postinst', 'prerm', 'postrm']) copyFile(join(REPO_ROOT, 'packaging', 'debian', script), join(debian, script), 0o755);
    writeFileSync(join(debian, 'md5sums'), await md5sums(stage));
    // Every directory 0755, every file 0644 unless executable: whatever the checkout's umask was.
    walk(stage, (path, isDir) => {
      const mode = statSync(path).mode;
      // In node_modules a file is a program only if it says so (#!); a native addon is a library.
      const executable = path.includes('/node_modules/') ? !isDir && startsWithShebang(path) : (mode & 0o100) !== 0;
      chmodSync(path, isDir || executable ? 0o755 : 0o644);
      return true;
    });
    chmodSync(stage, 0o755);
    const outDir = o.outDir ?? join(REPO_ROOT, 'artifacts');
    mkdirSync(outDir, { recursive: true });
    const deb = join(outDir, `scpm-edge_${pkg.version}_${arch}.deb`);
    sh('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, deb]);
    return { deb, bytes: statSync(deb).size, installedKiB: installedSizeKiB(stage), ms: Date.now() - started, staging: o.keep ? stage : null };
  } finally {
    if (!o.keep) rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const r = await buildDeb({ outDir: outIdx >= 0 ? args[outIdx + 1] : undefined, keep: args.includes('--keep') });
  console.log(`package: ${r.deb} (${(r.bytes / 1048576).toFixed(1)} MiB, ${(r.installedKiB / 1024).toFixed(1)} MiB installed) in ${(r.ms / 1000).toFixed(1)} s${r.staging ? `; staging kept at ${r.staging}` : ''}`);
}
