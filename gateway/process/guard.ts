// The parent-death guard: every child is started as
//   setpriv --pdeathsig ALRM -- timeout -s KILL 0 <command> <args…>
// setpriv asks the kernel to send SIGALRM when the gateway dies (even by
// SIGKILL), then execs timeout (the setting survives exec). GNU timeout runs
// the command as its child, in the group, without a time limit (0); SIGALRM is
// its own "time is up", on which it sends the kill signal (-s KILL) to the
// command and to its whole process group, grandchildren included. A bare
// `setpriv --pdeathsig KILL` would kill the direct child only. See
// docs/decisions/2026-11-29-process-supervisor.md.
import { execFile } from 'node:child_process';
import { resolveExecutable } from './executable.js';
import { DEFAULT_PATH } from './env.js';

export type GuardKind = 'group' | 'child-only' | 'none';

export interface Guard {
  /** group: the whole process group dies with the gateway; child-only: the direct child only; none: nothing. */
  kind: GuardKind;
  /** Why the guard is weaker than `group` (for the log); null when it is `group`. */
  weakness: string | null;
  wrap(executable: string, args: readonly string[]): { file: string; args: string[] };
}

export interface GuardTools {
  /** Paths of the tools; null: treat as absent. Looked up on the standard PATH when undefined. */
  setpriv?: string | null;
  timeout?: string | null;
}

export async function detectGuard(tools: GuardTools = {}): Promise<Guard> {
  const setpriv = await locate('setpriv', tools.setpriv);
  const timeout = await locate('timeout', tools.timeout);
  if (setpriv && timeout && (await runs(setpriv, ['--pdeathsig', 'ALRM', '--', timeout, '-s', 'KILL', '0', timeout, '--version']))) {
    return {
      kind: 'group',
      weakness: null,
      wrap: (file, args) => ({ file: setpriv, args: ['--pdeathsig', 'ALRM', '--', timeout, '-s', 'KILL', '0', file, ...args] }),
    };
  }
  if (setpriv && (await runs(setpriv, ['--pdeathsig', 'KILL', '--', setpriv, '--version']))) {
    return {
      kind: 'child-only',
      weakness: 'GNU timeout is missing or unusable: a grandchild of a child survives the gateway\'s death (install coreutils)',
      wrap: (file, args) => ({ file: setpriv, args: ['--pdeathsig', 'KILL', '--', file, ...args] }),
    };
  }
  return {
    kind: 'none',
    weakness: 'setpriv (util-linux 2.33 or later) is missing or unusable: children survive the gateway\'s death by SIGKILL unless systemd kills the control group',
    wrap: (file, args) => ({ file, args: [...args] }),
  };
}

async function locate(name: string, given: string | null | undefined): Promise<string | null> {
  if (given === null) return null;
  const found = await resolveExecutable(given ?? name, DEFAULT_PATH);
  return found.kind === 'found' ? found.path : null;
}

function runs(file: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000, env: { PATH: DEFAULT_PATH } }, (err) => resolve(err === null));
  });
}
