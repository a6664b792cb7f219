// Everything the serial bridge needs from the gateway, as narrow interfaces:
// the host adapts its own services to these (a thin descriptor), tests pass
// recording or fake ones.
import type { ActionInput, Source } from '../../actions/vocabulary.js';
import type { Logger } from '../../logger.js';
import type { ProcessPort } from '../../process/types.js';
import type { SerialConfig } from './config.js';
import type { SerialEvent } from './events.js';
import type { Cue } from './cues.js';
import type { InputKey } from './gestures.js';

export type DeviceState = 'opening' | 'open' | 'closed' | 'stopped';

/** A gesture, pad or button the wall heard, and what it did. */
export interface Recognition {
  device: string;
  screen: string;
  key: InputKey;
  at: number;
  /** Null when the table maps the key to nothing (e.g. tap by default). */
  action: ActionInput | null;
  /** "← next page" / "← 다음 페이지"; null when there was no action. */
  cue: Cue | null;
}

/** The actions service: every gesture, pad and button goes through it with source "gesture". */
export interface SerialActionsPort {
  /** May return a promise; a throw or rejection is counted and logged, never propagated. */
  dispatch(action: ActionInput, source: Extract<Source, 'gesture'>, principal: string): unknown;
}

export type TimerHandle = unknown;

/** Time and timers, injected so the pad windows, refractory and backoff run on a fake clock in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type DisconnectError = Error & { disconnected?: boolean; code?: string };

/** The part of serialport 13's `SerialPort` (a SerialPortStream) the bridge uses. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (err: DisconnectError | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  removeAllListeners(): unknown;
}

/** Makes a port object with autoOpen off (never opens, never lists ports). */
export type PortFactory = (options: { path: string; baudRate: number }) => SerialPortLike;

export interface SerialBridgePorts {
  /** The `serial:` section, parsed by `serialConfigSchema`. */
  config: SerialConfig;
  /** A pino child, e.g. log.child({ bridge: 'serial' }). */
  log: Logger;
  actions: SerialActionsPort;
  /** Needed only for the demo device (socat). */
  processes?: ProcessPort;
  /** Play a simulated scpm-serial/1 device on a socat pty pair in this directory (demo mode). */
  demo?: { dir: string } | null;
  /** Each recognised gesture / pad / button, with the action it gave and its cue for the wall. */
  onRecognised?: (recognition: Recognition) => void;
  /** Every decoded event (e.g. presence `P 0|1` for the display-power issue). */
  onEvent?: (device: string, event: SerialEvent) => void;
  /** A device opened, closed or stopped (what the help overlay lists follows it). */
  onDeviceState?: (device: string, state: DeviceState) => void;
  clock?: Clock;
  /** Default: serialport 13's SerialPort. Tests pass SerialPortMock. */
  openPort?: PortFactory;
  /** Jitter source for the reconnect backoff (default Math.random). */
  random?: () => number;
}
