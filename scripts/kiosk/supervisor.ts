// Runs the kiosk: cage with Chromium in it, restarted when it exits (backoff,
// never a tight loop) and when the heartbeat watchdog says so; a fresh
// profile before every start. systemd's Restart=always is the layer above it
// (if this launcher itself dies).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { KioskSettings } from './config.js';
import { cageCommand, kioskEnv, type KioskPaths } from './command.js';
import { DEFAULT_POLICY, browserStarted, decide, initialState, type WatchdogPolicy, type WatchdogState } from './watchdog.js';
import { resetProfile } from './profile.js';
import { descendants, killSurvivors, type ProcId } from './procfs.js';
import { readHealth } from './health.js';


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
/** The kiosk event report to the gateway gives up after this. */
const REPORT_TIMEOUT_MS = 2000;
/** A run this long counts as healthy: the next exit restarts after the minimum delay again. */
const HEALTHY_RUN_MS = 60_000;
const KILL_GRACE_MS = 5000;

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
        signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
      });
    } catch {
      // the gateway may not know this route yet; the journal has the restart
    }
  }
}
