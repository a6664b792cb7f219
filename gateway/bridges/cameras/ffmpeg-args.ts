// ffmpeg's argument array for one ingest, built only from validated parts: a
// URL that passed checkCameraUrl, an enum transport and numbers. Never a
// shell, never a free-form option. The order matters: input options before -i.
import { checkCameraUrl } from './config.js';
import type { ChildSpec } from '../../process/types.js';
import type { CameraTuning } from './ports.js';

export interface IngestArgsInput {
  url: string;
  transport: 'tcp' | 'udp';
  /** Socket I/O timeout: a camera that accepts and never answers, or stops sending, ends ffmpeg after this (≈ twice it mid-stream). */
  ioTimeoutMs: number;
  /**
   * Probe widely (0.5 s of analysis, 512 KiB) instead of almost not at all.
   * The narrow probe starts the picture ~1 s sooner and works whenever the
   * camera's SDP carries its parameter sets; the wide one is the retry for
   * cameras that do not.
   */
  wideProbe?: boolean;
}

/** Protocols ffmpeg may open for an RTSP input (rtsps needs tls; UDP transport needs udp/rtp). */
export const PROTOCOL_WHITELIST = 'rtsp,rtsps,tcp,tls,udp,rtp';

export function ingestArgs(o: IngestArgsInput): string[] {
  const bad = checkCameraUrl(o.url);
  if (bad !== null) throw new Error(`camera url ${bad}`);
  if (o.transport !== 'tcp' && o.transport !== 'udp') throw new Error('transport must be tcp or udp');
  const timeoutUs = Math.round(Math.min(Math.max(o.ioTimeoutMs, 500), 60_000)) * 1000;
  const probe = o.wideProbe ? ['-analyzeduration', '500000', '-probesize', '524288'] : ['-analyzeduration', '0', '-probesize', '32'];
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info',
    '-protocol_whitelist', PROTOCOL_WHITELIST,
    '-rtsp_transport', o.transport,
    '-timeout', String(timeoutUs),
    ...probe,
    '-i', o.url,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-c:v', 'copy',
    '-f', 'mp4',
    // One fragment per frame (frag_keyframe alone waits a whole GOP), written at once.
    '-movflags', 'empty_moov+default_base_moof+frag_every_frame',
    '-flush_packets', '1',
    'pipe:1',
  ];
}

/** The supervised child of one ingest: ffmpeg writing fMP4 bytes to stdout, watched for silence, restarted with backoff, its URL's secrets redacted from its output. */
export function ingestSpec(o: { name: string; ffmpegPath: string; url: string; transport: 'tcp' | 'udp'; tuning: CameraTuning; wideProbe: boolean; secrets: string[] }): ChildSpec {
  const t = o.tuning;
  return {
    name: o.name,
    command: o.ffmpegPath,
    args: ingestArgs({ url: o.url, transport: o.transport, ioTimeoutMs: t.ioTimeoutMs, wideProbe: o.wideProbe }),
    stdout: 'bytes',
    ready: { timeoutMs: t.readyTimeoutMs },
    watchdog: { silenceMs: t.silenceMs, stream: 'stdout' },
    restart: { minMs: t.restartMinMs, maxMs: t.restartMaxMs, healthyAfterMs: 30_000 },
    stopGraceMs: 1500,
    secrets: o.secrets,
    installHint: 'apt-get install ffmpeg',
  };
}
