// Real fragmented MP4 from Debian's ffmpeg (lavfi test source, libx264/libx265)
// for the unit tests of the box readers and the segmenter. Test-only.
import { execFile } from 'node:child_process';

export interface TestStreamOptions {
  codec: 'h264' | 'h265';
  width?: number;
  height?: number;
  fps?: number;
  /** Frames between keyframes. */
  gop?: number;
  seconds?: number;
  /** libx264 profile (h264 only), e.g. baseline. */
  profile?: string;
  level?: string;
  /** libx264 preset (default ultrafast, which only makes Constrained Baseline). */
  preset?: string;
}

/** What the ingest asks ffmpeg for (frag_every_frame etc.), encoded from a test pattern. */
export function testStream(o: TestStreamOptions): Promise<Buffer> {
  const fps = o.fps ?? 25;
  const enc = o.codec === 'h264'
    ? ['-c:v', 'libx264', '-preset', o.preset ?? 'ultrafast', '-tune', 'zerolatency', ...(o.profile ? ['-profile:v', o.profile] : []), ...(o.level ? ['-level', o.level] : [])]
    : ['-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-x265-params', 'log-level=error'];
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', `testsrc=size=${o.width ?? 320}x${o.height ?? 180}:rate=${fps}`,
    '-t', String(o.seconds ?? 2), ...enc, '-pix_fmt', 'yuv420p', '-g', String(o.gop ?? fps),
    '-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_every_frame', 'pipe:1'];
  return new Promise((resolve, reject) => {
    execFile('ffmpeg', args, { encoding: 'buffer', maxBuffer: 64 << 20, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`ffmpeg failed: ${String(stderr)}`));
      else resolve(stdout);
    });
  });
}
