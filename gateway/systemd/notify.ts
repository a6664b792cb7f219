// sd_notify for the gateway under systemd (Type=notify, WatchdogSec).
// Node has no Unix datagram sockets, so the unit starts node through
// scripts/systemd/notify-exec: it connects a datagram socket to
// $NOTIFY_SOCKET and execs node (same PID) with that socket on the inherited
// descriptor $SCPM_NOTIFY_FD. A write() on a connected datagram socket is one
// datagram, so each message is one fs.writeSync. Why this way and not an npm
// addon or systemd-notify: docs/decisions/2026-11-29-sd-notify.md.
import { fstatSync, writeSync } from 'node:fs';

/** What the gateway tells systemd. Every method is a no-op outside systemd. */
export interface SystemdNotifier {
  /** True when messages go somewhere (started by systemd through notify-exec). */
  readonly active: boolean;
  /** Watchdog ping period in ms (half of WATCHDOG_USEC), or null without a watchdog. */
  readonly watchdogEveryMs: number | null;
  /** READY=1 (plus STATUS= when given), and starts the watchdog pings. Call once listening with the store open. */
  ready(status?: string): void;
  /** STATUS=… (one line, shown by `systemctl status`). */
  status(text: string): void;
  /** STOPPING=1 at the start of shutdown; stops the watchdog pings. */
  stopping(status?: string): void;
  /** Starts WATCHDOG=1 from the event loop every watchdogEveryMs (ready() calls it). A blocked loop sends none. */
  startWatchdog(): void;
  stopWatchdog(): void;
  readonly stats: { sent: number; failed: number; watchdogPings: number };
}

export interface NotifyOptions {
  /** Read, then the notify variables are removed from it so children do not inherit them (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** One datagram to the descriptor (default fs.writeSync). */
  write?: (fd: number, message: Buffer) => void;
  /** Checks the descriptor is a socket (default fstat). */
  isSocket?: (fd: number) => boolean;
  /** Told once per kind of problem (no NOTIFY fd, a failed write); never throws. */
  onProblem?: (problem: string) => void;
  pid?: number;
}

const NOTIFY_VARS = ['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID', 'SCPM_NOTIFY_FD'] as const;
/** systemd shows STATUS= in one line; keep it short and free of control characters. */
const STATUS_MAX = 200;

export function statusLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > STATUS_MAX ? `${clean.slice(0, STATUS_MAX - 1)}…` : clean;
}

/** Half of WATCHDOG_USEC in ms, when the watchdog is meant for this process; else null. */
export function watchdogPeriodMs(usec: string | undefined, watchdogPid: string | undefined, pid: number): number | null {
  if (usec === undefined || !/^\d{1,15}$/.test(usec)) return null;
  if (watchdogPid !== undefined && watchdogPid !== '' && watchdogPid !== String(pid)) return null;
  const ms = Math.floor(Number(usec) / 2000);
  return ms >= 1 ? ms : null;
}

/** The notify socket notify-exec opened for us (SCPM_NOTIFY_FD), or null: not under systemd, or started without notify-exec. */
function notifyFd(env: NodeJS.ProcessEnv, isSocket: (fd: number) => boolean, problem: (text: string) => void): number | null {
  if ((env.NOTIFY_SOCKET ?? '') === '') return null;
  const fdText = env.SCPM_NOTIFY_FD ?? '';
  const n = /^\d{1,4}$/.test(fdText) ? Number(fdText) : NaN;
  let ok = false;
  try {
    ok = Number.isInteger(n) && n > 2 && isSocket(n);
  } catch {
    ok = false;
  }
  if (ok) return n;
  problem(`NOTIFY_SOCKET is set but SCPM_NOTIFY_FD (${fdText || 'unset'}) is not a socket: start node through scripts/systemd/notify-exec; systemd will not hear READY=1 or the watchdog`);
  return null;
}

export function createNotifier(o: NotifyOptions = {}): SystemdNotifier {
  const env = o.env ?? process.env;
  const pid = o.pid ?? process.pid;
  const write = o.write ?? ((fd: number, message: Buffer) => void writeSync(fd, message));
  const isSocket = o.isSocket ?? ((fd: number) => fstatSync(fd).isSocket());
  const told = new Set<string>();
  const problem = (kind: string, text: string) => {
    if (told.has(kind)) return;
    told.add(kind);
    try {
      o.onProblem?.(text);
    } catch {
      // a logger that throws must not stop the gateway
    }
  };

  const everyMs = watchdogPeriodMs(env.WATCHDOG_USEC, env.WATCHDOG_PID, pid);
  const fd = notifyFd(env, isSocket, (text) => problem('no-fd', text));
  for (const name of NOTIFY_VARS) delete env[name];

  const stats = { sent: 0, failed: 0, watchdogPings: 0 };
  const send = (lines: string[]): boolean => {
    if (fd === null) return false;
    try {
      write(fd, Buffer.from(lines.join('\n'), 'utf8'));
      stats.sent++;
      return true;
    } catch (err) {
      stats.failed++;
      problem(`write:${(err as NodeJS.ErrnoException).code ?? 'error'}`, `sd_notify write failed: ${(err as Error).message}`);
      return false;
    }
  };

  let timer: NodeJS.Timeout | null = null;
  const stopWatchdog = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const startWatchdog = () => {
    if (fd === null || everyMs === null || timer) return;
    // From a timer on the event loop: a loop blocked longer than WatchdogSec
    // sends nothing, and systemd kills and restarts the gateway.
    timer = setInterval(() => {
      if (send(['WATCHDOG=1'])) stats.watchdogPings++;
    }, everyMs);
    timer.unref();
  };

  return {
    active: fd !== null,
    watchdogEveryMs: fd === null ? null : everyMs,
    ready(status) {
      send(['READY=1', ...(status ? [`STATUS=${statusLine(status)}`] : [])]);
      startWatchdog();
    },
    status(text) {
      send([`STATUS=${statusLine(text)}`]);
    },
    stopping(status) {
      stopWatchdog();
      send(['STOPPING=1', ...(status ? [`STATUS=${statusLine(status)}`] : [])]);
    },
    startWatchdog,
    stopWatchdog,
    stats,
  };
}
