// Voice-activity detection over the microphone's 16 kHz samples: 20 ms frames,
// an energy threshold above a tracked noise floor, a pre-roll so the first
// consonant is kept and a hangover so a pause between words is not the end.
// Pure: samples in, events out; the caller says what time it is.
import { withLowNoise } from '../low-noise.js';
import { SAMPLE_RATE } from '../wav.js';

export const FRAME_SAMPLES = SAMPLE_RATE / 50; // 20 ms

export interface VadOptions {
  /** Speech starts this far above the noise floor (dB)… */
  startDb: number;
  /** …and goes on while above floor + this (dB). */
  continueDb: number;
  /** Frames above the start level in a row before it is speech (a click is not). */
  startFrames: number;
  /** Below the continue level this long and the speech has ended (ms). */
  hangoverMs: number;
  /** Quiet this long inside speech is a pause: the speech so far is handed on to decode ahead (ms, < hangoverMs). */
  pauseMs: number;
  /** Kept from before the start (ms). */
  preRollMs: number;
  /** Speech shorter than this is dropped (a cough, a door) (ms). */
  minSpeechMs: number;
  /** Speech is cut here and handed on (a bound on the buffer) (ms). */
  maxSpeechMs: number;
  /** Never below this (dBFS): digital silence or a dead line does not make every hiss speech. */
  floorMinDb: number;
}

export const VAD_DEFAULTS: VadOptions = {
  startDb: 12, continueDb: 7, startFrames: 3, hangoverMs: 240, pauseMs: 80, preRollMs: 300, minSpeechMs: 200, maxSpeechMs: 8000, floorMinDb: -70,
};

export type VadState = 'silence' | 'speech';

export interface SpeechSegment {
  /** Pre-roll, the speech, and the hangover's audio. */
  readonly samples: Int16Array;
  readonly speechMs: number;
  /** The caller's clock when the last frame above the continue level was fed: the end of speech. */
  readonly lastVoicedAt: number;
  /** The caller's clock when the end was decided (hangover over, or the bound reached). */
  readonly decidedAt: number;
  readonly cut: boolean;
}

export type VadEvent =
  | { type: 'start'; at: number }
  /** Quiet for pauseMs: maybe the end (decode ahead); a `resume` or the `end` follows. */
  | { type: 'pause'; segment: SpeechSegment }
  | { type: 'resume' }
  | { type: 'end'; segment: SpeechSegment }
  | { type: 'dropped'; speechMs: number };

/** RMS level of a frame in dBFS (−96 for digital silence). */
export function frameDb(samples: Int16Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / Math.max(1, to - from));
  return rms < 1 ? -96 : 20 * Math.log10(rms / 32768);
}

export class VoiceActivity {
  private readonly o: VadOptions;
  private floorDb: number;
  private state: VadState = 'silence';
  private above = 0;
  private quietFrames = 0;
  private voicedFrames = 0;
  private lastVoicedAt = 0;
  private readonly pending = new Int16Array(FRAME_SAMPLES);
  private pendingLength = 0;
  /** Recent frames while silent (the pre-roll), a ring of whole frames. */
  private readonly preRoll: Int16Array[] = [];
  private speech: Int16Array[] = [];
  private paused = false;
  private lastDb = -96;

  constructor(options: Partial<VadOptions> = {}) {
    this.o = { ...VAD_DEFAULTS, ...options };
    this.floorDb = this.o.floorMinDb + 20;
  }

  get current(): VadState { return this.state; }
  get noiseFloorDb(): number { return this.floorDb; }
  /** Level of the last frame (dBFS). */
  get levelDb(): number { return this.lastDb; }

  /** Feeds samples of any length; returns what happened in them. */
  feed(samples: Int16Array, now: number): VadEvent[] {
    const events: VadEvent[] = [];
    let at = 0;
    while (at < samples.length) {
      const n = Math.min(FRAME_SAMPLES - this.pendingLength, samples.length - at);
      this.pending.set(samples.subarray(at, at + n), this.pendingLength);
      this.pendingLength += n;
      at += n;
      if (this.pendingLength === FRAME_SAMPLES) {
        this.pendingLength = 0;
        this.frame(this.pending.slice(), now, events);
      }
    }
    return events;
  }

