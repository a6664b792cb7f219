// What the cameras bridge needs from its host, as small interfaces, so the
// host's adapter is thin: a config slice with resolved URLs, the process
// port, a logger, a clock, a way to register metrics, and (optionally) a sink
// for the view log.
import type { Logger } from '../../logger.js';
import type { ProcessPort } from '../../process/types.js';
import type { CamerasConfig } from './config.js';

export type { Logger, ProcessPort, CamerasConfig };

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Runs fn once after ms; the handle cancels it. Timers must not keep the process alive. */
  after(ms: number, fn: () => void): Timer;
  /** Runs fn every ms until cancelled. */
  every(ms: number, fn: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
};

/**
 * Registers one metric, read at scrape time. `read` returns a number, or
 * values by label (the label is always `camera`, whose values are camera ids
 * — never URLs).
 */
export type RegisterMetric = (metric: {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  read: () => number | Record<string, number>;
}) => void;

/** One opening or closing of a camera, for accountability (who, which camera, when). */
export interface ViewLogEntry {
  at: number;
  /** The principal as the host names it: "loopback", "device:tablet-1", "api", "setup-probe". */
  who: string;
  camera: string;
  variant: StreamVariant;
  event: 'open' | 'close' | 'busy';
}

export type StreamVariant = 'main' | 'sub';

/** A viewer connection (a WebSocket in production, anything in tests). */
export interface CameraClient {
  /** Who is watching (see ViewLogEntry.who). */
  readonly who: string;
  sendText(json: string): void;
  sendBinary(bytes: Buffer): void;
  /** Bytes accepted by send but not yet written to the network. */
  bufferedAmount(): number;
  close(code: number, reason: string): void;
}

export interface CameraManagerDeps {
  config: CamerasConfig;
  processes: ProcessPort;
  log: Logger;
  clock?: Clock;
  registerMetric?: RegisterMetric;
  /** Each view-log entry as it happens (e.g. to persist it); the manager also keeps the last ones in memory. */
  onView?: (entry: ViewLogEntry) => void;
  /** The ffmpeg executable (default "ffmpeg" on PATH). */
  ffmpegPath?: string;
  /** Tuning for tests; production uses the defaults (see manager.ts). */
  tuning?: Partial<CameraTuning>;
  /** The devices are not the config file's (the demo's test cameras): errors name the camera, not a key. */
  notFromFile?: boolean;
}

export interface CameraTuning {
  /** No fragment for this long while running → stalled (default 2000). */
  stallMs: number;
  /** Stalled this long since the last fragment → offline, and ffmpeg is restarted (default 4000). */
  offlineMs: number;
  /** ffmpeg's socket timeout: a port that accepts and never answers is given up after this (default 3000; mid-stream ffmpeg takes about twice it, hence offlineMs). */
  ioTimeoutMs: number;
  /** No stdout for this long → the process port kills and restarts ffmpeg (default 6000; a backstop behind offlineMs). */
  silenceMs: number;
  /** ffmpeg not ready within this → killed and restarted (default 10000). */
  readyTimeoutMs: number;
  /** Restart backoff after an exit (default 500 → 5000 ms, so a camera that is back is seen within 5 s). */
  restartMinMs: number;
  restartMaxMs: number;
  /** A client with more than this queued is skipped to the next keyframe (default 2 MiB). */
  clientHighWaterBytes: number;
  /** A client behind for this long is disconnected (it reconnects; default 10000). */
  clientSlowCloseMs: number;
  /** View-log entries kept in memory (default 500). */
  viewLogSize: number;
  /** probeOnce gives up after this (default 8000). */
  probeTimeoutMs: number;
}
