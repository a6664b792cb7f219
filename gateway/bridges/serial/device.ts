// One serial device: opens its port by path (never SerialPort.list(): it
// spawns udevadm, missing on the appliance, and pty pairs are not listed
// anyway), feeds the bytes to its DeviceInput, and after an unplug (close with
// err.disconnected) or a failed open (ENOENT until the device is back) retries
// open() with doubling delays and jitter, up to reconnect.maxMs. Never throws
// out of a port event.
import type { Logger } from '../../logger.js';
import { backoffDelay } from '../../util/backoff.js';
import type { SerialDeviceConfig } from './config.js';
import { serialportFactory } from './hangup-binding.js';
import type { DeviceInput } from './input.js';
import { rateLimitedLog, type RateLimitedLog } from '../../log/rate-limited.js';
import type { Clock, DeviceState, DisconnectError, PortFactory, SerialPortLike, TimerHandle } from './ports.js';

export interface DeviceHealth {
  id: string;
  port: string;
  protocol: string;
  baudRate: number;
  screen: string;
  state: DeviceState;
  open: boolean;
  /** When the device entered this state (ms epoch). */
  since: number;
  /** The last problem in words ("unplugged (the device was disconnected)", "not found: …"). */
  lastError: string | null;
  /** Next open() attempt (ms epoch) while closed. */
  retryAt: number | null;
  opens: number;
  unplugs: number;
  openFailures: number;
  /** One line for /healthz and the setup page. */
  status: string;
}

export interface SerialDeviceOptions {
  config: SerialDeviceConfig;
  /** The config key of its port, for errors ("serial.devices[0].port"). */
  configKey?: string;
  input: DeviceInput;
  reconnect: { minMs: number; maxMs: number };
  clock: Clock;
  log: Logger;
  openPort?: PortFactory;
  random?: () => number;
  onState?: (state: DeviceState) => void;
}

const STOP_CLOSE_TIMEOUT_MS = 2000;


