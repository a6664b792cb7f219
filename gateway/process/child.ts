// One supervised child: each run is started (wrapped by the parent-death
// guard), watched for its ready line and for silence, and ended by a signal to
// its whole process group; then it is started again after a backoff, or not.
import type { ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { DEFAULTS, type ChildDeps } from './child-deps.js';
import { ChildLog } from './child-output.js';
import { ChildWatch } from './child-watch.js';
import { closeRun, describeExit, destroyPipes, killRun, newRun, runExited, signalRun, type Run } from './child-run.js';
import { RestartPolicy } from './child-restart.js';
import { planStart, spawnGrouped, type StartPlan } from './child-start.js';
import { cleanEnv } from './env.js';
import type { Guard } from './guard.js';
import { LineSplitter } from './line-splitter.js';
import { createRedactor, type Redactor } from './redact.js';
import type { ChildEvents, ChildExit, ChildHandle, ChildHealth, ChildSpec, ChildState } from './types.js';

export { DEFAULTS, type ChildDeps, type ChildLimits, type SupervisorCounters } from './child-deps.js';

export class SupervisedChild implements ChildHandle {
  readonly name: string;
  private readonly program: string;
  private readonly env: Record<string, string>;
  private readonly redact: Redactor;
  private readonly out: ChildLog;
  private readonly watch: ChildWatch;
  private readonly graceMs: number;
  private readonly restartPolicy: RestartPolicy;

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
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private reportedStopped = false;
  private lastLoggedError: string | null = null;

  constructor(private readonly spec: ChildSpec, private readonly events: ChildEvents, private readonly deps: ChildDeps) {
    this.name = spec.name;
    this.program = basename(spec.command) || spec.command;
    this.env = cleanEnv(deps.baseEnv, spec.env);
    this.redact = createRedactor(spec.secrets);
    this.out = new ChildLog(deps, this.redact);
    this.watch = new ChildWatch({
      spec, events, redact: this.redact, counters: deps.counters, out: this.out, mono: deps.mono,
      onReady: (run) => {
        this.setState('running');
        const onReady = events.ready;
        if (onReady) this.emit(() => onReady(run.pid));
      },
      onFault: (run, reason, error) => {
        if (reason === 'stall') this.stalls++;
        this.kill(run, reason, error, this.graceMs);
      },
    });
    this.graceMs = spec.stopGraceMs ?? DEFAULTS.stopGraceMs;
    this.restartPolicy = new RestartPolicy(spec.restart, deps.random);
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
    if (run && !run.done) signalRun(run, 'SIGKILL');
  }

  // --- starting -------------------------------------------------------------

  private async attempt(): Promise<void> {
    if (this.stopped || this.attempting) return;
    if (this.attempts++ > 0) {
      this.restarts++;
      this.deps.counters.restarts++;
    }
    this.attempting = true;
    let plan: StartPlan;
    try {
      plan = await planStart(this.spec, this.env, this.program, this.deps.guard);
    } catch (err) {
      plan = { ok: false, message: `cannot start ${this.program}: ${(err as Error).message}`, missing: false };
    }
    this.attempting = false;
    if (this.stopped) return;
    if (plan.ok) this.launch(plan);
    else this.failStart(plan.message, plan.missing);
  }

  private launch(plan: { guard: Guard; executable: string }): void {
    let proc: ChildProcess;
    try {
      proc = spawnGrouped(plan, this.spec, this.env);
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
    const bytesOut = this.spec.stdout === 'bytes';
    const run: Run = {
      ...newRun(proc, proc.pid, plan.guard.kind === 'group', this.deps.mono()),
      stdoutLines: bytesOut ? null : new LineSplitter(this.deps.limits.maxLineBytes, (line, cut) => this.watch.line(run, line, cut, 'stdout')),
      stderrLines: new LineSplitter(this.deps.limits.maxLineBytes, (line, cut) => this.watch.line(run, line, cut, 'stderr')),
    };
    this.run = run;
    this.pid = run.pid;
    this.deps.counters.starts++;
    this.setState('starting');
    this.deps.log.debug({ pid: run.pid, command: this.program }, 'child started');

    proc.on('error', (err) => this.deps.log.warn({ err: this.redact(err.message) }, 'child process error'));
    proc.once('exit', (code, signal) => runExited(run, code, signal, () => this.finish(run)));
    proc.once('close', () => this.finish(run));
    // EPIPE when the child has gone: counted, never thrown.
    for (const pipe of [proc.stdin, proc.stdout, proc.stderr]) pipe?.on('error', () => this.deps.counters.pipeErrors++);
    proc.stdout?.on('data', (chunk: Buffer) => this.watch.data(run, chunk, 'stdout'));
    proc.stderr?.on('data', (chunk: Buffer) => this.watch.data(run, chunk, 'stderr'));

    this.watch.started(run);
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
    if (this.spec.restart === false) this.becomeStopped();
    else this.scheduleRetry(this.restartPolicy.afterStartFailure(missing), missing ? 'missing' : 'backoff', exit.at);
    this.emit(() => this.events.exit?.(exit));
  }

  // --- ending a run ----------------------------------------------------------------

  /** SIGTERM to the group now, SIGKILL after the grace. A second call can only bring the SIGKILL closer. */
  private kill(run: Run, reason: ChildExit['reason'], error: string | null, graceMs: number): void {
    if (killRun(run, reason, error, graceMs, this.deps.mono())) this.deps.log.debug({ pid: run.pid, reason }, 'ending child');
  }

  /** The run is over (exit seen and its pipes closed, or the close wait ran out): decide what comes next. */
  private finish(run: Run): void {
    if (!closeRun(run)) return;
    this.out.flush();
    destroyPipes(run);

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
    const error = run.killReason !== null ? run.killError : succeeded ? null : describeExit(code, signal, run);
    if (error !== null) this.lastError = error;

    if (this.stopped) {
      this.deps.log.info({ code, signal }, 'child stopped');
      this.becomeStopped();
    } else if (run.restartNow) {
      void this.attempt();
    } else if (this.spec.restart === false) {
      // A clean end of a one-shot child is routine (per-job children end by the thousand when work is sent from outside).
      this.deps.log[error === null ? 'debug' : 'info']({ code, signal, reason }, `child ended: ${error ?? reason}`);
      this.becomeStopped();
    } else {
      const delay = this.restartPolicy.afterExit(run.readyAt === null ? null : this.deps.mono() - run.readyAt);
      this.deps.log.warn({ code, signal, reason, restartInMs: delay }, `child ended: ${error ?? reason}`);
      this.scheduleRetry(delay, 'backoff', exit.at);
    }
    this.emit(() => this.events.exit?.(exit));
    for (const resolve of run.waiters.splice(0)) resolve();
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
    this.out.callback(fn);
  }
}
