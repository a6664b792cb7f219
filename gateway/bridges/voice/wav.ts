// The one audio format the recogniser takes: a RIFF/WAVE file of 16-bit PCM,
// mono, 16 kHz, at most 30 s. A pure parser for hostile bytes: anything else is
// a rejection with a reason saying what is expected — never a throw.

export const SAMPLE_RATE = 16_000;
export const MAX_SECONDS = 30;
export const EXPECTED = 'audio/wav: RIFF/WAVE, PCM 16-bit little-endian, mono, 16000 Hz';

/** Validated audio: 16 kHz mono 16-bit samples. */
export interface Pcm16k {
  readonly samples: Int16Array;
  readonly sampleRate: typeof SAMPLE_RATE;
  readonly durationMs: number;
}

export type WavRejectReason = 'not-wav' | 'not-pcm' | 'wrong-format' | 'truncated' | 'empty' | 'too-long';

export type WavParse =
  | { ok: true; pcm: Pcm16k }
  | { ok: false; reason: WavRejectReason; /** 413 for too long, else 415. */ status: 413 | 415; message: string };

const reject = (reason: WavRejectReason, detail: string): WavParse => ({
  ok: false,
  reason,
  status: reason === 'too-long' ? 413 : 415,
  message: reason === 'too-long' ? `${detail}; at most ${MAX_SECONDS} s of ${EXPECTED}` : `${detail}; expected ${EXPECTED}`,
});

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Chunks walked before giving up (a file of thousands of empty chunks is not audio). */
const MAX_CHUNKS = 64;

/**
 * Parses a WAV file. A data chunk whose declared size runs past the end (as
 * `arecord` writes when streaming) is read up to the last whole sample.
 */
export function parseWav(bytes: Uint8Array): WavParse {
  if (bytes.length < 12) return reject('not-wav', `${bytes.length} bytes is not a WAV file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return reject('not-wav', 'not a RIFF/WAVE file');
  let at = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number; blockAlign: number } | null = null;
  for (let n = 0; n < MAX_CHUNKS && at + 8 <= bytes.length; n++) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return reject('truncated', 'the fmt chunk is cut short');
      let format = view.getUint16(body, true);
      if (format === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) format = view.getUint16(body + 24, true);
      fmt = { format, channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), blockAlign: view.getUint16(body + 12, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!fmt) return reject('not-wav', 'the data chunk comes before the fmt chunk');
      if (fmt.format !== WAVE_FORMAT_PCM) return reject('not-pcm', `audio format ${fmt.format} is not PCM`);
      if (fmt.bits !== 16 || fmt.channels !== 1 || fmt.rate !== SAMPLE_RATE || fmt.blockAlign !== 2) {
        return reject('wrong-format', `${fmt.bits}-bit, ${fmt.channels} channel(s), ${fmt.rate} Hz`);
      }
      const available = bytes.length - body;
      const length = Math.min(size, available) & ~1;
      if (length === 0) return reject('empty', 'no audio samples');
      const seconds = length / 2 / SAMPLE_RATE;
      if (seconds > MAX_SECONDS) return reject('too-long', `${seconds.toFixed(1)} s of audio`);
      const samples = new Int16Array(length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { ok: true, pcm: { samples, sampleRate: SAMPLE_RATE, durationMs: Math.round(seconds * 1000) } };
    }
    // Chunks are word-aligned; a size running past the end ends the walk.
    const next = body + size + (size & 1);
    if (next <= at || next > bytes.length) break;
    at = next;
  }
  return reject(fmt ? 'truncated' : 'not-wav', fmt ? 'no data chunk' : 'no fmt chunk');
}

/** A canonical 44-byte-header WAV of the samples (what the engines are given: no foreign chunks). */
export function encodeWav(pcm: Pcm16k): Buffer {
  const dataBytes = pcm.samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(SAMPLE_RATE, 24);
  out.writeUInt32LE(SAMPLE_RATE * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < pcm.samples.length; i++) out.writeInt16LE(pcm.samples[i]!, 44 + i * 2);
  return out;
}

/** Wraps samples as validated audio (for callers that produce PCM themselves, e.g. a microphone). */
export function pcm16k(samples: Int16Array): Pcm16k {
  return { samples, sampleRate: SAMPLE_RATE, durationMs: Math.round((samples.length / SAMPLE_RATE) * 1000) };
}
