// Runs the kiosk: cage with Chromium in it, restarted when it exits (backoff,
// never a tight loop) and when the heartbeat watchdog says so; a fresh
// profile before every start. systemd's Restart=always is the layer above it
// (if this launcher itself dies).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskSettings } from './config.js';
import { cageCommand, chromiumPreferences, kioskEnv, type KioskPaths } from './command.js';
import { DEFAULT_POLICY, browserStarted, decide, initialState, observeHealth, type GatewayObservation, type WatchdogPolicy, type WatchdogState } from './watchdog.js';

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface SupervisorOptions {
  settings: KioskSettings;
  paths: KioskPaths;
  /** Environment for cage (the launcher's own, plus kioskEnv()). */
  env: NodeJS.ProcessEnv;
  log: LogFn;
  /** How often /healthz is read (default: a third of the heartbeat timeout, at most 5 s). */
  checkEveryMs?: number;
  policy?: Partial<Omit<WatchdogPolicy, 'timeoutMs'>>;
  /** First delay after the browser exits (default 1 s), doubling per quick exit up to maxRestartDelayMs. */
  minRestartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Wait this long for a DRM device before starting cage anyway (not with WLR_BACKENDS set). */
  drmWaitMs?: number;
}

export interface SupervisorStats {
  browserStarts: number;
  exits: number;
  watchdogRestarts: number;
  lastRestart: { at: number; reason: string } | null;
  pid: number | null;
}

const STDERR_KEEP = 40;
const HEALTH_TIMEOUT_MS = 2000;
const HEALTH_MAX_BYTES = 256 * 1024;
/** A run this long counts as healthy: the next exit restarts after the minimum delay again. */
const HEALTHY_RUN_MS = 60_000;
const KILL_GRACE_MS = 5000;

/** Wipes the profile and writes its preferences: nothing of a previous run (crash state, cache) survives. */
export function resetProfile(dir: string, settings: KioskSettings): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  mkdirSync(join(dir, 'Default'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(chromiumPreferences(settings)), { mode: 0o600 });
  // An empty Local State: no first-run or "restore" state carried over.
  writeFileSync(join(dir, 'Local State'), JSON.stringify({ browser: { has_seen_welcome_page: true } }), { mode: 0o600 });
}

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

/** GET /healthz once, bounded in time and size. */
export async function readHealth(url: string, screen: string): Promise<GatewayObservation> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    const reader = res.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > HEALTH_MAX_BYTES) {
        await reader.cancel();
        return { kind: 'not-serving', status: 'oversized-answer' };
      }
      chunks.push(value);
    }
    return observeHealth(res.status, Buffer.concat(chunks).toString('utf8'), screen);
  } catch {
    return { kind: 'down' };
  }
}

export class KioskSupervisor {
  readonly stats: SupervisorStats = { browserStarts: 0, exits: 0, watchdogRestarts: 0, lastRestart: null, pid: null };
  private child: ChildProcess | null = null;
  private startedAt = 0;
  private delayMs: number;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private checking = false;
  private watch: WatchdogState;
  private readonly policy: WatchdogPolicy;
  private readonly stderrTail: string[] = [];
  private lastDecisionReason = '';
  /** Set while the watchdog ends the browser: its exit is then a restart we asked for. */
  private requested: string | null = null;
  /** cage's descendants as last seen: killed if they outlive cage. */
  private known: ProcId[] = [];

  constructor(private readonly o: SupervisorOptions) {
    this.delayMs = o.minRestartDelayMs ?? 1000;
    this.policy = { ...DEFAULT_POLICY, ...o.policy, timeoutMs: o.settings.heartbeatTimeoutMs };
    this.watch = initialState(Date.now());
  }

  async start(): Promise<void> {
    await this.waitForDrm();
    if (this.stopping) return;
    this.launch();
    const every = this.o.checkEveryMs ?? Math.min(5000, Math.max(500, Math.floor(this.o.settings.heartbeatTimeoutMs / 3)));
    this.checkTimer = setInterval(() => void this.check(), every);
  }

