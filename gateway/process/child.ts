// One supervised child: each run is started (wrapped by the parent-death
// guard), watched for its ready line and for silence, and ended by a signal to
// its whole process group; then it is started again after a backoff, or not.
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import type { Logger } from '../logger.js';
import { backoffDelay } from './backoff.js';
import { cleanEnv, DEFAULT_PATH } from './env.js';
import { isDirectory, resolveExecutable } from './executable.js';
import type { Guard } from './guard.js';
import { LineSplitter } from './line-splitter.js';
import { LogLimiter } from '../log/limiter.js';
import { createRedactor, type Redactor } from './redact.js';
import type { ChildEvents, ChildExit, ChildHandle, ChildHealth, ChildSpec, ChildState } from './types.js';

export const DEFAULTS = { stopGraceMs: 2000, restartMinMs: 500, restartMaxMs: 30_000, healthyAfterMs: 30_000 } as const;
/** After the exit, how long the output pipes may stay open (held by an escaped grandchild) before they are closed anyway. */
const CLOSE_WAIT_MS = 500;
/** The last output line kept for the health text. */
const LAST_LINE_CHARS = 300;

export interface SupervisorCounters {
  starts: number;
  restarts: number;
  exits: number;
  readyTimeouts: number;
  stalls: number;
  spawnErrors: number;
  missing: number;
  linesLogged: number;
  linesDropped: number;
  linesTruncated: number;
  pipeErrors: number;
  callbackErrors: number;
}

export interface ChildLimits {
  maxLineBytes: number;
  logLinesPerWindow: number;
  logWindowMs: number;
}

export interface ChildDeps {
  /** Already namespaced for this child. */
  log: Logger;
  /** Epoch ms, for what health reports. */
  now: () => number;
  /** Monotonic ms, for intervals. */
  mono: () => number;
  random: () => number;
  guard: () => Promise<Guard>;
  baseEnv: NodeJS.ProcessEnv;
  limits: ChildLimits;
  counters: SupervisorCounters;
  /** Called once, when the child is stopped for good (by stop(), or a one-shot child's end). */
  onStopped: (child: SupervisedChild) => void;
}

type Stream = 'stdout' | 'stderr';

interface Run {
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

export class SupervisedChild implements ChildHandle {
  readonly name: string;
  private readonly program: string;
  private readonly env: Record<string, string>;
  private readonly redact: Redactor;
  private readonly limiter: LogLimiter;
  /** A handler that throws on every line of a flood must not flood the log either. */
  private readonly handlerErrorLimiter: LogLimiter;
  private readonly graceMs: number;

  private state: ChildState = 'starting';
  private since: number;
  private pid: number | null = null;
  private restarts = 0;
  private stalls = 0;
  private lastExit: ChildExit | null = null;
  private lastError: string | null = null;
  private retryAt: number | null = null;

  private run: Run | null = null;
  private attempts = 0;
  private attempting = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private reportedStopped = false;
  private lastLoggedError: string | null = null;

  constructor(private readonly spec: ChildSpec, private readonly events: ChildEvents, private readonly deps: ChildDeps) {
    this.name = spec.name;
    this.program = basename(spec.command) || spec.command;
    this.env = cleanEnv(deps.baseEnv, spec.env);
    this.redact = createRedactor(spec.secrets);
    this.limiter = new LogLimiter(deps.limits.logLinesPerWindow, deps.limits.logWindowMs, deps.mono);
    this.handlerErrorLimiter = new LogLimiter(5, deps.limits.logWindowMs, deps.mono);
    this.graceMs = spec.stopGraceMs ?? DEFAULTS.stopGraceMs;
    this.since = deps.now();
  }

  start(): void {
    void this.attempt();
  }