  /** Forgets any speech in progress (muted, the device lost). */
  reset(): void {
    this.state = 'silence';
    this.paused = false;
    this.above = 0;
    this.speech = [];
    this.preRoll.length = 0;
    this.pendingLength = 0;
  }

  private frame(frame: Int16Array, now: number, events: VadEvent[]): void {
    const db = frameDb(frame, 0, frame.length);
    this.lastDb = db;
    if (this.state === 'silence') this.silentFrame(frame, db, now, events);
    else this.speechFrame(frame, db, now, events);
  }

  private silentFrame(frame: Int16Array, db: number, now: number, events: VadEvent[]): void {
    const preRollFrames = Math.round(this.o.preRollMs / 20);
    this.preRoll.push(frame);
    if (this.preRoll.length > preRollFrames + this.o.startFrames) this.preRoll.shift();
    if (db > this.floorDb + this.o.startDb) {
      if (++this.above >= this.o.startFrames) {
        this.state = 'speech';
        this.speech = this.preRoll.splice(0);
        this.voicedFrames = this.above;
        this.quietFrames = 0;
        this.lastVoicedAt = now;
        events.push({ type: 'start', at: now });
      }
      return;
    }
    this.above = 0;
    // The floor follows the room: down at once, up slowly (speech must not lift it).
    this.floorDb = Math.max(this.o.floorMinDb, db < this.floorDb ? db : this.floorDb + (db - this.floorDb) * 0.05);
  }

  private speechFrame(frame: Int16Array, db: number, now: number, events: VadEvent[]): void {
    this.speech.push(frame);
    if (db > this.floorDb + this.o.continueDb) {
      this.voicedFrames++;
      this.quietFrames = 0;
      this.lastVoicedAt = now;
      if (this.paused) events.push({ type: 'resume' });
      this.paused = false;
    } else {
      this.quietFrames++;
    }
    const ended = this.quietFrames * 20 >= this.o.hangoverMs;
    const cut = this.speech.length * 20 >= this.o.maxSpeechMs;
    if (!ended && !cut) {
      if (this.quietFrames * 20 === this.o.pauseMs && this.voicedFrames * 20 >= this.o.minSpeechMs) {
        this.paused = true;
        events.push({ type: 'pause', segment: { samples: joinFrames(this.speech), speechMs: this.voicedFrames * 20, lastVoicedAt: this.lastVoicedAt, decidedAt: now, cut: false } });
      }
      return;
    }
    const speechMs = this.voicedFrames * 20;
    const frames = this.speech;
    this.speech = [];
    this.state = 'silence';
    this.above = 0;
    this.paused = false;
    // Cut at the bound: likely a room that got louder (a fan, rain), not an endless sentence; the floor follows it.
    if (cut) this.floorDb = Math.max(this.floorDb, meanDb(frames) - 3);
    if (speechMs < this.o.minSpeechMs) {
      events.push({ type: 'dropped', speechMs });
      return;
    }
    events.push({ type: 'end', segment: { samples: joinFrames(frames), speechMs, lastVoicedAt: this.lastVoicedAt, decidedAt: now, cut } });
  }
}

function joinFrames(frames: readonly Int16Array[]): Int16Array {
  const samples = new Int16Array(frames.length * FRAME_SAMPLES);
  frames.forEach((f, i) => samples.set(f, i * FRAME_SAMPLES));
  return samples;
}

function meanDb(frames: readonly Int16Array[]): number {
  return frames.reduce((sum, f) => sum + frameDb(f, 0, f.length), 0) / Math.max(1, frames.length);
}

/**
 * Low noise around a segment before the recognizer (never digital silence),
 * at the room's own level, at least −66 dBFS.
 */
export function padWithNoise(samples: Int16Array, floorDb: number, padMs = 150, seed = 1): Int16Array {
  const rms = 32768 * 10 ** (Math.max(floorDb, -66) / 20);
  return withLowNoise(samples, { beforeMs: padMs, afterMs: padMs, peak: rms * Math.sqrt(3), seed });
}
