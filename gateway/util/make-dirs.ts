// `mkdir -p`, one level at a time. Node 20's `mkdirSync(…, { recursive: true })`
// never returns for a path under /proc (each level's mkdir answers ENOENT and
// it tries the parent again, for ever): a data directory set there must fail
// with its error, not hang the gateway's start.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `dir` and any missing parents; throws the first level's error (ENOTDIR, EACCES, ENOENT …). */
export function makeDirs(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (exists(at)) break;
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing.reverse()) mkdirSync(level, mode === undefined ? undefined : { mode });
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
