// cage's process tree as Linux /proc shows it: Chromium's helpers (zygote,
// crashpad) leave cage's process group, so a group kill alone misses them.
import { readFileSync, readdirSync } from 'node:fs';

/** A process as /proc shows it: its id and start time (so a reused PID is not mistaken for it). */
export interface ProcId { pid: number; start: string }

function procStat(pid: number): { ppid: number; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), start: f[19] ?? '' };
  } catch {
    return null;
  }
}

/**
 * Every descendant of `root` (Linux /proc). Chromium's helpers (zygote,
 * crashpad) leave cage's process group, so a group kill alone misses them.
 */
export function descendants(root: number): ProcId[] {
  const children = new Map<number, number[]>();
  const starts = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (!st) continue;
    starts.set(Number(name), st.start);
    const list = children.get(st.ppid) ?? [];
    list.push(Number(name));
    children.set(st.ppid, list);
  }
  const out: ProcId[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0 && out.length < 10_000) {
    const pid = queue.shift()!;
    out.push({ pid, start: starts.get(pid) ?? '' });
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** SIGKILLs those of `procs` still alive (same PID and start time). */
export function killSurvivors(procs: readonly ProcId[]): number {
  let killed = 0;
  for (const p of procs) {
    if (procStat(p.pid)?.start !== p.start) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
      killed++;
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}
