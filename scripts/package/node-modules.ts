// The production node_modules in the package: what npm lists for production,
// then pruned of what only building needs (sources, docs, tests, other
// architectures' prebuilds).
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { REPO_ROOT } from '../rig/repo.js';
import { need, removeEmptyDirs, sh, walk } from './files.js';
import { LIB } from './layout.js';

/** Production packages, as npm sees them (paths under node_modules, nested ones included). */
function productionPackages(): string[] {
  const out = sh('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO_ROOT });
  return out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(join(REPO_ROOT, 'node_modules') + '/')).map((l) => relative(REPO_ROOT, l));
}

/** Copies the production node_modules, then drops what only building needs. */
export function stageNodeModules(stage: string, arch: string): void {
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
