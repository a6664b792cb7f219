// What a stream is, from its own output (never a second connection to the
// camera): the init segment's codec and size, ffmpeg's "Stream #0:0: Video:"
// line, and the fragments' timing for fps, GOP and bitrate.
import type { StreamLineProbe } from './ffmpeg-stderr.js';
import type { Fragment, InitSegment } from './segmenter.js';

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

export const NO_PROBE: StreamProbe = { codec: null, mime: null, family: null, width: null, height: null, fps: null, gopFrames: null, gopSeconds: null, bitrate: null };

/** Fragment durations averaged for fps. */
const FPS_WINDOW = 50;

export function mimeOf(codec: string): string {
  return `video/mp4; codecs="${codec}"`;
}

/** The timing of one run of a stream (reset with each init segment). */
export class StreamTiming {
  private recentDurations: number[] = [];
  private lastKeyTime: number | null = null;
  private framesSinceKey = 0;
  private bytesSinceKey = 0;
  private gop: { frames: number; seconds: number; bitrate: number } | null = null;

  reset(): void {
    this.recentDurations = [];
    this.lastKeyTime = null;
    this.gop = null;
  }

  fragment(f: Fragment, timescale: number): void {
    if (f.duration > 0 && f.samples > 0) {
      this.recentDurations.push(f.duration / f.samples);
      if (this.recentDurations.length > FPS_WINDOW) this.recentDurations.shift();
    }
    if (f.keyframe) {
      if (this.lastKeyTime !== null && f.decodeTime !== null && timescale > 0 && f.decodeTime > this.lastKeyTime) {
        const seconds = (f.decodeTime - this.lastKeyTime) / timescale;
        this.gop = { frames: this.framesSinceKey, seconds: Math.round(seconds * 1000) / 1000, bitrate: Math.round((this.bytesSinceKey * 8) / seconds) };
      }
      this.lastKeyTime = f.decodeTime;
      this.framesSinceKey = 0;
      this.bytesSinceKey = 0;
    }
    this.framesSinceKey += f.samples;
    this.bytesSinceKey += f.bytes.length;
  }

  probe(init: InitSegment | null, stderr: StreamLineProbe | null): StreamProbe {
    const info = init?.info;
    const avg = this.recentDurations.length > 0 ? this.recentDurations.reduce((a, b) => a + b, 0) / this.recentDurations.length : 0;
    const fps = info && avg > 0 ? Math.round((info.timescale / avg) * 100) / 100 : (stderr?.fps ?? null);
    return {
      codec: info?.codec ?? null,
      mime: info ? mimeOf(info.codec) : null,
      family: info?.family ?? null,
      width: info?.width || stderr?.width || null,
      height: info?.height || stderr?.height || null,
      fps,
      gopFrames: this.gop?.frames ?? null,
      gopSeconds: this.gop?.seconds ?? null,
      bitrate: this.gop?.bitrate ?? null,
    };
  }
}
