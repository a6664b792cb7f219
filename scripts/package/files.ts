// File helpers of the packaging script: running a tool, walking a tree,
// copying with a mode, pruning empty directories.
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, lstatSync, mkdirSync, openSync, readSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stderr ?? e.message}`);
  }
}

export function need(path: string, hint: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
}

/** Directories left empty by the pruning go too (bottom-up). */
export function removeEmptyDirs(dir: string): boolean {
  let empty = true;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory() && removeEmptyDirs(path)) rmSync(path, { recursive: true });
    else empty = false;
  }
  return empty;
}

export function startsWithShebang(path: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } finally {
    closeSync(fd);
  }
}

/** Depth-first walk; `visit` returns false to skip a directory's contents. */
export function walk(dir: string, visit: (path: string, isDir: boolean) => boolean): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      if (visit(path, true) && existsSync(path)) walk(path, visit);
    } else visit(path, false);
  }
}

export function copyFile(from: string, to: string, mode: number): void {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
  chmodSync(to, mode);
}
