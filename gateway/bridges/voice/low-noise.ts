// Low noise around (and under) speech before the recognizer: never digital
// silence, which gives pocketsphinx's features no variance. One generator for
// the setup page's synthesised phrase and the microphone's utterances.
import { SAMPLE_RATE } from './wav.js';

export interface LowNoise {
  beforeMs: number;
  afterMs: number;
  /** Largest noise sample (uniform in ±peak; its RMS is peak / √3). */
  peak: number;
  seed?: number;
}

export function withLowNoise(speech: Int16Array, o: LowNoise): Int16Array {
  const before = Math.round((o.beforeMs / 1000) * SAMPLE_RATE);
  const after = Math.round((o.afterMs / 1000) * SAMPLE_RATE);
  const out = new Int16Array(before + speech.length + after);
  let x = (o.seed ?? 1) >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    const noise = (((x % 33) - 16) / 16) * o.peak;
    const s = i >= before && i < before + speech.length ? speech[i - before]! : 0;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(s + noise)));
  }
  return out;
}
