// A plain-spawn ProcessPort for tests and the bench ONLY, standing in for
// gateway/process (being written on its own branch) until it lands; then the
// camera tests and bench switch to the real one and this file goes. It keeps
// the interface's promises that the camera bridge relies on: bytes on stdout,
// stderr lines with secrets removed, ready on first output or a line, ready
// timeout, stdout silence watchdog, restart with doubling backoff, stop with
// SIGTERM to the process group then SIGKILL, SIGKILL of every child when the
// host process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ChildEvents, ChildExit, ChildHandle, ChildHealth, ChildSpec, ChildState, ProcessPort } from '../../gateway/process/types.js';

const live = new Set<ChildProcess>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const p of live) {
      try {
        if (p.pid) process.kill(-p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });
}

function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'LANG', 'HOME', 'TZ']) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return { ...env, ...extra };
}

function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) if (s) out = out.split(s).join('[secret]');
  return out;
}

class StandInChild implements ChildHandle {
  private proc: ChildProcess | null = null;
  private state: ChildState = 'starting';
  private since = Date.now();
  private restarts = 0;
  private stalls = 0;
  private failures = 0;
  private lastExit: ChildExit | null = null;
  private lastError: string | null = null;
  private retryAt: number | null = null;
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];
  private killReason: ChildExit['reason'] | null = null;
  private runStarted = 0;
  private stopWaiters: (() => void)[] = [];
  private watchdog: NodeJS.Timeout | null = null;

  constructor(private readonly spec: ChildSpec, private readonly events: ChildEvents, private readonly onGone: () => void) {
    this.run();
  }

  get name(): string {
    return this.spec.name;
  }

  health(): ChildHealth {
    return {
      name: this.spec.name, state: this.state, pid: this.proc?.pid ?? null, since: this.since, restarts: this.restarts, stalls: this.stalls,
      lastExit: this.lastExit, lastError: this.lastError, retryAt: this.retryAt,
    };
  }

  write(data: Buffer | string): boolean {
    if (!this.proc?.stdin || this.state !== 'running') return false;
    return this.proc.stdin.write(data);
  }

  /** Kills this run; the next starts after the minimum backoff (the real port starts it at once). */
  restart(_reason: string): void {
    if (this.stopped) return;
    if (this.proc) {
      this.killReason = 'exit';
      this.failures = 0;
      this.kill('SIGKILL');
    } else {
      this.clearTimers();
      this.run();
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const p = this.proc;
    if (!p) {
      this.setState('stopped');
      this.onGone();
      return Promise.resolve();
    }
    this.killReason = 'stopped';
    return new Promise((resolve) => {
      this.stopWaiters.push(resolve);
      this.kill('SIGTERM');
      const t = setTimeout(() => this.kill('SIGKILL'), this.spec.stopGraceMs ?? 2000);
      t.unref();
      this.timers.push(t);
    });
  }

  private run(): void {
    if (this.stopped) return;
    hookExit();
    this.retryAt = null;
    this.killReason = null;
    this.setState('starting');
    this.runStarted = Date.now();
    let p: ChildProcess;
    try {
      p = spawn(this.spec.command, [...this.spec.args], {
        env: cleanEnv(this.spec.env), cwd: this.spec.cwd, detached: true,
        stdio: [this.spec.stdin === 'pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
    } catch {
      this.missingOrFailed(false);
      return;
    }
    this.proc = p;
    live.add(p);
    let ready = false;
    const becomeReady = () => {
      if (ready) return;
      ready = true;
      this.clearTimers();
      this.setState('running');
      this.armWatchdog();
      this.events.ready?.(p.pid ?? 0);
    };
    const readyTimer = setTimeout(() => {
      if (ready || this.proc !== p) return;
      this.killReason = 'ready-timeout';
      this.kill('SIGKILL');
    }, this.spec.ready?.timeoutMs ?? 10_000);
    readyTimer.unref();
    this.timers.push(readyTimer);
    const watched = this.spec.watchdog?.stream ?? 'any';
    const onLine = (line: string, stream: 'stdout' | 'stderr') => {
      const clean = redact(line, this.spec.secrets ?? []);
      if (this.spec.ready?.line ? this.spec.ready.line.test(clean) : true) becomeReady();
      if ((watched === 'any' || watched === stream) && (!this.spec.watchdog?.progress || this.spec.watchdog.progress.test(clean))) this.armWatchdog();
      this.events.line?.(clean, stream);
    };
    p.stdout!.on('data', (chunk: Buffer) => {
      if (this.spec.stdout === 'bytes') {
        if (!this.spec.ready?.line) becomeReady();
        if (watched !== 'stderr') this.armWatchdog();
        this.events.stdout?.(chunk);
      } else {
        for (const l of chunk.toString('utf8').split(/\r?\n|\r/)) if (l) onLine(l, 'stdout');
      }
    });
    let partial = '';
    p.stderr!.on('data', (chunk: Buffer) => {
      if (!this.spec.ready?.line && !ready) becomeReady();
      const text = partial + chunk.toString('utf8');
      const parts = text.split(/\r?\n|\r/);
      partial = parts.pop() ?? '';
      if (partial.length > 8192) partial = '';
      for (const l of parts) if (l) onLine(l, 'stderr');
    });
    p.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') this.missingOrFailed(true);
    });
    p.once('exit', (code, signal) => {
      live.delete(p);
      if (this.proc !== p) return;
      this.proc = null;
      this.clearTimers();
      const reason = this.killReason ?? 'exit';
      const exit: ChildExit = { code, signal, at: Date.now(), reason };
      this.lastExit = exit;
      if (reason === 'stall') this.stalls++;
      if (reason !== 'stopped') this.lastError = reason === 'exit' ? `exited with code ${code ?? signal}` : reason;
      this.events.exit?.(exit);
      if (this.stopped || reason === 'stopped') {
        this.setState('stopped');
        for (const w of this.stopWaiters.splice(0)) w();
        this.onGone();
        return;
      }
      this.scheduleRestart();
    });
  }

  private missingOrFailed(missing: boolean): void {
    this.proc = null;
    this.clearTimers();
    this.lastError = missing ? `${this.spec.command} not found${this.spec.installHint ? `: ${this.spec.installHint}` : ''}` : 'could not start';
    const exit: ChildExit = { code: null, signal: null, at: Date.now(), reason: 'spawn-error' };
    this.lastExit = exit;
    this.setState(missing ? 'missing' : 'backoff');
    this.events.exit?.(exit);
    if (!missing) this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.spec.restart === false) {
      this.setState('stopped');
      this.onGone();
      return;
    }
    const r = this.spec.restart ?? {};
    if (Date.now() - this.runStarted >= (r.healthyAfterMs ?? 30_000)) this.failures = 0;
    const base = Math.min((r.minMs ?? 500) * 2 ** this.failures, r.maxMs ?? 30_000);
    const delay = base * (0.8 + Math.random() * 0.4);
    this.failures++;
    this.restarts++;
    this.retryAt = Date.now() + delay;
    this.setState('backoff');
    const t = setTimeout(() => this.run(), delay);
    t.unref();
    this.timers.push(t);
  }

  private armWatchdog(): void {
    const w = this.spec.watchdog;
    if (!w || this.state !== 'running') return;
    const p = this.proc;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.proc !== p || !p) return;
      this.killReason = 'stall';
      this.kill('SIGKILL');
    }, w.silenceMs);
    this.watchdog.unref();
  }

  private kill(signal: NodeJS.Signals): void {
    const pid = this.proc?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        this.proc?.kill(signal);
      } catch {
        // gone
      }
    }
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private setState(s: ChildState): void {
    if (s !== this.state) this.since = Date.now();
    this.state = s;
  }
}

export class StandInProcessPort implements ProcessPort {
  private readonly children = new Set<StandInChild>();

  spawn(spec: ChildSpec, events: ChildEvents = {}): ChildHandle {
    const child: StandInChild = new StandInChild(spec, events, () => this.children.delete(child));
    this.children.add(child);
    return child;
  }

  list(): ChildHealth[] {
    return [...this.children].map((c) => c.health());
  }

  /** PIDs of running children (tests: "no ffmpeg left"). */
  pids(): number[] {
    return this.list().map((h) => h.pid).filter((p): p is number => p !== null);
  }
}