  health(): ChildHealth {
    return {
      name: this.name,
      state: this.state,
      pid: this.pid,
      since: this.since,
      restarts: this.restarts,
      stalls: this.stalls,
      lastExit: this.lastExit,
      lastError: this.lastError,
      retryAt: this.retryAt,
    };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  write(data: Buffer | string): boolean {
    const run = this.run;
    const stdin = run?.proc.stdin;
    if (!run || !stdin || run.exited || run.killReason !== null || !stdin.writable || stdin.writableNeedDrain) return false;
    stdin.write(data);
    return true;
  }

  restart(reason: string): void {
    if (this.stopped) return;
    this.deps.log.info({ reason: this.redact(reason) }, 'restart requested');
    const run = this.run;
    if (run && !run.done) {
      run.restartNow = true;
      if (run.killReason === null && !run.exited) this.kill(run, 'stopped', null, this.graceMs);
      return;
    }
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.retryAt = null;
      void this.attempt();
    }
    // Otherwise a start is under way already.
  }

  stop(): Promise<void> {
    return this.stopWithin(this.graceMs);
  }

  /** stop() with a grace no longer than `graceMs` (the shutdown deadline). */
  stopWithin(graceMs: number): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.retryAt = null;
    const run = this.run;
    if (!run || run.done) {
      this.becomeStopped();
      return Promise.resolve();
    }
    const gone = new Promise<void>((resolve) => run.waiters.push(resolve));
    if (!run.exited) this.kill(run, 'stopped', null, Math.min(graceMs, this.graceMs));
    return gone;
  }

  /** SIGKILL to the group of the current run, if any (the shutdown deadline has passed). */
  forceKill(): void {
    const run = this.run;
    if (run && !run.done) this.signal(run, 'SIGKILL');
  }

  // --- starting -------------------------------------------------------------

  private async attempt(): Promise<void> {
    if (this.stopped || this.attempting) return;
    if (this.attempts++ > 0) {
      this.restarts++;
      this.deps.counters.restarts++;
    }
    this.attempting = true;
    try {
      const [guard, found, cwdOk] = await Promise.all([
        this.deps.guard(),
        resolveExecutable(this.spec.command, this.env.PATH ?? DEFAULT_PATH),
        this.spec.cwd === undefined ? Promise.resolve(true) : isDirectory(this.spec.cwd),
      ]);
      this.attempting = false;
      if (this.stopped) return;
      if (found.kind === 'missing') {
        this.failStart(`${this.program} not found${this.spec.installHint ? `: ${this.spec.installHint}` : ''}`, true);
      } else if (found.kind === 'unusable') {
        this.failStart(found.reason, false);
      } else if (!cwdOk) {
        this.failStart(`working directory ${this.spec.cwd} does not exist`, false);
      } else {
        this.launch(guard, found.path);
      }
    } catch (err) {
      this.attempting = false;
      if (!this.stopped) this.failStart(`cannot start ${this.program}: ${(err as Error).message}`, false);
    }
  }