  /** Stops the browser (its whole process group) and the watchdog. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.checkTimer) clearInterval(this.checkTimer);
    await this.killBrowser();
  }

  private async waitForDrm(): Promise<void> {
    if (this.o.env.WLR_BACKENDS) return;
    // At boot the GPU driver may not be ready yet when the unit starts.
    const deadline = Date.now() + (this.o.drmWaitMs ?? 30_000);
    const hasCard = () => {
      try {
        return readdirSync('/dev/dri').some((n) => /^card\d+$/.test(n));
      } catch {
        return false;
      }
    };
    while (!hasCard() && Date.now() < deadline && !this.stopping) await new Promise((r) => setTimeout(r, 500));
    if (!hasCard()) this.o.log('warn', 'no DRM device (/dev/dri/card*) yet; starting cage anyway');
  }

  private launch(): void {
    if (this.stopping) return;
    const { settings, paths } = this.o;
    try {
      resetProfile(paths.profileDir, settings);
    } catch (err) {
      this.o.log('error', 'cannot reset the browser profile', { dir: paths.profileDir, err: (err as Error).message });
    }
    if (!existsSync(paths.startPage)) this.o.log('error', 'the start page is missing', { startPage: paths.startPage });
    const { command, args } = cageCommand(settings, paths);
    this.stderrTail.length = 0;
    // Own process group: a restart ends cage, Chromium and all its helpers together.
    const child = spawn(command, args, { env: { ...this.o.env, ...kioskEnv() }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    this.startedAt = Date.now();
    this.stats.browserStarts++;
    this.stats.pid = child.pid ?? null;
    this.watch = browserStarted(this.watch, this.startedAt);
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.stderrTail.push(line.slice(0, 300));
        if (this.stderrTail.length > STDERR_KEEP) this.stderrTail.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', (err) => this.o.log('error', 'cannot start cage', { command, err: err.message }));
    child.once('close', (code, signal) => this.onExit(child, code, signal));
    this.o.log('info', 'kiosk started', { pid: child.pid, url: args[args.length - 1], starts: this.stats.browserStarts });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    this.stats.pid = null;
    // Whatever cage left behind (Chromium helpers, in its group or not) goes too.
    this.signalGroup(child, 'SIGKILL');
    const survivors = killSurvivors(this.known);
    if (survivors > 0) this.o.log('info', 'ended processes the kiosk left behind', { count: survivors });
    this.known = [];
    if (this.stopping) return;
    const ran = Date.now() - this.startedAt;
    if (this.requested !== null) {
      // The watchdog ended it: back at once, with a fresh profile.
      this.requested = null;
      this.restartTimer = setTimeout(() => this.launch(), 0);
      return;
    }
    this.stats.exits++;
    if (ran >= HEALTHY_RUN_MS) this.delayMs = this.o.minRestartDelayMs ?? 1000;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.o.maxRestartDelayMs ?? 30_000, this.delayMs * 2);
    this.o.log('warn', 'kiosk exited; restarting', { code, signal, ranMs: ran, restartInMs: delay, output: this.stderrTail.slice(-10) });
    this.stats.lastRestart = { at: Date.now(), reason: `exit ${code ?? signal}` };
    this.restartTimer = setTimeout(() => this.launch(), delay);
  }

  private signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone
    }
  }

  private async killBrowser(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    if (child.pid !== undefined) this.known = descendants(child.pid);
    this.signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => this.signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
    await closed;
    clearTimeout(timer);
  }

  private async check(): Promise<void> {
    if (this.checking || this.stopping) return;
    this.checking = true;
    try {
      if (this.child?.pid !== undefined) this.known = descendants(this.child.pid);
      const obs = await readHealth(this.o.settings.healthUrl, this.o.settings.screen);
      const now = Date.now();
      const { state, decision } = decide(this.watch, obs, now, this.policy);
      this.watch = state;
      if (decision.action !== 'none' || decision.reason !== this.lastDecisionReason) {
        if (decision.action === 'hold' && this.lastDecisionReason !== 'rate-limited') {
          this.o.log('warn', 'the wall sends no heartbeat, but the kiosk was restarted too often: waiting', { until: new Date(decision.until).toISOString() });
        }
        this.lastDecisionReason = decision.reason;
      }
      if (decision.action === 'restart' && this.child) {
        this.stats.watchdogRestarts++;
        this.stats.lastRestart = { at: now, reason: decision.reason };
        this.o.log('warn', 'the wall sent no heartbeat: restarting the kiosk', { reason: decision.reason, ageMs: decision.ageMs, timeoutMs: this.policy.timeoutMs, restarts: this.stats.watchdogRestarts });
        this.requested = decision.reason;
        await this.killBrowser();
        void this.report();
      }
    } finally {
      this.checking = false;
    }
  }

  /** Tells the gateway about a watchdog restart (best effort; docs/kiosk.md, "kiosk events"). */
  private async report(): Promise<void> {
    const url = new URL(`/api/v1/screens/${encodeURIComponent(this.o.settings.screen)}/kiosk`, this.o.settings.wallUrl);
    try {
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ restarts: this.stats.watchdogRestarts, exits: this.stats.exits, lastRestart: this.stats.lastRestart }),
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      });
    } catch {
      // the gateway may not know this route yet; the journal has the restart
    }
  }
}
