// One camera stream (main or substream): one supervised ffmpeg remuxing RTSP
// to fragmented MP4 (-c:v copy), the segmenter, the fan-out hub, and the
// stream's honest state:
//   connecting — ffmpeg started or restarted, no picture yet
//   live       — fragments arriving (the last one less than stallMs ago)
//   stalled    — running, but no fragment for stallMs
//   offline    — ffmpeg exited or was killed (refused, timeout, silence); the
//                process port restarts it with backoff; offline until the
//                camera answers again
// The probe (codec, size, fps, GOP, bitrate) comes from this stream's own
// output: the init segment's avcC/hvcC, ffmpeg's "Stream #0:0: Video:" line
// and the fragments' timing. Never a second connection to the camera.
import type { ChildEvents, ChildExit, ChildHandle, ChildSpec } from '../../process/types.js';
import { ingestArgs } from './ffmpeg-args.js';
import { errorFromLine, parseStreamLine, type IngestErrorKind, type StreamLineProbe } from './ffmpeg-stderr.js';
import { StreamHub, type HeaderMessage, type StateMessage } from './hub.js';
import type { CameraClient, CameraTuning, Clock, Logger, ProcessPort, StreamVariant, Timer } from './ports.js';
import { urlSecrets } from './secrets.js';
import { Fmp4Segmenter, type Fragment, type InitSegment } from './segmenter.js';

export type StreamState = 'connecting' | 'live' | 'stalled' | 'offline';

export interface StreamProbe {
  /** RFC 6381, e.g. avc1.42C01E. */
  codec: string | null;
  /** For MediaSource.isTypeSupported: video/mp4; codecs="…". */
  mime: string | null;
  family: 'h264' | 'h265' | 'other' | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  /** Frames and seconds between the last two keyframes. */
  gopFrames: number | null;
  gopSeconds: number | null;
  /** Over the last GOP, bits per second. */
  bitrate: number | null;
}

export interface StreamView extends StreamProbe {
  state: StreamState;
  /** Delivery in use for this stream's viewers: MSE passthrough, or none when nothing can carry its codec yet. */
  delivery: 'mse' | 'none';
  viewers: number;
  lastFrameAgeMs: number | null;
  /** ffmpeg exits while the stream was wanted (each is followed by a restart). */
  restarts: number;
  /** In words from a fixed list; never ffmpeg's own text (it quotes the URL). */
  lastError: string | null;
  framesIn: number;
  framesOut: number;
  since: number;
}

export interface IngestOptions {
  camera: string;
  variant: StreamVariant;
  url: string;
  transport: 'tcp' | 'udp';
  processes: ProcessPort;
  log: Logger;
  clock: Clock;
  tuning: CameraTuning;
  ffmpegPath: string;
  /** Called on each state change (the manager counts and logs). */
  onState?: (state: StreamState) => void;
}

