// One camera stream's state and options, as the ingest and the manager share them.
import type { CameraTuning, Clock, Logger, ProcessPort, StreamVariant } from './ports.js';
import type { StreamProbe } from './stream-probe.js';

export type StreamState = 'connecting' | 'live' | 'stalled' | 'offline';

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
