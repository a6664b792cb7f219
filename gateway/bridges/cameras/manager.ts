// The cameras bridge's core: one ingest per watched camera, started at the
// first viewer and stopped `idleStopSeconds` after the last; `maxStreams`
// enforced (the next viewer gets "busy", not a hang); the API's view of every
// camera (never a URL); a bounded view log; probeOnce for the setup page.
import { CLOSE } from './hub.js';
import { CameraIngest } from './ingest.js';
import { blankMemory, cameraView, remember, type AttachResult, type CameraEntry, type CameraView, type CamerasHealth, type ProbeOutcome } from './camera-view.js';
import { systemClock, type CameraClient, type CameraManagerDeps, type CameraTuning, type Clock, type Logger, type StreamVariant, type Timer, type ViewLogEntry } from './ports.js';
import { ViewLog } from './view-log.js';
import { registerCameraMetrics } from './camera-metrics.js';
import { onPath } from './on-path.js';
import { rateLimitedLog, type RateLimitedLog } from '../../log/rate-limited.js';

export type { AttachResult, CameraState, CameraView, CamerasHealth, ProbeOutcome } from './camera-view.js';

export const DEFAULT_TUNING: CameraTuning = {
  stallMs: 2000,
  offlineMs: 4000,
  ioTimeoutMs: 3000,
  silenceMs: 6000,
  readyTimeoutMs: 10_000,
  restartMinMs: 500,
  restartMaxMs: 5000,
  clientHighWaterBytes: 2 << 20,
  clientSlowCloseMs: 10_000,
  viewLogSize: 500,
  probeTimeoutMs: 8000,
};

export class CameraManager {
  private readonly cameras = new Map<string, CameraEntry>();
  private readonly ingests = new Map<string, CameraIngest>();
  /** Ingests whose ffmpeg is being stopped: they still count against maxStreams until gone. */
  private readonly stopping = new Set<Promise<void>>();
  /** The same, by stream: a new ingest of that stream starts once the old one is gone. */
  private readonly stoppingByKey = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, Timer>();
  /** Holds by probeOnce: an ingest with a probe in progress is not idle-stopped. */
  private readonly holds = new Map<string, number>();
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly tuning: CameraTuning;
  private readonly views: ViewLog;
  private readonly ffmpegPath: string;
  /** A flapping camera must not flood the journal. */
  private readonly warnOffline: RateLimitedLog;
  private started = false;
  private ffmpegFound = true;
  private readonly counters = { busy: 0, opens: 0, stateChanges: 0 };

  constructor(private readonly deps: CameraManagerDeps) {
    this.log = deps.log;
    this.clock = deps.clock ?? systemClock;
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    this.views = new ViewLog(this.tuning.viewLogSize);
    this.ffmpegPath = deps.ffmpegPath ?? 'ffmpeg';
    this.warnOffline = rateLimitedLog(this.log, { burst: 10, now: () => this.clock.now() });
    const now = this.clock.now();
    for (const device of deps.config.devices) this.cameras.set(device.id, { device, memory: { main: blankMemory(now), sub: blankMemory(now) } });
    if (deps.registerMetric) {
      registerCameraMetrics(deps.registerMetric, { list: () => this.list(), streams: () => this.activeStreams(), busy: () => this.counters.busy, views: () => this.views.total });
    }
  }

  start(): void {
    this.started = true;
    this.ffmpegFound = onPath(this.ffmpegPath);
    if (!this.ffmpegFound) this.log.warn({ install: 'apt-get install ffmpeg' }, 'ffmpeg not found: cameras cannot be shown');
  }

  /** Stops every ffmpeg and closes every viewer; resolves when all are gone. */
  async stop(): Promise<void> {
    this.started = false;
    for (const t of this.idleTimers.values()) t.cancel();
    this.idleTimers.clear();
    const all = [...this.ingests.keys()].map((key) => this.stopIngest(key));
    await Promise.all([...all, ...this.stopping]);
    this.warnOffline.flush();
  }

  has(id: string): boolean {
    return this.cameras.has(id);
  }