export class CameraIngest {
  readonly hub: StreamHub;
  private readonly segmenter = new Fmp4Segmenter();
  private readonly secrets: string[];
  private handle: ChildHandle | null = null;
  private stateNow: StreamState = 'connecting';
  private since: number;
  private gen = 0;
  private lastFragmentAt: number | null = null;
  private restarts = 0;
  private lastError: string | null = null;
  private runError: { kind: IngestErrorKind; words: string } | null = null;
  private wideProbe = false;
  private stopping = false;
  private ticker: Timer | null = null;
  private stderrProbe: StreamLineProbe | null = null;
  private init: InitSegment | null = null;
  // Timing of the stream, for fps, GOP and bitrate.
  private recentDurations: number[] = [];
  private lastKeyTime: number | null = null;
  private framesSinceKey = 0;
  private bytesSinceKey = 0;
  private gop: { frames: number; seconds: number; bitrate: number } | null = null;
  private framesIn = 0;
  /** Fragments since the stream went stalled: one late fragment (ffmpeg flushes its last frame on a read timeout) is not a recovery. */
  private sinceStall = 0;
  /** Why this ingest killed its own ffmpeg (used for the exit's words). */
  private killedFor: string | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly o: IngestOptions) {
    this.secrets = urlSecrets(o.url);
    this.since = o.clock.now();
    this.hub = new StreamHub({ highWaterBytes: o.tuning.clientHighWaterBytes, slowCloseMs: o.tuning.clientSlowCloseMs, clock: o.clock });
  }

  get name(): string {
    return `camera:${this.o.camera}${this.o.variant === 'sub' ? ':sub' : ''}`;
  }

  get state(): StreamState {
    return this.stateNow;
  }

  /**
   * Starts ffmpeg, once `after` has settled: the previous ingest of this
   * stream may still be stopping, and the process port allows one live child
   * per name.
   */
  start(after: Promise<unknown> = Promise.resolve()): void {
    if (this.handle || this.stopping || this.ticker) return;
    this.setState('connecting');
    this.ticker = this.o.clock.every(250, () => this.tick());
    void after.then(() => {
      if (!this.stopping && !this.handle) this.spawn();
    });
  }

  /** Stops ffmpeg (SIGTERM, then SIGKILL after the grace) and closes the viewers. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ticker?.cancel();
    this.ticker = null;
    const h = this.handle;
    this.handle = null;
    this.hub.closeAll(4503, 'stream stopped');
    if (h) await h.stop();
    this.segmenter.reset();
    this.wake();
  }

  attach(client: CameraClient): void {
    this.hub.add(client, this.segmenter.gop());
  }

  detach(client: CameraClient): boolean {
    return this.hub.remove(client);
  }

  get viewers(): number {
    return this.hub.size;
  }

  /** Resolves on the next change of anything (a fragment, a state change, stop) or after ms. */
  changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = this.o.clock.after(ms, () => {
        this.waiters.delete(done);
        resolve();
      });
      const done = () => {
        t.cancel();
        resolve();
      };
      this.waiters.add(done);
    });
  }

  view(): StreamView {
    const probe = this.probe();
    return {
      state: this.stateNow,
      ...probe,
      delivery: probe.family === 'other' ? 'none' : 'mse',
      viewers: this.hub.size,
      lastFrameAgeMs: this.lastFragmentAt === null ? null : Math.max(0, this.o.clock.now() - this.lastFragmentAt),
      restarts: this.restarts,
      lastError: this.lastError,
      framesIn: this.framesIn,
      framesOut: this.hub.counts.framesOut,
      since: this.since,
    };
  }

  probe(): StreamProbe {
    const info = this.init?.info;
    const avg = this.recentDurations.length > 0 ? this.recentDurations.reduce((a, b) => a + b, 0) / this.recentDurations.length : 0;
    const fps = info && avg > 0 ? Math.round((info.timescale / avg) * 100) / 100 : (this.stderrProbe?.fps ?? null);
    return {
      codec: info?.codec ?? null,
      mime: info ? mimeOf(info.codec) : null,
      family: info?.family ?? null,
      width: info?.width || this.stderrProbe?.width || null,
      height: info?.height || this.stderrProbe?.height || null,
      fps,
      gopFrames: this.gop?.frames ?? null,
      gopSeconds: this.gop?.seconds ?? null,
      bitrate: this.gop?.bitrate ?? null,
    };
  }

  private spawn(): void {
    const args = ingestArgs({ url: this.o.url, transport: this.o.transport, ioTimeoutMs: this.o.tuning.ioTimeoutMs, wideProbe: this.wideProbe });
    const t = this.o.tuning;
    const spec: ChildSpec = {
      name: this.name,
      command: this.o.ffmpegPath,
      args,
      stdout: 'bytes',
      ready: { timeoutMs: t.readyTimeoutMs },
      watchdog: { silenceMs: t.silenceMs, stream: 'stdout' },
      restart: { minMs: t.restartMinMs, maxMs: t.restartMaxMs, healthyAfterMs: 30_000 },
      stopGraceMs: 1500,
      secrets: this.secrets,
      installHint: 'apt-get install ffmpeg',
    };
    try {
      this.handle = this.o.processes.spawn(spec, this.childEvents());
    } catch (err) {
      // Only a name clash throws (a bug of ours, not the camera's): say so and let the manager's next attach retry.
      this.lastError = 'the camera stream could not be started';
      this.o.log.error({ camera: this.o.camera, variant: this.o.variant, err: err instanceof Error ? err.message : 'unknown' }, 'camera ingest could not be spawned');
      this.setState('offline');
    }
  }

  private childEvents(): ChildEvents {
    return {
      stdout: (chunk) => this.onBytes(chunk),
      line: (line, stream) => {
        if (stream === 'stderr') this.onStderr(line);
      },
      exit: (exit) => this.onExit(exit),
    };
  }


  private onBytes(chunk: Buffer): void {
    for (const ev of this.segmenter.push(chunk)) {
      if (ev.kind === 'init') this.onInit(ev.init);
      else if (ev.kind === 'fragment') this.onFragment(ev.fragment);
      else {
        // Not ffmpeg's text: the segmenter's own reason about the bytes.
        this.killedFor = 'ffmpeg wrote unreadable video (restarted)';
        this.lastError = this.killedFor;
        this.o.log.warn({ camera: this.o.camera, variant: this.o.variant, reason: ev.reason }, 'camera stream unreadable; restarting ffmpeg');
        this.handle?.restart('unreadable output');
      }
    }
  }

  private onInit(init: InitSegment): void {
    this.init = init;
    this.gen++;
    this.recentDurations = [];
    this.lastKeyTime = null;
    this.gop = null;
    const header: HeaderMessage = {
      type: 'header', camera: this.o.camera, variant: this.o.variant, mime: mimeOf(init.info.codec), codec: init.info.codec,
      family: init.info.family, width: init.info.width, height: init.info.height, gen: this.gen,
    };
    this.hub.setInit(header, init);
    if (this.stateNow === 'offline') this.setState('connecting');
    this.o.log.debug({ camera: this.o.camera, variant: this.o.variant, codec: init.info.codec, width: init.info.width, height: init.info.height, gen: this.gen }, 'camera stream started');
    this.wake();
  }

  private onFragment(f: Fragment): void {
    // Killed for silence: what it flushes on the way out is not a recovery.
    if (this.killedFor !== null) return;
    this.framesIn++;
    if (this.stateNow === 'stalled') this.sinceStall++;
    // While stalled, the clock of the last frame restarts only with a recovery (RECOVERY_FRAGMENTS have come).
    if (this.stateNow !== 'stalled' || this.sinceStall >= RECOVERY_FRAGMENTS) this.lastFragmentAt = this.o.clock.now();
    if (f.duration > 0 && f.samples > 0) {
      this.recentDurations.push(f.duration / f.samples);
      if (this.recentDurations.length > 50) this.recentDurations.shift();
    }
    if (f.keyframe) {
      const ts = this.init?.info.timescale ?? 0;
      if (this.lastKeyTime !== null && f.decodeTime !== null && ts > 0 && f.decodeTime > this.lastKeyTime) {
        const seconds = (f.decodeTime - this.lastKeyTime) / ts;
        this.gop = { frames: this.framesSinceKey, seconds: Math.round(seconds * 1000) / 1000, bitrate: Math.round((this.bytesSinceKey * 8) / seconds) };
      }
      this.lastKeyTime = f.decodeTime;
      this.framesSinceKey = 0;
      this.bytesSinceKey = 0;
    }
    this.framesSinceKey += f.samples;
    this.bytesSinceKey += f.bytes.length;
    if (this.stateNow !== 'live' && (this.stateNow !== 'stalled' || this.sinceStall >= RECOVERY_FRAGMENTS)) {
      this.setState('live');
      this.lastError = null;
    }
    this.hub.fragment(f);
    this.wake();
  }

  private onStderr(line: string): void {
    const probe = parseStreamLine(line);
    // The input's line comes first and may carry fps; the output's repeats it.
    if (probe && this.stderrProbe === null) this.stderrProbe = probe;
    const err = errorFromLine(line);
    if (err) this.runError = err;
  }

  private onExit(exit: ChildExit): void {
    // Our own stop; a restart() we asked for also ends with reason 'stopped' and must be handled below.
    if (this.stopping) return;
    this.restarts++;
    this.segmenter.reset();
    this.hub.clearInit();
    this.init = null;
    this.stderrProbe = null;
    this.lastError = this.exitWords(exit);
    this.o.log.debug({ camera: this.o.camera, variant: this.o.variant, code: exit.code, signal: exit.signal, reason: exit.reason, error: this.lastError }, 'camera ingest exited');
    this.setState('offline');
    const kind = this.runError?.kind;
    this.runError = null;
    if (kind === 'no-parameters' && !this.wideProbe && this.handle) {
      // The narrow probe found no parameter sets: start again with the wide one.
      this.wideProbe = true;
      const old = this.handle;
      this.handle = null;
      void old.stop().then(() => {
        if (!this.stopping) this.spawn();
      });
    }
  }

  private exitWords(exit: ChildExit): string {
    const t = this.o.tuning;
    if (this.killedFor) {
      const words = this.killedFor;
      this.killedFor = null;
      return words;
    }
    if (exit.reason === 'stall') return `no video for ${Math.round(t.silenceMs / 1000)} s (ffmpeg restarted)`;
    if (exit.reason === 'ready-timeout') return `the camera did not answer within ${Math.round(t.readyTimeoutMs / 1000)} s`;
    if (exit.reason === 'spawn-error') {
      const h = this.handle?.health();
      return h?.state === 'missing' ? 'ffmpeg is not installed: apt-get install ffmpeg' : 'ffmpeg could not be started';
    }
    if (this.runError) return this.runError.words;
    if (exit.signal) return `ffmpeg was stopped by ${exit.signal}`;
    return exit.code === 0 ? 'the camera ended the stream' : `ffmpeg exited with code ${exit.code}`;
  }

  private tick(): void {
    if (this.lastFragmentAt === null || !this.handle) return;
    const age = this.o.clock.now() - this.lastFragmentAt;
    if (this.stateNow === 'live' && age > this.o.tuning.stallMs) {
      this.sinceStall = 0;
      this.setState('stalled');
    } else if (this.stateNow === 'stalled' && age > this.o.tuning.offlineMs) {
      // Our own deadline, not ffmpeg's: its socket timeout fires only after about twice -timeout mid-stream.
      this.killedFor = `no video for ${Math.round(this.o.tuning.offlineMs / 1000)} s (ffmpeg restarted)`;
      this.lastError = this.killedFor;
      this.setState('offline');
      this.handle.restart('no video');
    }
  }

  private setState(s: StreamState): void {
    if (s === this.stateNow && s !== 'connecting') return;
    const changed = s !== this.stateNow;
    this.stateNow = s;
    if (changed) this.since = this.o.clock.now();
    // A stream no player can carry yet is live here but "unsupported" to its viewers.
    const msg: StateMessage = s === 'live' && this.init?.info.family === 'other'
      ? { type: 'state', state: 'unsupported', reason: `codec ${this.init.info.sampleEntry} has no delivery path yet` }
      : { type: 'state', state: s };
    if (s === 'offline' && this.lastError) msg.reason = this.lastError;
    if (s === 'stalled' || s === 'offline') msg.lastFrameAgeMs = this.lastFragmentAt === null ? null : this.o.clock.now() - this.lastFragmentAt;
    this.hub.state(msg);
    if (changed) this.o.onState?.(s);
    this.wake();
  }

  private wake(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }
}

const RECOVERY_FRAGMENTS = 3;

export function mimeOf(codec: string): string {
  return `video/mp4; codecs="${codec}"`;
}
