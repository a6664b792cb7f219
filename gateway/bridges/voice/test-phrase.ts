// A synthesised test utterance for the setup page's "test" button: espeak-ng
// speaks a phrase (one-shot child through the process port), the 22.05 kHz
// result is resampled to 16 kHz and padded with low noise (never digital
// silence), ready for VoiceService.recognizePcm. Needs espeak-ng installed.
import type { ProcessPort } from '../../process/types.js';
import { withLowNoise } from './low-noise.js';
import { parseWav, pcm16k, SAMPLE_RATE, type Pcm16k } from './wav.js';

export const ESPEAK_INSTALL_HINT = 'apt-get install espeak-ng';
/** espeak-ng's WAV for a short phrase is well under this; more is refused. */
const MAX_BYTES = 4 * 1024 * 1024;

/** Resamples 16-bit PCM with a windowed-sinc low-pass (no aliasing above the new Nyquist). */
export function resample(input: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return input.slice();
  const ratio = toHz / fromHz;
  const out = new Int16Array(Math.floor(input.length * ratio));
  const cutoff = Math.min(1, ratio) * 0.95;
  const half = 16;
  for (let i = 0; i < out.length; i++) {
    const centre = i / ratio;
    const first = Math.ceil(centre - half / cutoff);
    const last = Math.floor(centre + half / cutoff);
    let acc = 0;
    let norm = 0;
    for (let j = Math.max(0, first); j <= Math.min(input.length - 1, last); j++) {
      const x = (j - centre) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = 0.5 + 0.5 * Math.cos((Math.PI * x) / half);
      const k = sinc * w;
      acc += input[j]! * k;
      norm += k;
    }
    out[i] = Math.max(-32768, Math.min(32767, Math.round(norm ? acc / norm : 0)));
  }
  return out;
}

/** Low noise around the speech: 0.4 s before, 0.5 s after, about −75 dBFS throughout. */
export function padWithLowNoise(speech: Int16Array, seed = 1): Int16Array {
  return withLowNoise(speech, { beforeMs: 400, afterMs: 500, peak: 10, seed });
}

/** espeak-ng's voice for the test phrase. */
export interface TestPhraseOptions { voice?: string; wordsPerMinute?: number; timeoutMs?: number }

/** Speaks `text` with espeak-ng and returns it as the recogniser's audio. Rejects when espeak-ng is missing or fails. */
export function synthesizeTestPhrase(processes: ProcessPort, text: string, opts: TestPhraseOptions = {}): Promise<Pcm16k> {
  const phrase = text.replace(/[^\p{L}\p{N}' ]+/gu, ' ').trim().slice(0, 200);
  if (!phrase) return Promise.reject(new Error('nothing to say'));
  return new Promise<Pcm16k>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const done = (err: Error | null, pcm?: Pcm16k) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(pcm!);
    };
    const handle = processes.spawn(
      {
        name: `voice:test-phrase:${Date.now().toString(36)}`,
        command: 'espeak-ng',
        args: ['-v', opts.voice ?? 'en-us', '-s', String(opts.wordsPerMinute ?? 165), '--stdout', '--', phrase],
        stdout: 'bytes',
        restart: false,
        installHint: ESPEAK_INSTALL_HINT,
      },
      {
        stdout: (chunk) => {
          bytes += chunk.length;
          if (bytes > MAX_BYTES) { done(new Error('espeak-ng wrote too much')); void handle.stop(); return; }
          chunks.push(chunk);
        },
        exit: (exit) => {
          if (exit.code !== 0) { done(new Error(handle.health().lastError ?? `espeak-ng failed (${exit.reason})`)); return; }
          const wav = Buffer.concat(chunks);
          const rate = wav.length >= 28 ? wav.readUInt32LE(24) : 0;
          // espeak-ng writes 22050 Hz; give the parser the rate it checks, then resample.
          if (rate > 0 && rate !== SAMPLE_RATE && wav.length >= 32) { wav.writeUInt32LE(SAMPLE_RATE, 24); wav.writeUInt32LE(SAMPLE_RATE * 2, 28); }
          const parsed = parseWav(wav);
          if (!parsed.ok) { done(new Error(`espeak-ng gave unusable audio: ${parsed.message}`)); return; }
          const speech = rate > 0 && rate !== SAMPLE_RATE ? resample(parsed.pcm.samples, rate, SAMPLE_RATE) : parsed.pcm.samples;
          done(null, pcm16k(padWithLowNoise(speech)));
        },
      },
    );
    const timer = setTimeout(() => { done(new Error('espeak-ng did not finish in time')); void handle.stop(); }, opts.timeoutMs ?? 10_000);
  });
}