  /** Adds a viewer. On 'busy' the client has been told and closed; on 'unknown'/'stopped' nothing was sent. */
  attach(id: string, client: CameraClient, variant: StreamVariant = 'main'): AttachResult {
    const cam = this.cameras.get(id);
    if (!cam) return 'unknown';
    if (!this.started) return 'stopped';
    const v = this.variantFor(cam, variant);
    const ingest = this.ensureIngest(cam, v);
    if (!ingest) {
      this.counters.busy++;
      this.record({ at: this.clock.now(), who: client.who, camera: id, variant: v, event: 'busy' });
      const reason = `all ${this.deps.config.maxStreams} camera streams are in use`;
      try {
        client.sendText(JSON.stringify({ type: 'state', state: 'busy', reason }));
        client.close(CLOSE.busy, 'busy');
      } catch {
        // gone already
      }
      return 'busy';
    }
    this.cancelIdle(key(id, v));
    ingest.attach(client);
    this.counters.opens++;
    this.record({ at: this.clock.now(), who: client.who, camera: id, variant: v, event: 'open' });
    return 'ok';
  }

  detach(id: string, client: CameraClient, variant: StreamVariant = 'main'): void {
    const cam = this.cameras.get(id);
    if (!cam) return;
    const v = this.variantFor(cam, variant);
    const k = key(id, v);
    const ingest = this.ingests.get(k);
    if (!ingest || !ingest.detach(client)) return;
    this.record({ at: this.clock.now(), who: client.who, camera: id, variant: v, event: 'close' });
    this.maybeIdle(k);
  }

  list(): CameraView[] {
    return [...this.cameras.keys()].map((id) => this.get(id)!);
  }

  get(id: string): CameraView | null {
    const cam = this.cameras.get(id);
    return cam ? cameraView(cam, (v) => this.ingests.get(key(id, v))) : null;
  }

  /** The last view-log entries, oldest first. */
  viewLog(): ViewLogEntry[] {
    return this.views.entries();
  }

  health(): CamerasHealth {
    const viewers = [...this.ingests.values()].reduce((n, i) => n + i.viewers, 0);
    const base = { cameras: this.cameras.size, streams: this.activeStreams(), maxStreams: this.deps.config.maxStreams, viewers, ffmpeg: this.ffmpegFound };
    if (!this.started) return { state: 'stopped', ...base };
    if (!this.ffmpegFound) return { state: 'degraded', detail: 'ffmpeg is not installed: apt-get install ffmpeg', ...base };
    const offline = [...this.ingests.entries()].filter(([, i]) => i.state === 'offline').map(([k]) => k);
    if (offline.length > 0) return { state: 'degraded', detail: `offline: ${offline.join(', ')}`, ...base };
    return { state: 'running', ...base };
  }

  /**
   * One probe for the setup page's "test" button: the running stream's probe
   * at once, or a short ingest (counted against maxStreams) until the first
   * keyframe and, within the timeout, the second (for the GOP).
   */
  async probeOnce(id: string, variant: StreamVariant = 'main'): Promise<ProbeOutcome> {
    const started = this.clock.now();
    const cam = this.cameras.get(id);
    if (!cam) return { ok: false, error: 'no such camera', probe: null, ms: 0 };
    if (!this.started) return { ok: false, error: 'cameras are stopped', probe: null, ms: 0 };
    const v = this.variantFor(cam, variant);
    const k = key(id, v);
    const ingest = this.ensureIngest(cam, v);
    if (!ingest) return { ok: false, error: `busy: all ${this.deps.config.maxStreams} camera streams are in use`, probe: null, ms: 0 };
    this.cancelIdle(k);
    this.holds.set(k, (this.holds.get(k) ?? 0) + 1);
    this.record({ at: started, who: 'setup-probe', camera: id, variant: v, event: 'open' });
    try {
      const deadline = started + this.tuning.probeTimeoutMs;
      const runsBefore = ingest.view().restarts; // a failure from before the probe may since have been mended
      let firstPictureAt: number | null = null;
      while (this.clock.now() < deadline && this.ingests.get(k) === ingest) {
        const p = ingest.probe();
        if (p.codec !== null && ingest.view().framesIn > 0) firstPictureAt ??= this.clock.now();
        // Done with a GOP measured, or 2.5 s after the first picture (a long-GOP camera).
        if (p.gopFrames !== null || (firstPictureAt !== null && this.clock.now() - firstPictureAt > 2500)) {
          return { ok: true, probe: p, ms: this.clock.now() - started };
        }
        // The camera's own answer to this probe's run (refused, wrong password, no such stream): said now, with the key to check.
        const final = ingest.finalErrorSince(runsBefore);
        if (final !== null) return { ok: false, error: `${final}; check ${this.urlKey(cam, v)}`, probe: null, ms: this.clock.now() - started };
        await ingest.changed(Math.min(250, Math.max(1, deadline - this.clock.now())));
      }
      const view = ingest.view();
      const probe = view.codec ? ingest.probe() : null;
      return { ok: false, error: `${view.lastError ?? `no picture within ${Math.round(this.tuning.probeTimeoutMs / 1000)} s`}; check ${this.urlKey(cam, v)}`, probe, ms: this.clock.now() - started };
    } finally {
      const n = (this.holds.get(k) ?? 1) - 1;
      if (n <= 0) this.holds.delete(k);
      else this.holds.set(k, n);
      this.record({ at: this.clock.now(), who: 'setup-probe', camera: id, variant: v, event: 'close' });
      // A probe alone does not keep ffmpeg for the idle grace.
      if (ingest.viewers === 0 && !this.holds.has(k) && this.ingests.get(k) === ingest) void this.stopIngest(k);
    }
  }

