// What the figures were measured on, and what a process used of it while they were (/proc).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem, freemem, platform, release, arch } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memGiB: number;
  freeMemGiB: number;
  os: string;
  node: string;
  mosquitto: string;
  sqlite: string;
  date: string;
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 }).split('\n')[0]!.trim();
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    return out.split('\n')[0]?.trim() || 'unknown';
  }
}

export function describeMachine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    mosquitto: firstLine('mosquitto', ['-h']),
    sqlite: firstLine('sqlite3', ['--version']).split(' ')[0] ?? 'unknown',
    date: new Date().toISOString(),
  };
}

const USER_HZ = 100;

/** CPU seconds (user + system) a process (or 'self') has used so far, from /proc/PID/stat; NaN once it is gone. */
export function processCpuSeconds(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return NaN;
  }
}

/**
 * A thread's time on a core and waiting in the run queue for one (runnable, not running), in seconds, from
 * /proc/PID/task/TID/schedstat (the main thread's TID is the PID); NaN where the kernel does not keep it.
 */
export function threadSchedSeconds(pid: number, tid = pid): { run: number; wait: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { run: (run ?? NaN) / 1e9, wait: (wait ?? NaN) / 1e9 };
  } catch {
    return { run: NaN, wait: NaN };
  }
}

/** One sample of a process: its CPU, and its main thread's time on a core and waiting for one (seconds so far). */
export interface CpuSample { t: number; proc: number; run: number; wait: number }

/** Over a window: the process's CPU in it (ms), and the shares of it its main thread spent on a core and waiting for one. */
export interface CpuWindow { ms: number; procMs: number; mainOnCore: number; mainWaiting: number }

/**
 * The figures between the first sample at or after `fromMs` and the last at or before `toMs` (so a window set by
 * events, such as a flood's first and last message, is read only where it was sampled); NaN with fewer than two.
 */
export function cpuWindow(samples: readonly CpuSample[], fromMs: number, toMs: number): CpuWindow {
  const inside = samples.filter((s) => s.t >= fromMs && s.t <= toMs);
  const a = inside[0], b = inside[inside.length - 1];
  if (!a || !b || b.t <= a.t) return { ms: NaN, procMs: NaN, mainOnCore: NaN, mainWaiting: NaN };
  const s = (b.t - a.t) / 1000;
  return { ms: b.t - a.t, procMs: (b.proc - a.proc) * 1000, mainOnCore: (b.run - a.run) / s, mainWaiting: (b.wait - a.wait) / s };
}

/**
 * Samples a process's CPU and its main thread's scheduling every `intervalMs` (bounded), to read them over a window
 * afterwards (`cpuWindow`). /proc counts CPU in 10 ms ticks, so a window of a second reads it to about 1 %.
 */
export class CpuSampler {
  private readonly samples: CpuSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly pid: number, private readonly intervalMs = 50, private readonly maxSamples = 20_000) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }

  window(fromMs: number, toMs: number): CpuWindow {
    return cpuWindow(this.samples, fromMs, toMs);
  }

  private sample(): void {
    if (this.samples.length >= this.maxSamples) return;
    const { run, wait } = threadSchedSeconds(this.pid);
    this.samples.push({ t: Date.now(), proc: processCpuSeconds(this.pid), run, wait });
  }
}
