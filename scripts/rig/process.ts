// Child processes started by the rig: output captured line by line (bounded),
// stopped by PID with a deadline, and SIGKILLed if the host process exits
// first, so a failing test leaves no orphans.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of live) {
      if (p.exitCode === null && p.signalCode === null) {
        try {
          p.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
}

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

export interface Tracked {
  proc: ChildProcess;
  pid: number;
  /** Captured stdout lines (up to `maxLines`, then the oldest go). */
  stdout: string[];
  stderr: string[];
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  running(): boolean;
}

export function spawnTracked(command: string, args: string[], opts: SpawnOptions & { maxLines?: number; onLine?: (line: string, stream: 'stdout' | 'stderr') => void } = {}): Tracked {
  installExitHook();
  const maxLines = opts.maxLines ?? 200_000;
  const proc = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<Exit>((resolve) => {
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      resolve({ code, signal });
    });
    proc.once('error', () => {
      live.delete(proc);
      resolve({ code: null, signal: null });
    });
  });
  for (const [stream, lines, name] of [[proc.stdout, stdout, 'stdout'], [proc.stderr, stderr, 'stderr']] as const) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > maxLines) lines.splice(0, lines.length - maxLines);
      opts.onLine?.(line, name);
    });
  }
  if (proc.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    proc,
    pid: proc.pid,
    stdout,
    stderr,
    exited,
    running: () => proc.exitCode === null && proc.signalCode === null,
  };
}

/**
 * Sends `signal`, waits up to `timeoutMs` for the exit, then SIGKILLs and waits
 * again. Returns the exit, how long it took, and whether SIGKILL was needed.
 */
export async function stopTracked(t: Tracked, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 5000): Promise<Exit & { ms: number; forced: boolean }> {
  const started = Date.now();
  if (!t.running()) return { ...(await t.exited), ms: 0, forced: false };
  t.proc.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const first = await Promise.race([t.exited, timedOut]);
  clearTimeout(timer);
  if (first !== 'timeout') return { ...first, ms: Date.now() - started, forced: false };
  t.proc.kill('SIGKILL');
  const exit = await Promise.race([t.exited, new Promise<Exit>((resolve) => setTimeout(() => resolve({ code: null, signal: null }), 5000))]);
  return { ...exit, ms: Date.now() - started, forced: true };
}

/** PIDs whose parent is `pid` (Linux /proc). */
export async function childPids(pid: number): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...; comm may hold spaces and parens.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Every descendant of `pid` (children, their children, …). */
export async function descendantPids(pid: number): Promise<number[]> {
  const out: number[] = [];
  let level = [pid];
  while (level.length > 0) {
    const next: number[] = [];
    for (const p of level) next.push(...(await childPids(p)));
    out.push(...next);
    level = next;
  }
  return out;
}

/** Alive and not a zombie (a zombie has exited; it only waits to be reaped by whoever adopted it). */
export function pidRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident set size of a process in bytes, from /proc/PID/status (VmRSS). */
export async function rssBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}
