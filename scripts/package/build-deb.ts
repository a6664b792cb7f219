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
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../rig/repo.js';
import { copyFile, need, sh, startsWithShebang, walk } from './files.js';
import { stageNodeModules } from './node-modules.js';
import { changelog, control, copyright, installedSizeKiB, md5sums, sharedLibDepends } from './metadata.js';
import { CONFFILES, LIB, NODE_MAJOR, type Pkg } from './layout.js';

export { CONFFILES, NODE_DEPENDS, NODE_MAJOR, RECOMMENDS } from './layout.js';

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
