// The package's metadata: the control file, md5sums, the machine-readable
// copyright, the changelog, the installed size and the shared-library
// dependencies of its native addons.
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { sh, walk } from './files.js';
import { CONFFILES, LIB, NODE_DEPENDS, NODE_MAJOR, RECOMMENDS, type Pkg } from './layout.js';

/** Machine-readable copyright: ours, then each bundled package's license (as it declares it). */
export function copyright(stage: string): string {
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

export function changelog(pkg: Pkg): Buffer {
  const date = new Date().toUTCString().replace('GMT', '+0000');
  return Buffer.from(`scpm-edge (${pkg.version}) unstable; urgency=medium\n\n  * Package built from the SCPM Edge source tree (npm run package).\n\n -- SCPM Edge developers <scpm-edge@scpm-edge.org>  ${date}\n`);
}

export function installedSizeKiB(stage: string): number {
  let bytes = 0;
  walk(stage, (path, isDir) => {
    if (!isDir && !path.includes(`${stage}/DEBIAN`)) bytes += statSync(path).size;
    return true;
  });
  return Math.ceil(bytes / 1024);
}

/** Library dependencies of the native addons, as dpkg-shlibdeps computes them. */
export function sharedLibDepends(stage: string): string {
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

export async function md5sums(stage: string): Promise<string> {
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

export function control(pkg: Pkg, arch: string, size: number, shlibs: string): string {
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