/** An open()/port error in words a technician can act on; `key` names the config key of the port ("serial.devices[0].port"). */
export function describePortError(err: unknown, key = 'serial.devices[].port'): string {
  const e = err as { message?: unknown; code?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' ? e.code : '';
  const cut = message.length > 200 ? message.slice(0, 197) + '...' : message;
  if (code === 'ENOENT' || /no such file or directory/i.test(message)) return `not found (unplugged? else correct ${key}: ls -l /dev/serial/by-id/ lists the plugged devices): ${cut}`;
  if (code === 'EACCES' || /permission denied/i.test(message)) return `permission denied (is the gateway's user in the dialout group? usermod -aG dialout scpm): ${cut}`;
  if (code === 'EBUSY' || /resource busy|cannot lock port/i.test(message)) return `busy (another program has the port open): ${cut}`;
  if (/inappropriate ioctl|not a typewriter/i.test(message)) return `not a serial port (${key} must be the device's tty, such as /dev/serial/by-id/usb-…): ${cut}`;
  return cut;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export class SerialDevice {
  private port: SerialPortLike | null = null;
  private state: DeviceState = 'stopped';
  private since: number;
  private lastError: string | null = null;
  private retryTimer: TimerHandle | null = null;
  private retryAt: number | null = null;
  private attempt = 0;
  private opening = false;
  private hungUp = false;
  private failingSince: number | null = null;
  private counts = { opens: 0, unplugs: 0, openFailures: 0 };
  private readonly openPort: PortFactory;
  /** A device (an outsider) can trigger these: a few a minute per kind, the rest counted. */
  private readonly warn: RateLimitedLog;

  constructor(private readonly o: SerialDeviceOptions) {
    this.since = o.clock.now();
    this.openPort = o.openPort ?? serialportFactory;
    this.warn = rateLimitedLog(o.log, { burst: 6, now: () => o.clock.now() });
  }

  get id(): string {
    return this.o.config.id;
  }

  get input(): DeviceInput {
    return this.o.input;
  }

  start(): void {
    if (this.state !== 'stopped') return;
    this.setState('opening');
    this.connect();
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.setState('stopped');
    this.warn.flush();
    this.clearRetry();
    this.o.input.stop();
    const port = this.port;
    this.port = null;
    if (!port) return;
    if (port.isOpen) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_CLOSE_TIMEOUT_MS);
        try {
          port.close(() => {
            clearTimeout(timer);
            resolve();
          });
        } catch {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    this.release(port);
  }

  health(): DeviceHealth {
    const c = this.o.config;
    return {
      id: c.id, port: c.port, protocol: c.protocol, baudRate: c.baudRate, screen: c.screen,
      state: this.state, open: this.state === 'open', since: this.since, lastError: this.lastError, retryAt: this.retryAt,
      ...this.counts,
      status: this.status(),
    };
  }

  private status(): string {
    const now = this.o.clock.now();
    switch (this.state) {
      case 'open':
        return `open for ${seconds(now - this.since)}`;
      case 'opening':
        return 'opening';
      case 'stopped':
        return 'stopped';
      case 'closed': {
        const retry = this.retryAt !== null ? `; next try in ${seconds(Math.max(0, this.retryAt - now))}` : '';
        return `closed for ${seconds(now - this.since)}: ${this.lastError ?? 'not opened yet'}${retry}`;
      }
    }
  }

  private setState(state: DeviceState): void {
    if (state === this.state) return;
    this.since = this.o.clock.now();
    this.state = state;
    try {
      this.o.onState?.(state);
    } catch {
      // a listener's fault is not the device's
    }
  }

  private connect(): void {
    this.retryTimer = null;
    this.retryAt = null;
    if (this.state === 'stopped') return;
    let port = this.port;
    if (!port) {
      try {
        port = this.openPort({ path: this.o.config.port, baudRate: this.o.config.baudRate });
      } catch (err) {
        this.openFailed(err);
        return;
      }
      this.attach(port);
      this.port = port;
    }
    const p = port;
    this.opening = true;
    try {
      p.open((err) => {
        this.opening = false;
        if (this.port !== p || this.state === 'stopped') {
          if (!err) p.close(() => undefined);
          return;
        }
        if (err) this.openFailed(err);
        else this.opened();
      });
    } catch (err) {
      this.opening = false;
      this.openFailed(err);
    }
  }

  private attach(p: SerialPortLike): void {
    p.on('data', (chunk) => {
      if (this.port === p) this.o.input.feed(chunk);
    });
    p.on('close', (err) => this.closed(p, err));
    p.on('error', (err) => this.portError(p, err));
    // End of stream on a tty is a hang-up: close, and the close handler reconnects.
    p.on('end', () => {
      if (this.port === p && p.isOpen) {
        this.hungUp = true;
        p.close(() => undefined);
      }
    });
  }

  /** Listeners off; later events of a dead port object fall on a no-op. */
  private release(p: SerialPortLike): void {
    p.removeAllListeners();
    p.on('error', () => undefined);
  }

  private opened(): void {
    const reopened = this.counts.opens > 0 || this.failingSince !== null;
    this.counts.opens++;
    this.attempt = 0;
    this.failingSince = null;
    this.o.input.reset();
    this.setState('open');
    this.o.log.info({ device: this.id, port: this.o.config.port }, reopened ? 'serial: device back, port reopened' : 'serial: port open');
  }

  private openFailed(err: unknown): void {
    this.counts.openFailures++;
    const words = describePortError(err, this.o.configKey);
    const first = this.failingSince === null;
    if (first) this.failingSince = this.o.clock.now();
    // Unplugged: the retries log at debug; only the first failure (and a change of cause) at warn.
    if (first || words !== this.lastError) this.o.log.warn({ device: this.id, port: this.o.config.port, error: words }, 'serial: cannot open the port; retrying with backoff');
    else this.o.log.debug({ device: this.id, error: words }, 'serial: open retry failed');
    this.lastError = words;
    this.setState('closed');
    this.scheduleRetry();
  }

  private closed(p: SerialPortLike, err: DisconnectError | null): void {
    if (this.port !== p || this.state === 'stopped') return;
    if (err?.disconnected) {
      this.counts.unplugs++;
      this.lastError = 'unplugged (the device was disconnected)';
    } else {
      this.lastError = this.hungUp ? 'hung up (the port reported end of stream)' : 'closed unexpectedly';
    }
    this.hungUp = false;
    this.warn('port-closed', 'warn', { device: this.id, port: this.o.config.port, reason: this.lastError }, 'serial: port closed; reconnecting');
    this.port = null;
    this.release(p);
    this.failingSince = this.o.clock.now();
    this.attempt = 0;
    this.setState('closed');
    this.scheduleRetry();
  }

  private portError(p: SerialPortLike, err: Error): void {
    if (this.port !== p || this.state === 'stopped') return;
    this.lastError = describePortError(err, this.o.configKey);
    this.warn('port-error', 'warn', { device: this.id, error: this.lastError }, 'serial: port error');
    if (!p.isOpen && !this.opening && this.retryTimer === null) {
      this.port = null;
      this.release(p);
      this.setState('closed');
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    this.clearRetry();
    const delay = backoffDelay(this.attempt++, this.o.reconnect.minMs, this.o.reconnect.maxMs, this.o.random);
    this.retryAt = this.o.clock.now() + delay;
    this.retryTimer = this.o.clock.setTimeout(() => {
      try {
        this.connect();
      } catch (err) {
        this.o.log.error({ err, device: this.id }, 'serial: reconnect failed (bug); retrying');
        this.scheduleRetry();
      }
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }
}