  /** The config key of the stream's URL, for the technician ("cameras.devices[2].url"); the demo's test cameras are not in the file. */
  private urlKey(cam: CameraEntry, v: StreamVariant): string {
    const at = this.deps.notFromFile ? -1 : this.deps.config.devices.indexOf(cam.device);
    const field = v === 'sub' ? 'substream' : 'url';
    return at < 0 ? `the camera "${cam.device.id}"` : `cameras.devices[${at}].${field}`;
  }

  private variantFor(cam: CameraEntry, variant: StreamVariant): StreamVariant {
    return variant === 'sub' && cam.device.substream !== null ? 'sub' : 'main';
  }

  private activeStreams(): number {
    return this.ingests.size + this.stopping.size;
  }

  private ensureIngest(cam: CameraEntry, v: StreamVariant): CameraIngest | null {
    const k = key(cam.device.id, v);
    const existing = this.ingests.get(k);
    if (existing) return existing;
    if (this.activeStreams() >= this.deps.config.maxStreams) return null;
    const url = v === 'sub' ? cam.device.substream! : cam.device.url;
    const memory = cam.memory[v];
    const ingest = new CameraIngest({
      camera: cam.device.id, variant: v, url, transport: cam.device.transport,
      processes: this.deps.processes, log: this.log, clock: this.clock, tuning: this.tuning, ffmpegPath: this.ffmpegPath,
      onState: (state) => {
        this.counters.stateChanges++;
        if (state === 'offline') {
          const view = ingest.view();
          this.warnOffline('camera-offline', 'warn', { camera: cam.device.id, variant: v, error: view.lastError, restarts: memory.restarts + view.restarts }, 'camera offline');
        }
      },
    });
    this.ingests.set(k, ingest);
    ingest.start(this.stoppingByKey.get(k));
    return ingest;
  }

  private maybeIdle(k: string): void {
    const ingest = this.ingests.get(k);
    if (!ingest || ingest.viewers > 0 || this.holds.has(k) || this.idleTimers.has(k)) return;
    const ms = this.deps.config.idleStopSeconds * 1000;
    if (ms === 0) {
      void this.stopIngest(k);
      return;
    }
    this.idleTimers.set(k, this.clock.after(ms, () => {
      this.idleTimers.delete(k);
      const i = this.ingests.get(k);
      if (i && i.viewers === 0 && !this.holds.has(k)) void this.stopIngest(k);
    }));
  }

  private cancelIdle(k: string): void {
    this.idleTimers.get(k)?.cancel();
    this.idleTimers.delete(k);
  }

  private stopIngest(k: string): Promise<void> {
    const ingest = this.ingests.get(k);
    if (!ingest) return Promise.resolve();
    this.ingests.delete(k);
    this.cancelIdle(k);
    const [id, v] = k.split('/') as [string, StreamVariant];
    const cam = this.cameras.get(id);
    if (cam) remember(cam.memory[v], ingest, this.clock.now());
    const done = ingest.stop().catch((err: unknown) => {
      this.log.error({ camera: id, err: err instanceof Error ? err.message : 'unknown' }, 'camera ingest did not stop cleanly');
    });
    this.stopping.add(done);
    this.stoppingByKey.set(k, done);
    void done.finally(() => {
      this.stopping.delete(done);
      if (this.stoppingByKey.get(k) === done) this.stoppingByKey.delete(k);
    });
    this.log.info({ camera: id, variant: v }, 'camera stream stopped (no viewers)');
    return done;
  }

  private record(e: ViewLogEntry): void {
    this.views.add(e);
    try {
      this.deps.onView?.(e);
    } catch (err) {
      this.log.error({ err: err instanceof Error ? err.message : 'unknown' }, 'view-log sink failed');
    }
  }
}

function key(id: string, v: StreamVariant): string {
  return `${id}/${v}`;
}
