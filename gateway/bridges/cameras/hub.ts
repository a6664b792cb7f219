// Fan-out of one stream to its viewers. Every viewer gets a small JSON header
// (the codec string for MediaSource.isTypeSupported), then the init segment,
// then fragments starting at a keyframe. A viewer whose socket holds more
// than `highWaterBytes` is skipped until it drains, and then resumes at the
// next keyframe (never buffered without bound); one stuck for
// `slowCloseMs` is closed and reconnects.
import type { CameraClient, Clock } from './ports.js';
import type { Fragment, InitSegment } from './segmenter.js';

/** What the player shows; the server sends the ones it knows (busy and unsupported may also come from the player itself). */
export type PlayerState = 'connecting' | 'live' | 'stalled' | 'offline' | 'busy' | 'unsupported';

export interface HeaderMessage {
  type: 'header';
  camera: string;
  variant: 'main' | 'sub';
  /** e.g. video/mp4; codecs="avc1.42C01E" */
  mime: string;
  codec: string;
  family: 'h264' | 'h265' | 'other';
  width: number;
  height: number;
  /** Which ffmpeg run this init belongs to (a new one after each restart). */
  gen: number;
}

export interface StateMessage {
  type: 'state';
  state: PlayerState;
  /** In words, never a URL. */
  reason?: string;
  /** Age of the last fragment, for the stalled overlay. */
  lastFrameAgeMs?: number | null;
}

/** WebSocket close codes the player understands (4000-4999 are the application's). */
export const CLOSE = { busy: 4429, unknownCamera: 4404, tooSlow: 4408, stopping: 4503, refused: 4403 } as const;

interface Viewer {
  client: CameraClient;
  needInit: boolean;
  needKeyframe: boolean;
  slowSince: number | null;
}

export interface HubOptions {
  highWaterBytes: number;
  slowCloseMs: number;
  clock: Clock;
}

export class StreamHub {
  private readonly viewers = new Map<CameraClient, Viewer>();
  private header: HeaderMessage | null = null;
  private init: InitSegment | null = null;
  private lastState: StateMessage | null = null;
  readonly counts = { framesOut: 0, bytesOut: 0, skipped: 0, closedSlow: 0 };

  constructor(private readonly o: HubOptions) {}

  get size(): number {
    return this.viewers.size;
  }

  /** Adds a viewer and brings it up to date: state, header + init, the kept GOP. */
  add(client: CameraClient, gop: readonly Fragment[]): void {
    const v: Viewer = { client, needInit: true, needKeyframe: true, slowSince: null };
    this.viewers.set(client, v);
    if (this.lastState) this.sendText(v, JSON.stringify(this.lastState));
    if (this.header && this.init) {
      this.sendInit(v);
      for (const f of gop) this.sendFragment(v, f);
    }
  }

  remove(client: CameraClient): boolean {
    return this.viewers.delete(client);
  }

  /** A new init (each ffmpeg run): everyone gets the header and init, then waits for a keyframe. */
  setInit(header: HeaderMessage, init: InitSegment): void {
    this.header = header;
    this.init = init;
    for (const v of this.viewers.values()) {
      v.needInit = true;
      v.needKeyframe = true;
      this.sendInit(v);
    }
  }

  /** The stream ended (ffmpeg exited): no init until the next run. */
  clearInit(): void {
    this.header = null;
    this.init = null;
  }

  fragment(f: Fragment): void {
    for (const v of this.viewers.values()) this.sendFragment(v, f);
  }

  /** Sends a state change to every viewer (repeats of the same state are not sent). */
  state(msg: StateMessage): void {
    if (this.lastState && this.lastState.state === msg.state && this.lastState.reason === msg.reason && msg.state !== 'stalled') return;
    this.lastState = msg;
    const text = JSON.stringify(msg);
    for (const v of this.viewers.values()) this.sendText(v, text);
  }

  closeAll(code: number, reason: string): void {
    for (const v of [...this.viewers.values()]) this.close(v, code, reason);
  }

  private sendInit(v: Viewer): void {
    if (!this.header || !this.init) return;
    if (!this.sendText(v, JSON.stringify(this.header))) return;
    if (this.sendBinary(v, this.init.bytes)) v.needInit = false;
  }

  private sendFragment(v: Viewer, f: Fragment): void {
    if (v.needInit) return;
    const queued = safeBuffered(v.client);
    if (queued > this.o.highWaterBytes) {
      // Behind: skip until it drains, then resume at a keyframe (MSE cannot decode a P-frame after a gap).
      if (!v.needKeyframe) this.counts.skipped++;
      v.needKeyframe = true;
      const now = this.o.clock.now();
      v.slowSince ??= now;
      if (now - v.slowSince > this.o.slowCloseMs) {
        this.counts.closedSlow++;
        this.close(v, CLOSE.tooSlow, 'too slow');
      }
      return;
    }
    v.slowSince = null;
    if (v.needKeyframe && !f.keyframe) return;
    if (this.sendBinary(v, f.bytes)) {
      v.needKeyframe = false;
      this.counts.framesOut++;
      this.counts.bytesOut += f.bytes.length;
    }
  }

  private sendText(v: Viewer, text: string): boolean {
    try {
      v.client.sendText(text);
      return true;
    } catch {
      this.viewers.delete(v.client);
      return false;
    }
  }

  private sendBinary(v: Viewer, bytes: Buffer): boolean {
    try {
      v.client.sendBinary(bytes);
      return true;
    } catch {
      this.viewers.delete(v.client);
      return false;
    }
  }

  private close(v: Viewer, code: number, reason: string): void {
    this.viewers.delete(v.client);
    try {
      v.client.close(code, reason);
    } catch {
      // already closed
    }
  }
}

function safeBuffered(c: CameraClient): number {
  try {
    return c.bufferedAmount();
  } catch {
    return 0;
  }
}
