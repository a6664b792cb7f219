// A synthetic speech corpus for the recogniser's tests and tuning: espeak-ng
// speaks a sentence in a voice at a speed, sox converts it to 16 kHz mono
// 16-bit, and seeded white or pink noise is mixed in at a chosen signal-to-noise
// ratio, over low-noise padding (never digital silence: the recogniser's voice
// detection needs a noise floor). Speech is cached per (text, voice, speed) in
// a directory for the run.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { encodeWav, parseWav, pcm16k, SAMPLE_RATE } from '../../gateway/bridges/voice/wav.js';

export type NoiseKind = 'white' | 'pink';

export interface Rendering {
  /** espeak-ng voice, e.g. `en-us`, `en-gb-scotland+m3`. */
  voice: string;
  /** Words per minute. */
  wpm: number;
  noise: NoiseKind;
  /** Speech RMS over noise RMS, dB. */
  snrDb: number;
  padBeforeMs: number;
  padAfterMs: number;
  /** Overall level change, dB (microphones differ). */
  gainDb: number;
  seed: number;
}

/** Noise floor under everything (a quiet room through a microphone), dBFS RMS. */
export const FLOOR_DBFS = -66;

function run(cmd: string, args: string[], timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${err.message} ${stderr}`));
      else resolve();
    });
  });
}

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unit-RMS noise samples (float), white (Gaussian) or pink (Paul Kellet's filter). */
export function noise(kind: NoiseKind, n: number, seed: number): Float64Array {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const out = new Float64Array(n);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  for (let i = 0; i < n; i++) {
    const w = gauss();
    if (kind === 'white') { out[i] = w; continue; }
    b0 = 0.99886 * b0 + w * 0.0555179; b1 = 0.99332 * b1 + w * 0.0750759; b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856; b4 = 0.55 * b4 + w * 0.5329522; b5 = -0.7616 * b5 - w * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i]! * out[i]!;
  const rms = Math.sqrt(sum / Math.max(1, n)) || 1;
  for (let i = 0; i < n; i++) out[i] = out[i]! / rms;
  return out;
}

export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

const dbToAmp = (db: number) => 10 ** (db / 20);
const FULL = 32767;

/** Float samples (full scale ±32767) → a 16 kHz WAV, clipped. */
export function toWav(samples: Float64Array): Buffer {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]!)));
  return encodeWav(pcm16k(out));
}

export class Corpus {
  /** Syntheses under way, so two renderings of one sentence share one espeak-ng run. */
  private readonly pending = new Map<string, Promise<Int16Array>>();

  constructor(readonly dir: string) {}

  /** The sentence spoken by espeak-ng, as 16 kHz mono samples (cached in the corpus directory). */
  speech(text: string, voice: string, wpm: number): Promise<Int16Array> {
    const key = createHash('sha1').update(`${voice}\0${wpm}\0${text}`).digest('hex').slice(0, 16);
    let p = this.pending.get(key);
    if (!p) {
      p = this.synthesize(key, text, voice, wpm).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async synthesize(key: string, text: string, voice: string, wpm: number): Promise<Int16Array> {
    const out = join(this.dir, `speech-${key}.wav`);
    if (!existsSync(out)) {
      const raw = join(this.dir, `raw-${key}.wav`);
      const tmp = join(this.dir, `tmp-${key}.wav`);
      await run('espeak-ng', ['-v', voice, '-s', String(wpm), '-w', raw, text]);
      await run('sox', [raw, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', tmp]);
      rmSync(raw, { force: true });
      renameSync(tmp, out);
    }
    const parsed = parseWav(readFileSync(out));
    if (!parsed.ok) throw new Error(`espeak-ng/sox gave an unusable WAV for "${text}": ${parsed.message}`);
    return parsed.pcm.samples;
  }

  /** The sentence in noise over low-noise padding, as a WAV file's bytes. */
  async render(text: string, r: Rendering): Promise<Buffer> {
    const speech = await this.speech(text, r.voice, r.wpm);
    const before = Math.round((r.padBeforeMs / 1000) * SAMPLE_RATE);
    const after = Math.round((r.padAfterMs / 1000) * SAMPLE_RATE);
    const n = before + speech.length + after;
    const gain = dbToAmp(r.gainDb);
    const speechRms = rms(speech) * gain;
    const noiseAmp = speechRms / dbToAmp(r.snrDb);
    const cond = noise(r.noise, n, r.seed);
    const floor = noise('white', n, r.seed ^ 0x5f3759df);
    const floorAmp = FULL * dbToAmp(FLOOR_DBFS);
    const mix = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = i >= before && i < before + speech.length ? speech[i - before]! * gain : 0;
      mix[i] = s + cond[i]! * noiseAmp + floor[i]! * floorAmp;
    }
    return toWav(mix);
  }

  /** Writes a rendering to a file (for listening, or for `--out`). */
  async renderTo(path: string, text: string, r: Rendering): Promise<void> {
    writeFileSync(path, await this.render(text, r));
  }
}

/** Non-speech: the floor alone ("silence" as a microphone hears it), or digital zeros. */
export function silence(seconds: number, seed: number, digital = false): Buffer {
  const n = Math.round(seconds * SAMPLE_RATE);
  if (digital) return toWav(new Float64Array(n));
  const f = noise('white', n, seed);
  const amp = FULL * dbToAmp(FLOOR_DBFS);
  for (let i = 0; i < n; i++) f[i] = f[i]! * amp;
  return toWav(f);
}

/** A burst of noise (a door, a cough-like blast, a fan switched on) between low-noise padding. */
export function noiseBurst(opts: { kind: NoiseKind; burstSeconds: number; levelDbfs: number; padSeconds: number; seed: number; shape?: 'flat' | 'decay' }): Buffer {
  const pad = Math.round(opts.padSeconds * SAMPLE_RATE);
  const len = Math.round(opts.burstSeconds * SAMPLE_RATE);
  const n = pad * 2 + len;
  const floor = noise('white', n, opts.seed ^ 0x9e3779b9);
  const burst = noise(opts.kind, len, opts.seed);
  const amp = FULL * dbToAmp(opts.levelDbfs);
  const floorAmp = FULL * dbToAmp(FLOOR_DBFS);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = floor[i]! * floorAmp;
    const j = i - pad;
    if (j >= 0 && j < len) {
      const env = opts.shape === 'decay' ? Math.exp((-5 * j) / len) : Math.min(1, j / 160, (len - j) / 160);
      v += burst[j]! * amp * env;
    }
    out[i] = v;
  }
  return toWav(out);
}

/** A tone (hum, a beep) over the floor. */
export function tone(opts: { hz: number; seconds: number; levelDbfs: number; seed: number }): Buffer {
  const n = Math.round(opts.seconds * SAMPLE_RATE);
  const floor = noise('white', n, opts.seed);
  const amp = FULL * dbToAmp(opts.levelDbfs) * Math.SQRT2;
  const floorAmp = FULL * dbToAmp(FLOOR_DBFS);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin((2 * Math.PI * opts.hz * i) / SAMPLE_RATE) * amp + floor[i]! * floorAmp;
  return toWav(out);
}
