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
import type { ChildEvents, ChildExit, ChildHandle } from '../../process/types.js';
import { ingestSpec } from './ffmpeg-args.js';
import { errorFromLine, parseStreamLine, type IngestErrorKind, type StreamLineProbe } from './ffmpeg-stderr.js';
import { StreamHub, type HeaderMessage, type StateMessage } from './hub.js';
import type { CameraClient, Timer } from './ports.js';
import type { IngestOptions, StreamState, StreamView } from './ingest-types.js';
import { urlSecrets } from './secrets.js';
import { Fmp4Segmenter, type Fragment, type InitSegment } from './segmenter.js';
import { StreamTiming, mimeOf, type StreamProbe } from './stream-probe.js';
import { exitWords, isFinalKind } from './exit-words.js';

export { mimeOf, type StreamProbe } from './stream-probe.js';

export type { IngestOptions, StreamState, StreamView } from './ingest-types.js';

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
  /** The last run ended on the camera's own answer (refused, wrong password, no such stream...): a retry meets the same. */
  private lastExitFinal = false;
  private wideProbe = false;
  private stopping = false;
  private ticker: Timer | null = null;
  private stderrProbe: StreamLineProbe | null = null;
  private init: InitSegment | null = null;
  /** For fps, GOP and bitrate. */
  private readonly timing = new StreamTiming();
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
    return this.timing.probe(this.init, this.stderrProbe);
  }

  /** Why the last run failed, when the camera's own answer ruled a picture out and it ended after `since` runs (`view().restarts`); else null. */
  finalErrorSince(since: number): string | null {
    return this.lastExitFinal && this.restarts > since ? this.lastError : null;
  }

  private spawn(): void {
    const spec = ingestSpec({ name: this.name, ffmpegPath: this.o.ffmpegPath, url: this.o.url, transport: this.o.transport, tuning: this.o.tuning, wideProbe: this.wideProbe, secrets: this.secrets });
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
    this.timing.reset();
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
    this.timing.fragment(f, this.init?.info.timescale ?? 0);
    if (this.stateNow !== 'live' && (this.stateNow !== 'stalled' || this.sinceStall >= RECOVERY_FRAGMENTS)) {
      this.setState('live');
      this.lastError = null;
      this.lastExitFinal = false;
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
    this.lastExitFinal = kind !== undefined && isFinalKind(kind);
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
    const words = exitWords(exit, { killedFor: this.killedFor, runError: this.runError, missing: this.handle?.health().state === 'missing', tuning: this.o.tuning });
    this.killedFor = null;
    return words;
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

/** Fragments after a stall before the stream counts as live again. */
const RECOVERY_FRAGMENTS = 3;
