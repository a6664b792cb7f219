// Where the repository is, both from TS sources (vitest) and from dist/ (bench).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
}

export const REPO_ROOT = findRoot();
/**
 * Node flags the gateway runs with, on the command line because V8 sizes its
 * heap when the isolate starts: a small young generation, and an old one grown
 * by 20 % per full GC so a burst does not leave the heap at its high-water
 * mark (docs/decisions/2026-11-23-memory.md); and no memory reducer, whose
 * three full GCs in a row after a start or a burst put 2–14 ms pauses on the
 * wall's live values (the heap compactor returns the memory in quiet time:
 * docs/decisions/2026-11-29-live-path.md, point 11). package.json's start
 * script and the systemd unit repeat them; scripts/rig/repo.test.ts keeps the
 * three in step.
 */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=20', '--no-memory-reducer'] as const;
/**
 * Environment the gateway runs with (glibc reads it before the first malloc).
 * One malloc arena: V8's compile and GC threads otherwise keep their own,
 * whose freed memory stays resident (same decision note). package.json's
 * start script and the systemd unit repeat it.
 */
export const GATEWAY_ENV = { MALLOC_ARENA_MAX: '1' } as const;
/** What `npm start` and systemd run: the gateway bundled into one module (scripts/build/bundle.ts). */
export const GATEWAY_MAIN = join(REPO_ROOT, 'dist', 'gateway', 'scpm-edge.mjs');
/** tsc's output for the gateway's entry, from which the bundle is made. */
export const GATEWAY_ENTRY = join(REPO_ROOT, 'dist', 'gateway', 'main.js');
export const CHECK_CONFIG = join(REPO_ROOT, 'dist', 'gateway', 'config', 'check-config.js');
