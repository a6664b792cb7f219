// A plain stand-in for the gateway's process port (gateway/process/types.ts),
// for dev tools and tests of the voice engine until the supervised one lands on
// main: spawn, lines, write, restart with a simple backoff, stop. Children are
// SIGKILLed if this process exits first.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ChildEvents, ChildExit, ChildHandle, ChildHealth, ChildSpec, ProcessPort } from '../../gateway/process/types.js';

const live = new Set<ChildProcess>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => { for (const p of live) { try { p.kill('SIGKILL'); } catch { /* gone */ } } });
}

export class DevProcessPort implements ProcessPort {
  private readonly handles = new Set<DevChild>();

  spawn(spec: ChildSpec, events: ChildEvents = {}): ChildHandle {
    hookExit();
    const child = new DevChild(spec, events, () => this.handles.delete(child));
    this.handles.add(child);
    child.run();
    return child;
  }

  list(): ChildHealth[] {
    return [...this.handles].map((h) => h.health());
  }
}

class DevChild implements ChildHandle {
  private proc: ChildProcess | null = null;
  private state: ChildHealth['state'] = 'starting';
  private since = Date.now();
  private restarts = 0;
  private lastExit: ChildExit | null = null;
  private lastError: string | null = null;
  private retryAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;

  constructor(private readonly spec: ChildSpec, private readonly events: ChildEvents, private readonly onGone: () => void) {}

  get name(): string { return this.spec.name; }

  run(): void {
    if (this.stopped) return;
    this.state = 'starting';
    this.since = Date.now();
    this.retryAt = null;
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: process.env.LANG ?? 'C.UTF-8', ...(this.spec.env ?? {}) };
    const proc = spawn(this.spec.command, [...this.spec.args], { cwd: this.spec.cwd, env, stdio: [this.spec.stdin === 'pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    live.add(proc);
    let ready = false;
    const becomeReady = () => {
      if (ready || this.proc !== proc) return;
      ready = true;
      this.state = 'running';
      this.events.ready?.(proc.pid ?? -1);
    };
    proc.on('error', (err) => {
      const enoent = (err as NodeJS.ErrnoException).code === 'ENOENT';
      this.lastError = enoent ? `${this.spec.command} not found${this.spec.installHint ? `: ${this.spec.installHint}` : ''}` : err.message;
      if (!enoent || this.proc !== proc) return;
      // A spawn that failed never emits 'exit'.
      this.state = 'missing';
      live.delete(proc);
      this.proc = null;
      this.lastExit = { code: null, signal: null, at: Date.now(), reason: 'spawn-error' };
      this.events.exit?.(this.lastExit);
      this.onGone();
    });
    proc.stdin?.on('error', () => undefined);
    for (const [stream, name] of [[proc.stdout, 'stdout'], [proc.stderr, 'stderr']] as const) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (this.proc !== proc) return;
        if (!this.spec.ready) becomeReady();
        else if (this.spec.ready.line ? this.spec.ready.line.test(line) : true) becomeReady();
        this.events.line?.(line.slice(0, 64 * 1024), name);
      });
    }
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      if (this.proc !== proc) return;
      this.proc = null;
      const exit: ChildExit = { code, signal, at: Date.now(), reason: this.stopped ? 'stopped' : this.state === 'missing' ? 'spawn-error' : 'exit' };
      this.lastExit = exit;
      if (!this.stopped && this.state !== 'missing' && code !== 0) this.lastError = `exited with code ${code}${signal ? ` (${signal})` : ''}`;
      this.events.exit?.(exit);
      if (this.stopped || this.spec.restart === false) { if (this.state !== 'missing') this.state = 'stopped'; this.onGone(); return; }
      this.failures++;
      const delay = Math.min(this.spec.restart?.maxMs ?? 30_000, (this.spec.restart?.minMs ?? 500) * 2 ** Math.min(10, this.failures - 1));
      if (this.state !== 'missing') this.state = 'backoff';
      this.retryAt = Date.now() + delay;
      this.timer = setTimeout(() => { this.timer = null; this.restarts++; this.run(); }, delay);
    });
    if (!this.spec.ready) setImmediate(becomeReady);
  }

  health(): ChildHealth {
    return { name: this.spec.name, state: this.state, pid: this.proc?.pid ?? null, since: this.since, restarts: this.restarts, stalls: 0, lastExit: this.lastExit, lastError: this.lastError, retryAt: this.retryAt };
  }

  write(data: Buffer | string): boolean {
    const stdin = this.proc?.stdin;
    if (!stdin || !stdin.writable || this.state !== 'running') return false;
    return stdin.write(data);
  }

  restart(_reason: string): void {
    if (this.proc) this.proc.kill('SIGKILL');
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const proc = this.proc;
    if (!proc) { this.state = 'stopped'; this.onGone(); return Promise.resolve(); }
    return new Promise((resolve) => {
      const kill = setTimeout(() => proc.kill('SIGKILL'), this.spec.stopGraceMs ?? 2000);
      proc.once('exit', () => { clearTimeout(kill); this.state = 'stopped'; resolve(); });
      proc.kill('SIGTERM');
    });
  }
}