  private launch(guard: Guard, executable: string): void {
    const { file, args } = guard.wrap(executable, this.spec.args);
    let proc: ChildProcess;
    try {
      proc = spawn(file, args, {
        // Its own session and process group, so one signal reaches everything it starts.
        detached: true,
        cwd: this.spec.cwd,
        env: this.env,
        stdio: [this.spec.stdin === 'pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      this.failStart(`cannot start ${this.program}: ${(err as Error).message}`, false);
      return;
    }
    if (proc.pid === undefined) {
      // The spawn failed; Node reports why on 'error'.
      proc.once('error', (err: NodeJS.ErrnoException) => {
        for (const s of [proc.stdin, proc.stdout, proc.stderr]) s?.destroy();
        if (!this.stopped) this.failStart(`cannot start ${this.program}: ${err.code ?? err.message}`, false);
      });
      return;
    }
    const now = this.deps.mono();
    const bytesOut = this.spec.stdout === 'bytes';
    const run: Run = {
      proc,
      pid: proc.pid,
      leaderForwardsTerm: guard.kind === 'group',
      startedAt: now,
      readyAt: null,
      lastLife: now,
      killReason: null,
      killError: null,
      killDeadline: Infinity,
      restartNow: false,
      readyTimer: null,
      watchdogTimer: null,
      killTimer: null,
      closeTimer: null,
      stdoutLines: bytesOut ? null : new LineSplitter(this.deps.limits.maxLineBytes, (line, cut) => this.onLine(run, line, cut, 'stdout')),
      stderrLines: new LineSplitter(this.deps.limits.maxLineBytes, (line, cut) => this.onLine(run, line, cut, 'stderr')),
      lastLine: { stdout: null, stderr: null },
      exited: null,
      done: false,
      waiters: [],
    };
    this.run = run;
    this.pid = run.pid;
    this.deps.counters.starts++;
    this.setState('starting');
    this.deps.log.debug({ pid: run.pid, command: this.program }, 'child started');

    proc.on('error', (err) => this.deps.log.warn({ err: this.redact(err.message) }, 'child process error'));
    proc.once('exit', (code, signal) => this.onExit(run, code, signal));
    proc.once('close', () => this.finish(run));
    const pipeError = (): void => {
      this.deps.counters.pipeErrors++;
    };
    proc.stdin?.on('error', pipeError); // EPIPE when the child has gone: counted, never thrown
    proc.stdout?.on('error', pipeError);
    proc.stderr?.on('error', pipeError);
    proc.stdout?.on('data', (chunk: Buffer) => this.onData(run, chunk, 'stdout'));
    proc.stderr?.on('data', (chunk: Buffer) => this.onData(run, chunk, 'stderr'));

    const ready = this.spec.ready;
    if (ready) {
      run.readyTimer = setTimeout(() => {
        run.readyTimer = null;
        this.deps.counters.readyTimeouts++;
        this.kill(run, 'ready-timeout', `not ready within ${ready.timeoutMs} ms`, this.graceMs);
      }, ready.timeoutMs);
    } else {
      this.becomeReady(run);
    }
  }

  private failStart(message: string, missing: boolean): void {
    const text = this.redact(message);
    if (missing) this.deps.counters.missing++;
    else this.deps.counters.spawnErrors++;
    this.lastError = text;
    if (text !== this.lastLoggedError) this.deps.log.warn({ command: this.program }, `cannot start: ${text}`);
    this.lastLoggedError = text;
    const exit: ChildExit = { code: null, signal: null, at: this.deps.now(), reason: 'spawn-error' };
    this.lastExit = exit;
    if (this.spec.restart === false) {
      this.becomeStopped();
    } else if (missing) {
      // Not installed: retried slowly, at the longest delay, until someone installs it.
      this.scheduleRetry(backoffDelay(Number.MAX_SAFE_INTEGER, this.backoffLimits(), this.deps.random), 'missing', exit.at);
    } else {
      this.failures++;
      this.scheduleRetry(backoffDelay(this.failures, this.backoffLimits(), this.deps.random), 'backoff', exit.at);
    }
    this.emit(() => this.events.exit?.(exit));
  }

  // --- output -----------------------------------------------------------------

  private onData(run: Run, chunk: Buffer, stream: Stream): void {
    if (run.done) return;
    const wd = this.spec.watchdog;
    if (wd && this.watches(stream) && (!wd.progress || (stream === 'stdout' && !run.stdoutLines))) run.lastLife = this.deps.mono();
    if (stream === 'stdout' && !run.stdoutLines) {
      const onStdout = this.events.stdout;
      if (onStdout) this.emit(() => onStdout(chunk));
    } else {
      (stream === 'stdout' ? run.stdoutLines : run.stderrLines)?.push(chunk);
    }
    if (run.readyAt === null && !this.spec.ready?.line) this.becomeReady(run);
  }

  private onLine(run: Run, raw: string, truncated: boolean, stream: Stream): void {
    const line = truncated ? `${this.redact(raw, true)} [cut]` : this.redact(raw);
    if (truncated) this.deps.counters.linesTruncated++;
    run.lastLine[stream] = line.length > LAST_LINE_CHARS ? `${line.slice(0, LAST_LINE_CHARS)}...` : line;
    const readyLine = this.spec.ready?.line;
    if (run.readyAt === null && readyLine && line.search(readyLine) !== -1) this.becomeReady(run);
    const progress = this.spec.watchdog?.progress;
    if (progress && this.watches(stream) && line.search(progress) !== -1) run.lastLife = this.deps.mono();
    this.logLine(line, stream);
    const onLine = this.events.line;
    if (onLine) this.emit(() => onLine(line, stream));
  }

  private logLine(line: string, stream: Stream): void {
    const { allow, droppedBefore } = this.limiter.take();
    if (droppedBefore > 0) this.logDropped(droppedBefore);
    if (allow) {
      this.deps.counters.linesLogged++;
      this.deps.log.info({ stream }, line);
    } else {
      this.deps.counters.linesDropped++;
    }
  }

  private logDropped(n: number): void {
    const { logLinesPerWindow, logWindowMs } = this.deps.limits;
    this.deps.log.warn({ dropped: n }, `${n} lines of output not logged (more than ${logLinesPerWindow} in ${logWindowMs / 1000} s)`);
  }

  private watches(stream: Stream): boolean {
    const s = this.spec.watchdog?.stream ?? 'any';
    return s === 'any' || s === stream;
  }

  // --- readiness and the watchdog ------------------------------------------------

  private becomeReady(run: Run): void {
    if (run.readyAt !== null || run.killReason !== null || run.exited) return;
    run.readyAt = this.deps.mono();
    if (run.readyTimer) {
      clearTimeout(run.readyTimer);
      run.readyTimer = null;
    }
    this.setState('running');
    const onReady = this.events.ready;
    if (onReady) this.emit(() => onReady(run.pid));
    const wd = this.spec.watchdog;
    if (wd) {
      run.lastLife = run.readyAt;
      this.armWatchdog(run, wd.silenceMs);
    }
  }

  // One timer per run, re-armed for the time left, rather than reset on every chunk of a media stream.
  private armWatchdog(run: Run, delayMs: number): void {
    run.watchdogTimer = setTimeout(() => {
      run.watchdogTimer = null;
      const wd = this.spec.watchdog;
      if (!wd || run.done || run.exited || run.killReason !== null) return;
      const silent = this.deps.mono() - run.lastLife;
      if (silent < wd.silenceMs) {
        this.armWatchdog(run, wd.silenceMs - silent);
        return;
      }
      this.stalls++;
      this.deps.counters.stalls++;
      this.kill(run, 'stall', `no ${wd.progress ? 'progress line' : 'output'} for ${wd.silenceMs} ms (stalled)`, this.graceMs);
    }, Math.max(1, delayMs));
  }

  // --- ending a run ----------------------------------------------------------------

  /** SIGTERM to the group now, SIGKILL after the grace. A second call can only bring the SIGKILL closer. */
  private kill(run: Run, reason: ChildExit['reason'], error: string | null, graceMs: number): void {
    if (run.done || run.exited) return;
    const deadline = this.deps.mono() + graceMs;
    if (run.killReason === null) {
      run.killReason = reason;
      run.killError = error;
      this.clearRunTimers(run);
      this.deps.log.debug({ pid: run.pid, reason }, 'ending child');
      this.signal(run, 'SIGTERM');
    } else if (deadline >= run.killDeadline) {
      return;
    }
    run.killDeadline = deadline;
    if (run.killTimer) clearTimeout(run.killTimer);
    run.killTimer = setTimeout(() => {
      run.killTimer = null;
      this.signal(run, 'SIGKILL');
    }, graceMs);
  }

  private signal(run: Run, sig: NodeJS.Signals): void {
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

  private onExit(run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    run.exited = { code, signal };
    this.clearRunTimers(run);
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
      this.finish(run);
    }, CLOSE_WAIT_MS);
  }

  /** The run is over (exit seen and its pipes closed, or the close wait ran out): decide what comes next. */
  private finish(run: Run): void {
    if (run.done) return;
    run.done = true;
    this.clearRunTimers(run);
    for (const t of [run.killTimer, run.closeTimer]) if (t) clearTimeout(t);
    run.killTimer = null;
    run.closeTimer = null;
    run.stdoutLines?.flush();
    run.stderrLines.flush();
    const dropped = this.limiter.flush();
    if (dropped > 0) this.logDropped(dropped);
    for (const s of [run.proc.stdin, run.proc.stdout, run.proc.stderr]) s?.destroy();

    const code = run.exited?.code ?? run.proc.exitCode;
    const signal = run.exited?.signal ?? run.proc.signalCode;
    const reason = run.killReason ?? (this.stopped ? 'stopped' : 'exit');
    const exit: ChildExit = { code, signal, at: this.deps.now(), reason };
    this.deps.counters.exits++;
    this.lastExit = exit;
    this.run = null;
    this.pid = null;
    // A one-shot child that succeeded has no error; a long-running one that exited, even with 0, has.
    const succeeded = this.spec.restart === false && code === 0;
    const error = run.killReason !== null ? run.killError : succeeded ? null : this.describeExit(code, signal, run);
    if (error !== null) this.lastError = error;

    if (this.stopped) {
      this.deps.log.info({ code, signal }, 'child stopped');
      this.becomeStopped();
    } else if (run.restartNow) {
      void this.attempt();
    } else if (this.spec.restart === false) {
      this.deps.log.info({ code, signal, reason }, `child ended: ${error ?? reason}`);
      this.becomeStopped();
    } else {
      const limits = this.backoffLimits();
      const healthyAfterMs = (this.spec.restart || {}).healthyAfterMs ?? DEFAULTS.healthyAfterMs;
      if (run.readyAt !== null && this.deps.mono() - run.readyAt >= healthyAfterMs) this.failures = 0;
      this.failures++;
      const delay = backoffDelay(this.failures, limits, this.deps.random);
      this.deps.log.warn({ code, signal, reason, restartInMs: delay }, `child ended: ${error ?? reason}`);
      this.scheduleRetry(delay, 'backoff', exit.at);
    }
    this.emit(() => this.events.exit?.(exit));
    for (const resolve of run.waiters.splice(0)) resolve();
  }

  private describeExit(code: number | null, signal: string | null, run: Run): string {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const last = run.lastLine.stderr ?? run.lastLine.stdout;
    return last ? `${how}: ${last}` : how;
  }

  private clearRunTimers(run: Run): void {
    if (run.readyTimer) clearTimeout(run.readyTimer);
    if (run.watchdogTimer) clearTimeout(run.watchdogTimer);
    run.readyTimer = null;
    run.watchdogTimer = null;
  }

  // --- state ---------------------------------------------------------------------

  private scheduleRetry(delayMs: number, state: 'backoff' | 'missing', from: number): void {
    this.retryAt = from + delayMs;
    this.setState(state);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      void this.attempt();
    }, delayMs);
  }

  private backoffLimits(): { minMs: number; maxMs: number } {
    const r = this.spec.restart || {};
    const minMs = r.minMs ?? DEFAULTS.restartMinMs;
    return { minMs, maxMs: Math.max(minMs, r.maxMs ?? DEFAULTS.restartMaxMs) };
  }

  private becomeStopped(): void {
    this.stopped = true;
    this.retryAt = null;
    this.setState('stopped');
    if (this.reportedStopped) return;
    this.reportedStopped = true;
    this.deps.onStopped(this);
  }

  private setState(state: ChildState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = this.deps.now();
  }

  /** Runs a caller's callback; what it throws is counted and logged, never thrown into an event handler. */
  private emit(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.counters.callbackErrors++;
      if (!this.handlerErrorLimiter.take().allow) return;
      this.deps.log.error({ err: this.redact((err as Error)?.message ?? String(err)) }, 'a child event handler threw');
    }
  }
}
