// The microphone: one `arecord` child through the process port, 16 kHz mono
// 16-bit raw on stdout, restarted with backoff when the device goes away and
// killed by the watchdog when it goes quiet. Samples go to the caller as they
// come; nothing is written anywhere.
import type { ChildHandle, ChildHealth, ProcessPort } from '../../../process/types.js';

export const ARECORD = 'arecord';
export const ARECORD_INSTALL_HINT = 'apt-get install alsa-utils';

/** Three seconds without a period is a dead device. */
const SILENCE_MS = 3000;

/** Periods of 20 ms (one VAD frame: the end of speech is seen 20 ms after it, not a default period's 64–125 ms) in a 200 ms buffer. */
export function arecordArgs(device: string): string[] {
  return ['-D', device, '-f', 'S16_LE', '-r', '16000', '-c', '1', '-t', 'raw', '-F', '20000', '-B', '200000', '-q'];
}

export interface MicrophoneHealth {
  device: string;
  state: 'capturing' | 'starting' | 'lost' | 'missing' | 'stopped';
  /** In words, for the setup page: "no microphone on hw:1: audio open error: No such file or directory". */
  detail: string | null;
  restarts: number;
  retryAt: number | null;
}

/**
 * What is wrong with the microphone, or null. A first start is not a problem yet; a start after a failure
 * (a retry: the last error is known) still is, so health does not flip to "running" at each retry of a lost device.
 */
export function microphoneProblem(h: MicrophoneHealth): string | null {
  if (h.state === 'capturing') return null;
  if (h.state === 'starting' && h.detail === null) return null;
  return h.detail ?? `no microphone on ${h.device}`;
}

export class Microphone {
  private child: ChildHandle | null = null;
  private carry: number | null = null;
  private receiving = false;

  constructor(
    /** `onLost`: a capture that was receiving ended (a device lost once is one call, however many retries fail after). */
    private readonly deps: { processes: ProcessPort; device: string; onSamples: (samples: Int16Array) => void; onLost?: () => void },
  ) {}

  start(): void {
    if (this.child) return;
    this.carry = null;
    this.child = this.deps.processes.spawn(
      {
        name: 'voice:microphone', command: ARECORD, args: arecordArgs(this.deps.device), stdout: 'bytes',
        restart: { minMs: 1000, maxMs: 30_000, healthyAfterMs: 10_000 },
        watchdog: { silenceMs: SILENCE_MS, stream: 'stdout' },
        ready: { timeoutMs: 5000, stream: 'stdout' },
        installHint: ARECORD_INSTALL_HINT,
      },
      {
        ready: () => { this.receiving = true; },
        stdout: (chunk) => this.bytes(chunk),
        exit: () => {
          // A retry that never captured (the device is still gone) loses nothing more.
          const wasCapturing = this.receiving;
          this.receiving = false;
          this.carry = null;
          if (wasCapturing) this.deps.onLost?.();
        },
      },
    );
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    this.receiving = false;
    await c?.stop();
  }

  health(): MicrophoneHealth {
    const device = this.deps.device;
    if (!this.child) return { device, state: 'stopped', detail: null, restarts: 0, retryAt: null };
    const h: ChildHealth = this.child.health();
    const detail = h.lastError ? `no microphone on ${device}: ${h.lastError}` : null;
    const state = h.state === 'missing' ? 'missing' : h.state === 'running' && this.receiving ? 'capturing' : h.state === 'backoff' ? 'lost' : 'starting';
    return { device, state, detail: state === 'capturing' ? null : detail, restarts: h.restarts, retryAt: h.retryAt };
  }

  /** Bytes to samples; an odd byte waits for its other half. */
  private bytes(chunk: Buffer): void {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = Buffer.concat([Buffer.from([this.carry]), chunk]);
      this.carry = null;
    }
    const whole = bytes.length & ~1;
    if (whole < bytes.length) this.carry = bytes[bytes.length - 1]!;
    if (whole === 0) return;
    const samples = new Int16Array(whole / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
    this.deps.onSamples(samples);
  }
}
