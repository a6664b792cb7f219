// What the ingest learns from ffmpeg's stderr, without ever keeping a line:
// ffmpeg prints the camera URL (with its password) in "Input #0 ... from '…'"
// and in its error messages, so lines are matched here and only the parsed
// fields or a sentence from a fixed list leave this module.

export interface StreamLineProbe {
  /** ffmpeg's codec name: h264, hevc, mjpeg, ... */
  codecName: string;
  /** ffmpeg's profile words, e.g. "Constrained Baseline", "Main". */
  profile: string | null;
  width: number;
  height: number;
  /** fps, or else tbr (ffmpeg's guess), or null. */
  fps: number | null;
}

const STREAM = /Stream #\d+:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Video: ([a-z0-9_]{1,32})(?: \(([A-Za-z0-9 .-]{1,40})\))?/;
const SIZE = /, (\d{1,5})x(\d{1,5})(?=[ ,]|$)/;
const FPS = /, (\d{1,4}(?:\.\d{1,3})?) fps(?=[ ,]|$)/;
const TBR = /, (\d{1,4}(?:\.\d{1,3})?) tbr(?=[ ,]|$)/;

/** Parses ffmpeg's `Stream #0:0: Video: …` line; null for any other line. */
export function parseStreamLine(line: string): StreamLineProbe | null {
  if (line.length > 2000) return null;
  const m = STREAM.exec(line);
  if (!m) return null;
  const size = SIZE.exec(line);
  if (!size) return null;
  const fps = FPS.exec(line) ?? TBR.exec(line);
  const width = Number(size[1]);
  const height = Number(size[2]);
  if (width === 0 || height === 0) return null;
  return { codecName: m[1]!, profile: m[2] ?? null, width, height, fps: fps ? Number(fps[1]) : null };
}

export type IngestErrorKind = 'auth' | 'forbidden' | 'not-found' | 'server-error' | 'refused' | 'timeout' | 'unreachable' | 'dns' | 'reset' | 'no-rtsp' | 'no-parameters' | 'protocol' | 'eof';

const ERRORS: [RegExp, IngestErrorKind, string][] = [
  [/401 Unauthorized|authorization failed/i, 'auth', 'the camera refused the user name or password (401)'],
  [/403 Forbidden/i, 'forbidden', 'the camera refused access (403)'],
  [/404 Not Found|Stream not found/i, 'not-found', 'the camera has no such stream (404)'],
  [/5XX Server Error|\b50\d [A-Z]/, 'server-error', 'the camera reported a server error (5xx)'],
  [/Connection refused/i, 'refused', 'connection refused (is the camera on, and the port right?)'],
  [/timed out/i, 'timeout', 'the camera stopped answering (timeout)'],
  [/No route to host|Network is unreachable/i, 'unreachable', 'no network route to the camera'],
  [/Name or service not known|Temporary failure in name resolution|Failed to resolve hostname/i, 'dns', "the camera's host name does not resolve"],
  [/Connection reset by peer|Broken pipe/i, 'reset', 'the camera dropped the connection'],
  [/Invalid data found when processing input/i, 'no-rtsp', 'no valid RTSP answer (timeout, or not an RTSP camera)'],
  [/dimensions not set|Could not find codec parameters|unspecified size|Could not write header/i, 'no-parameters', "the stream's video parameters could not be read"],
  [/Protocol not on whitelist|Protocol not found/i, 'protocol', 'the URL needs a protocol that is not allowed'],
  [/End of file/i, 'eof', 'the camera ended the stream'],
];

/** A known failure in one of ffmpeg's lines, as a fixed sentence; null when the line says nothing we know. */
export function errorFromLine(line: string): { kind: IngestErrorKind; words: string } | null {
  if (line.length > 2000) return null;
  for (const [re, kind, words] of ERRORS) if (re.test(line)) return { kind, words };
  return null;
}
