// The build stamp: a hash of every source the build reads (the TypeScript the
// build compiles, the tsconfigs, package.json and the lock file), written to
// dist/ after each build with the bundle's own hash. `npm start` runs
// `node dist/scripts/build/stamp.js check` first and builds only when it
// fails (sources changed, or dist/ missing or touched): a restart costs no
// ~17 s rebuild, and the bundle (hence the build id) stays byte for byte.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP_FILE = join('dist', '.build-stamp.json');
export const BUNDLE_FILE = join('dist', 'gateway', 'scpm-edge.mjs');
const SOURCE_DIRS = ['gateway', 'display', 'scripts'];
const ROOT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** What tsc compiles (tsconfig.build.json leaves the tests out). */
const isSource = (name: string) => /\.(ts|tsx|json)$/.test(name) && !/\.test\.tsx?$/.test(name);

interface Stamp { sources: string; bundle: string; builtAt: string }

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else if (e.isFile() && isSource(e.name)) out.push(path);
  }
}

/** Hash of every source's path and bytes (file times play no part). */
export function sourceDigest(root: string): string {
  const files: string[] = ROOT_FILES.map((f) => join(root, f));
  for (const d of SOURCE_DIRS) walk(join(root, d), files);
  const hash = createHash('sha256');
  for (const f of files.map((p) => relative(root, p)).sort()) {
    hash.update(`${f}\0`);
    try {
      hash.update(readFileSync(join(root, f)));
    } catch {
      hash.update('(missing)');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

const fileDigest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

export function writeStamp(root: string, now = new Date()): Stamp {
  const stamp: Stamp = { sources: sourceDigest(root), bundle: fileDigest(join(root, BUNDLE_FILE)), builtAt: now.toISOString() };
  writeFileSync(join(root, STAMP_FILE), JSON.stringify(stamp, null, 2) + '\n');
  return stamp;
}

/** Whether dist/ was built from exactly these sources and is still as built; the reason when not. */
export function checkStamp(root: string): { fresh: true; builtAt: string } | { fresh: false; reason: string } {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return { fresh: false, reason: 'no build stamp in dist/ (first build)' };
  }
  if (!existsSync(join(root, BUNDLE_FILE))) return { fresh: false, reason: `${BUNDLE_FILE} is missing` };
  if (fileDigest(join(root, BUNDLE_FILE)) !== stamp.bundle) return { fresh: false, reason: `${BUNDLE_FILE} differs from what the last build wrote` };
  if (sourceDigest(root) !== stamp.sources) return { fresh: false, reason: 'sources changed since the last build' };
  return { fresh: true, builtAt: stamp.builtAt };
}

// CLI: `node dist/scripts/build/stamp.js check` → exit 0 when fresh, 1 (with the reason) when a build is needed.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  if (process.argv[2] === 'check') {
    const r = checkStamp(root);
    if (r.fresh) {
      process.stdout.write(`build: up to date (sources unchanged since ${r.builtAt}); not rebuilding\n`);
    } else {
      process.stdout.write(`build: ${r.reason}; building\n`);
      process.exitCode = 1;
    }
  } else {
    process.stderr.write('usage: node dist/scripts/build/stamp.js check\n');
    process.exitCode = 2;
  }
}
