// One run of a supervised child: its process, timers and last output, and
// the ways a run ends: a signal to its whole process group, the exit, then the
// pipes closed (or given up on after CLOSE_WAIT_MS).
import type { ChildProcess } from 'node:child_process';
import type { ChildExit } from './types.js';
import type { LineSplitter } from './line-splitter.js';

/** After the exit, how long the output pipes may stay open (held by an escaped grandchild) before they are closed anyway. */
export const CLOSE_WAIT_MS = 500;

export interface Run {
  proc: ChildProcess;
  pid: number;
  /** The leader is GNU timeout, which passes a SIGTERM on to the program and to the group itself. */
  leaderForwardsTerm: boolean;
  startedAt: number;
  readyAt: number | null;
  lastLife: number;
  /** Set when the supervisor ends this run, with the health text to show (null: keep the last one). */
  killReason: ChildExit['reason'] | null;
  killError: string | null;
  killDeadline: number;
  restartNow: boolean;
  readyTimer: NodeJS.Timeout | null;
  watchdogTimer: NodeJS.Timeout | null;
  killTimer: NodeJS.Timeout | null;
  closeTimer: NodeJS.Timeout | null;
  stdoutLines: LineSplitter | null;
  stderrLines: LineSplitter;
  lastLine: { stdout: string | null; stderr: string | null };
  exited: { code: number | null; signal: string | null } | null;
  done: boolean;
  waiters: (() => void)[];
}

/** A run just spawned; its line splitters are added by the caller (they call back into it). */
export function newRun(proc: ChildProcess, pid: number, leaderForwardsTerm: boolean, now: number): Omit<Run, 'stdoutLines' | 'stderrLines'> {
  return {
    proc, pid, leaderForwardsTerm, startedAt: now, readyAt: null, lastLife: now,
    killReason: null, killError: null, killDeadline: Infinity, restartNow: false,
    readyTimer: null, watchdogTimer: null, killTimer: null, closeTimer: null,
    lastLine: { stdout: null, stderr: null }, exited: null, done: false, waiters: [],
  };
}

export function signalRun(run: Run, sig: NodeJS.Signals): void {
  try {
    // A SIGTERM sent to the group as well would reach the program three times (ffmpeg hard-exits after more than three).
    process.kill(sig === 'SIGTERM' && run.leaderForwardsTerm ? run.pid : -run.pid, sig);
  } catch {
    // The group is gone (ESRCH); the leader alone, if it left the group, still gets it.
    try {
      if (!run.exited) run.proc.kill(sig);
    } catch {
      // gone
    }
  }
}

export function clearRunTimers(run: Run): void {
  if (run.readyTimer) clearTimeout(run.readyTimer);
  if (run.watchdogTimer) clearTimeout(run.watchdogTimer);
  run.readyTimer = null;
  run.watchdogTimer = null;
}

/** SIGTERM to the group now (unless sent already), SIGKILL after `graceMs`. Returns false when a kill with a nearer deadline is under way. */
export function killRun(run: Run, reason: ChildExit['reason'], error: string | null, graceMs: number, mono: number): boolean {
  if (run.done || run.exited) return false;
  const deadline = mono + graceMs;
  const first = run.killReason === null;
  if (first) {
    run.killReason = reason;
    run.killError = error;
    clearRunTimers(run);
    signalRun(run, 'SIGTERM');
  } else if (deadline >= run.killDeadline) {
    return false;
  }
  run.killDeadline = deadline;
  if (run.killTimer) clearTimeout(run.killTimer);
  run.killTimer = setTimeout(() => {
    run.killTimer = null;
    signalRun(run, 'SIGKILL');
  }, graceMs);
  return first;
}

/** The leader exited: what it left in its group goes with it, and the pipes get CLOSE_WAIT_MS to close before `finish` runs anyway. */
export function runExited(run: Run, code: number | null, signal: NodeJS.Signals | null, finish: () => void): void {
  run.exited = { code, signal };
  clearRunTimers(run);
  if (run.killTimer) {
    clearTimeout(run.killTimer);
    run.killTimer = null;
  }
  // Whatever the leader left behind in its group (grandchildren holding camera ports) goes with it.
  try {
    process.kill(-run.pid, 'SIGKILL');
  } catch {
    // nothing left
  }
  run.closeTimer = setTimeout(() => {
    run.closeTimer = null;
    finish();
  }, CLOSE_WAIT_MS);
}

/** Marks the run done: its timers cleared, its output flushed, its pipes closed. False when it was done already. */
export function closeRun(run: Run): boolean {
  if (run.done) return false;
  run.done = true;
  clearRunTimers(run);
  for (const t of [run.killTimer, run.closeTimer]) if (t) clearTimeout(t);
  run.killTimer = null;
  run.closeTimer = null;
  run.stdoutLines?.flush();
  run.stderrLines.flush();
  return true;
}

export function destroyPipes(run: Run): void {
  for (const s of [run.proc.stdin, run.proc.stdout, run.proc.stderr]) s?.destroy();
}

/** Health text of an exit: how it ended and the last line it wrote. */
export function describeExit(code: number | null, signal: string | null, run: Run): string {
  const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
  const last = run.lastLine.stderr ?? run.lastLine.stdout;
  return last ? `${how}: ${last}` : how;
}
