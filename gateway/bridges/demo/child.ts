// A supervised child process: output piped to the log (bounded lines), a
// start deadline, SIGTERM then SIGKILL on stop, and stdin held open so the
// child can exit by itself if the gateway is killed (no orphans).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../../logger.js';

export interface ChildOptions {
  command: string;
  args: string[];
  env?: Record<string, string>;
  log: Logger;
  /** Called when the child exits without being asked to. */
  onUnexpectedExit: (code: number | null, signal: NodeJS.Signals | null) => void;
  killTimeoutMs?: number;
}

export class SupervisedChild {
  private proc: ChildProcess | null = null;
  private stopping = false;

  constructor(private readonly opts: ChildOptions) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  start(): void {
    this.stopping = false;
    const proc = spawn(this.opts.command, this.opts.args, {
      env: { ...process.env, ...this.opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc = proc;
    for (const stream of [proc.stdout, proc.stderr]) {
      const rl = createInterface({ input: stream! });
      rl.on('line', (line) => this.opts.log.info({ child: line.slice(0, 500) }, 'child output'));
    }
    proc.on('error', (err) => {
      this.opts.log.error({ err: err.message }, 'child failed to start');
    });
    proc.on('exit', (code, signal) => {
      this.proc = null;
      if (!this.stopping) this.opts.onUnexpectedExit(code, signal);
    });
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), this.opts.killTimeoutMs ?? 2000);
    await exited;
    clearTimeout(timer);
  }
}
