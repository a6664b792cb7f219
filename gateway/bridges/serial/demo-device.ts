// The demo's simulated scpm-serial/1 device: a socat pty pair started through
// the process port. The bridge opens one end like any serial port (the real
// driver path); the setup page makes the other end send a chosen gesture.
// It sends nothing by itself.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger.js';
import type { ChildHandle, ChildSpec, ProcessPort } from '../../process/types.js';
import { GESTURE_SLUGS, isGestureSlug } from './gestures.js';
import { MAX_LINE } from './protocols/scpm-serial-1.js';

export const SOCAT_INSTALL_HINT = 'apt-get install socat';
export const SOCAT_READY = /starting data transfer loop/;

export type DemoState = 'unavailable' | 'starting' | 'running' | 'backoff' | 'missing' | 'stopped';

export interface DemoStatus {
  state: DemoState;
  /** In words, e.g. "socat is not installed: apt-get install socat". */
  detail: string;
  /** Set when socat is missing. */
  installHint: string | null;
  /** The end the bridge opens, and the end the simulator writes to. */
  gatewayEnd: string;
  deviceEnd: string;
  /** What the setup page can make it send. */
  gestures: readonly string[];
}

export type SendResult = { ok: true; line: string } | { ok: false; error: string };

/** The spawn spec: `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`, ready on "starting data transfer loop". */
export function socatSpec(gatewayEnd: string, deviceEnd: string): ChildSpec {
  return {
    name: 'serial:demo-device',
    command: 'socat',
    args: ['-d', '-d', `pty,raw,echo=0,link=${gatewayEnd}`, `pty,raw,echo=0,link=${deviceEnd}`],
    stdout: 'lines',
    ready: { line: SOCAT_READY, timeoutMs: 5000 },
    restart: { minMs: 500, maxMs: 30_000 },
    stopGraceMs: 1000,
    installHint: SOCAT_INSTALL_HINT,
  };
}

/** A scpm-serial/1 line the simulator may send: printable ASCII, at most 128 bytes, no line ending. */
function checkLine(line: string): string | null {
  if (line.length === 0) return 'an empty line';
  if (Buffer.byteLength(line, 'latin1') > MAX_LINE || line.length > MAX_LINE) return `more than ${MAX_LINE} bytes`;
  if (!/^[\x20-\x7e]+$/.test(line)) return 'not printable ASCII';
  return null;
}

export class DemoDevice {
  readonly gatewayEnd: string;
  readonly deviceEnd: string;
  private child: ChildHandle | null = null;
  private readyOnce = false;

  constructor(private readonly o: { processes: ProcessPort | undefined; dir: string; log: Logger; onReady?: () => void }) {
    this.gatewayEnd = join(o.dir, 'scpm-demo-gateway');
    this.deviceEnd = join(o.dir, 'scpm-demo-device');
  }

  start(): void {
    if (this.child || !this.o.processes) return;
    this.child = this.o.processes.spawn(socatSpec(this.gatewayEnd, this.deviceEnd), {
      ready: () => {
        if (!this.readyOnce) this.o.log.info({ port: this.gatewayEnd }, 'serial: simulated device ready (socat pty pair)');
        this.readyOnce = true;
        try {
          this.o.onReady?.();
        } catch (err) {
          this.o.log.error({ err }, 'serial: demo ready listener threw');
        }
      },
    });
  }

  status(): DemoStatus {
    const base = { gatewayEnd: this.gatewayEnd, deviceEnd: this.deviceEnd, gestures: GESTURE_SLUGS, installHint: null };
    if (!this.o.processes) return { ...base, state: 'unavailable', detail: 'no process port given: the simulated device cannot start' };
    if (!this.child) return { ...base, state: 'stopped', detail: 'not started' };
    const h = this.child.health();
    switch (h.state) {
      case 'missing':
        return { ...base, state: 'missing', detail: `socat is not installed: ${SOCAT_INSTALL_HINT}`, installHint: SOCAT_INSTALL_HINT };
      case 'running':
        return { ...base, state: 'running', detail: `socat pty pair up (pid ${h.pid ?? '?'})` };
      case 'starting':
        return { ...base, state: 'starting', detail: 'starting socat' };
      case 'backoff':
        return { ...base, state: 'backoff', detail: `socat exited (${h.lastError ?? 'no detail'}); restarting` };
      case 'stopped':
        return { ...base, state: 'stopped', detail: 'stopped' };
    }
  }

  /** Writes `G <slug>` to the device end. */
  sendGesture(slug: string): Promise<SendResult> {
    if (!isGestureSlug(slug)) return Promise.resolve({ ok: false, error: `unknown gesture ${JSON.stringify(slug.slice(0, 32))}` });
    return this.sendLine(`G ${slug}`);
  }

  /** Writes one line (the `\n` is added) to the device end. The bridge's parser judges it like any device's. */
  async sendLine(line: string): Promise<SendResult> {
    const bad = checkLine(line);
    if (bad) return { ok: false, error: `refused: ${bad}` };
    const status = this.status();
    if (status.state !== 'running') return { ok: false, error: `the simulated device is not running: ${status.detail}` };
    try {
      // O_NOCTTY: a daemon opening a tty must not make it its controlling terminal (socat's exit would hang us up).
      const fh = await open(this.deviceEnd, constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
      try {
        await fh.write(`${line}\n`, null, 'latin1');
      } finally {
        await fh.close();
      }
      return { ok: true, line };
    } catch (err) {
      const code = (err as { code?: string }).code;
      return { ok: false, error: code === 'EAGAIN' ? 'the pty is full (nobody reads the other end)' : `write failed: ${(err as Error).message}` };
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child) await child.stop();
  }
}
