// Why a camera's ffmpeg ended, in words from a fixed list for the wall and the
// API: never ffmpeg's own text (it quotes the URL, with its password).
import type { ChildExit } from '../../process/types.js';
import type { IngestErrorKind } from './ffmpeg-stderr.js';
import type { CameraTuning } from './ports.js';

export interface ExitContext {
  /** Why the ingest killed its own ffmpeg, if it did. */
  killedFor: string | null;
  /** The last error ffmpeg reported on stderr, already in our words. */
  runError: { kind: IngestErrorKind; words: string } | null;
  /** The executable is not installed (the process port says `missing`). */
  missing: boolean;
  tuning: CameraTuning;
}

export function exitWords(exit: ChildExit, c: ExitContext): string {
  const t = c.tuning;
  if (c.killedFor) return c.killedFor;
  if (exit.reason === 'stall') return `no video for ${Math.round(t.silenceMs / 1000)} s (ffmpeg restarted)`;
  if (exit.reason === 'ready-timeout') return `the camera did not answer within ${Math.round(t.readyTimeoutMs / 1000)} s`;
  if (exit.reason === 'spawn-error') return c.missing ? 'ffmpeg is not installed: apt-get install ffmpeg' : 'ffmpeg could not be started';
  if (c.runError) return c.runError.words;
  if (exit.signal) return `ffmpeg was stopped by ${exit.signal}`;
  return exit.code === 0 ? 'the camera ended the stream' : `ffmpeg exited with code ${exit.code}`;
}

/** Failures that a retry of the same URL meets again (the setup page's test says them at once instead of waiting out its deadline). */
const FINAL_KINDS: ReadonlySet<IngestErrorKind> = new Set(['auth', 'forbidden', 'not-found', 'refused', 'dns', 'unreachable', 'protocol']);

export function isFinalKind(kind: IngestErrorKind): boolean {
  return FINAL_KINDS.has(kind);
}
