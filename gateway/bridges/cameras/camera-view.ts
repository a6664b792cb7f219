// The cameras as the API shows them: each camera's main stream (and
// substream) from its running ingest, or from what its last run left while
// nobody watches. Built from config facts and the streams' own output.
import type { CameraDevice } from './config.js';
import type { CameraIngest, StreamState, StreamView } from './ingest.js';
import type { StreamVariant } from './ports.js';
import { NO_PROBE, type StreamProbe } from './stream-probe.js';

export type CameraState = 'idle' | StreamState;

/** One camera as the API shows it: its main stream's view, with the config's facts; never the URL. */
export interface CameraView extends Omit<StreamView, 'state' | 'delivery'> {
  id: string;
  name: { en: string; ko: string };
  district: string;
  location: { lat: number; lon: number };
  /** idle: nobody watching, no ffmpeg. */
  state: CameraState;
  /** Delivery in use (null while idle); `deliveryConfigured` is the config's choice. */
  delivery: 'mse' | 'none' | null;
  deliveryConfigured: 'auto' | 'mse';
  substream: null | { state: CameraState; viewers: number; codec: string | null; width: number | null; height: number | null; fps: number | null };
}

export type AttachResult = 'ok' | 'unknown' | 'busy' | 'stopped';

export type ProbeOutcome =
  | { ok: true; probe: StreamProbe; ms: number }
  | { ok: false; error: string; probe: StreamProbe | null; ms: number };

export interface CamerasHealth {
  state: 'running' | 'degraded' | 'stopped';
  detail?: string;
  cameras: number;
  streams: number;
  maxStreams: number;
  viewers: number;
  ffmpeg: boolean;
}

export interface CameraEntry {
  device: CameraDevice;
  /** What survives an idle stop: the last probe, counters, last error. */
  memory: Record<StreamVariant, { probe: StreamProbe | null; restarts: number; lastError: string | null; framesIn: number; framesOut: number; since: number }>;
}

type StreamMemory = CameraEntry['memory'][StreamVariant];

export function blankMemory(now: number): StreamMemory {
  return { probe: null, restarts: 0, lastError: null, framesIn: 0, framesOut: 0, since: now };
}

/** What a stream leaves behind when its ingest stops (shown while idle). */
export function remember(m: StreamMemory, ingest: CameraIngest, now: number): void {
  const view = ingest.view();
  m.restarts += view.restarts;
  m.framesIn += view.framesIn;
  m.framesOut += view.framesOut;
  if (view.lastError) m.lastError = view.lastError;
  if (view.codec) m.probe = ingest.probe();
  m.since = now;
}

interface StreamFacts { state: CameraState; view: StreamView | null; probe: StreamProbe; restarts: number; lastError: string | null; framesIn: number; framesOut: number; since: number }

/** One stream: its running ingest's view on top of what earlier runs left, or only that while idle. */
function streamFacts(m: StreamMemory, ingest: CameraIngest | undefined): StreamFacts {
  if (!ingest) return { state: 'idle', view: null, probe: m.probe ?? NO_PROBE, restarts: m.restarts, lastError: m.lastError, framesIn: m.framesIn, framesOut: m.framesOut, since: m.since };
  const view = ingest.view();
  const probe = view.codec ? ingest.probe() : (m.probe ?? NO_PROBE);
  return {
    state: view.state, view, probe, restarts: m.restarts + view.restarts, lastError: view.lastError ?? (view.state === 'live' ? null : m.lastError),
    framesIn: m.framesIn + view.framesIn, framesOut: m.framesOut + view.framesOut, since: view.since,
  };
}

export function cameraView(cam: CameraEntry, ingestOf: (v: StreamVariant) => CameraIngest | undefined): CameraView {
  const d = cam.device;
  const main = streamFacts(cam.memory.main, ingestOf('main'));
  const sub = d.substream === null ? null : streamFacts(cam.memory.sub, ingestOf('sub'));
  return {
    id: d.id, name: d.name, district: d.district, location: d.location,
    ...main.probe,
    state: main.state,
    delivery: main.view?.delivery ?? null,
    deliveryConfigured: d.delivery,
    viewers: main.view?.viewers ?? 0,
    lastFrameAgeMs: main.view?.lastFrameAgeMs ?? null,
    restarts: main.restarts,
    lastError: main.lastError,
    framesIn: main.framesIn,
    framesOut: main.framesOut,
    since: main.since,
    substream: sub && { state: sub.state, viewers: sub.view?.viewers ?? 0, codec: sub.probe.codec, width: sub.probe.width, height: sub.probe.height, fps: sub.probe.fps },
  };
}
