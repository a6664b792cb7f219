// Before a child runs: the guard that ties it to the gateway's life, its
// executable found on PATH, its working directory there; then the spawn, in a
// session and process group of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { DEFAULT_PATH } from './env.js';
import { isDirectory, resolveExecutable } from './executable.js';
import type { Guard } from './guard.js';
import type { ChildSpec } from './types.js';

export type StartPlan = { ok: true; guard: Guard; executable: string } | { ok: false; message: string; missing: boolean };

export async function planStart(spec: ChildSpec, env: Record<string, string>, program: string, guard: () => Promise<Guard>): Promise<StartPlan> {
  const [g, found, cwdOk] = await Promise.all([
    guard(),
    resolveExecutable(spec.command, env.PATH ?? DEFAULT_PATH),
    spec.cwd === undefined ? Promise.resolve(true) : isDirectory(spec.cwd),
  ]);
  if (found.kind === 'missing') return { ok: false, message: `${program} not found${spec.installHint ? `: ${spec.installHint}` : ''}`, missing: true };
  if (found.kind === 'unusable') return { ok: false, message: found.reason, missing: false };
  if (!cwdOk) return { ok: false, message: `working directory ${spec.cwd} does not exist`, missing: false };
  return { ok: true, guard: g, executable: found.path };
}

/** Spawns the guarded command; throws when Node refuses at once (a spawn that fails later reports on 'error', with no pid). */
export function spawnGrouped(plan: { guard: Guard; executable: string }, spec: ChildSpec, env: Record<string, string>): ChildProcess {
  const { file, args } = plan.guard.wrap(plan.executable, spec.args);
  return spawn(file, args, {
    // Its own session and process group, so one signal reaches everything it starts.
    detached: true,
    cwd: spec.cwd,
    env,
    stdio: [spec.stdin === 'pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
}
