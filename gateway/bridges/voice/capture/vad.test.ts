import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, VoiceActivity, frameDb, padWithNoise, type VadEvent } from './vad.js';

const RATE = 16_000;
/** Deterministic hiss at about `db` dBFS. */
function hiss(ms: number, db: number, seed = 7): Int16Array {
  const n = (RATE * ms) / 1000;
  const out = new Int16Array(n);
  const amp = 32768 * 10 ** (db / 20) * Math.sqrt(3);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.round(((s / 0x7fffffff) * 2 - 1) * amp);
  }
  return out;
}
/** A voiced stretch: a 180 Hz tone at about `db` dBFS over hiss. */
function voiced(ms: number, db: number): Int16Array {
  const base = hiss(ms, -60, 3);
  const amp = 32768 * 10 ** (db / 20) * Math.SQRT2;
  return base.map((v, i) => Math.max(-32768, Math.min(32767, v + Math.round(amp * Math.sin((2 * Math.PI * 180 * i) / RATE)))));
}
const concat = (...parts: Int16Array[]) => {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
/** Feeds in `chunk`-sample pieces with a clock of the audio's own time. */
function run(vad: VoiceActivity, samples: Int16Array, chunk = 1024): VadEvent[] {
  const events: VadEvent[] = [];
  for (let at = 0; at < samples.length; at += chunk) {
    const piece = samples.subarray(at, Math.min(samples.length, at + chunk));
    events.push(...vad.feed(piece, ((at + piece.length) / RATE) * 1000));
  }
  return events;
}

describe('voice activity', () => {
  it('measures levels in dBFS', () => {
    expect(frameDb(new Int16Array(320), 0, 320)).toBe(-96);
    expect(frameDb(voiced(20, -20), 0, 320)).toBeCloseTo(-20, 0);
  });

  it('finds one utterance with its pre-roll and hangover, and says when the speech ended', () => {
    const vad = new VoiceActivity();
    const events = run(vad, concat(hiss(1000, -60), voiced(900, -25), hiss(600, -60)));
    expect(events.map((e) => e.type)).toEqual(['start', 'pause', 'end']);
    const end = events[2] as Extract<VadEvent, { type: 'end' }>;
    // The pause handed on the same speech, ending at the same last voiced frame, before the end was decided.
    const pause = events[1] as Extract<VadEvent, { type: 'pause' }>;
    expect(pause.segment.lastVoicedAt).toBe(end.segment.lastVoicedAt);
    expect(pause.segment.decidedAt).toBeLessThan(end.segment.decidedAt);
    expect(end.segment.speechMs).toBeGreaterThanOrEqual(860);
    expect(end.segment.speechMs).toBeLessThanOrEqual(940);
    // Speech stops at 1900 ms of audio; the clock advances per 1024-sample chunk (64 ms).
    expect(end.segment.lastVoicedAt).toBeGreaterThanOrEqual(1900);
    expect(end.segment.lastVoicedAt).toBeLessThan(1900 + 70);
    expect(end.segment.decidedAt - end.segment.lastVoicedAt).toBeGreaterThanOrEqual(240 - 64);
    // pre-roll (300 ms) + speech + hangover, in whole frames
    expect(end.segment.samples.length % FRAME_SAMPLES).toBe(0);
    expect(end.segment.samples.length / RATE).toBeGreaterThan(1.35);
    expect(end.segment.cut).toBe(false);
  });

  it('keeps a short pause between words inside one utterance', () => {
    const vad = new VoiceActivity();
    const events = run(vad, concat(hiss(800, -60), voiced(400, -25), hiss(150, -60), voiced(400, -25), hiss(600, -60)));
    // The pause between the words was decoded ahead and then thrown away (resume).
    expect(events.map((e) => e.type)).toEqual(['start', 'pause', 'resume', 'pause', 'end']);
  });

  it('drops a click and a cough', () => {
    const vad = new VoiceActivity();
    const events = run(vad, concat(hiss(800, -60), voiced(40, -10), hiss(500, -60), voiced(120, -20), hiss(500, -60)));
    expect(events.filter((e) => e.type === 'end')).toEqual([]);
    expect(events.filter((e) => e.type === 'dropped')).toHaveLength(1);
    expect(vad.current).toBe('silence');
  });

  it('follows a room that gets louder: at most one cut segment, then silence', () => {
    const vad = new VoiceActivity({ maxSpeechMs: 2000 });
    const events = run(vad, concat(hiss(800, -60), hiss(8000, -40, 11)));
    expect(events.filter((e) => e.type === 'end').length).toBeLessThanOrEqual(1);
    expect(vad.current).toBe('silence');
    expect(vad.noiseFloorDb).toBeGreaterThan(-46);
    // and speech over the louder room is still heard
    const later = run(vad, concat(voiced(700, -15), hiss(600, -40, 13)));
    expect(later.map((e) => e.type).filter((t) => t !== 'pause')).toEqual(['start', 'end']);
  });

  it('cuts endless speech at the bound', () => {
    const vad = new VoiceActivity({ maxSpeechMs: 2000 });
    const events = run(vad, concat(hiss(500, -60), voiced(5000, -20)));
    const ends = events.filter((e): e is Extract<VadEvent, { type: 'end' }> => e.type === 'end');
    expect(ends).toHaveLength(1); // then the floor follows the steady sound (the test above)
    for (const e of ends) {
      expect(e.segment.cut).toBe(true);
      expect(e.segment.samples.length).toBeLessThanOrEqual((RATE * 2000) / 1000);
    }
  });

  it('gives the same events whatever the chunk size (arecord periods vary)', () => {
    const audio = concat(hiss(700, -58), voiced(600, -22), hiss(500, -58), voiced(300, -30), hiss(700, -58));
    const shape = (events: VadEvent[]) => events.map((e) => (e.type === 'end' || e.type === 'pause' ? `${e.type}:${e.segment.samples.length}` : e.type));
    const reference = shape(run(new VoiceActivity(), audio, FRAME_SAMPLES));
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), (chunk) => {
      expect(shape(run(new VoiceActivity(), audio, chunk))).toEqual(reference);
    }), { numRuns: 40 });
  });

  it('never throws on any samples and never holds more than the bound', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 20000 }), (values) => {
      const vad = new VoiceActivity({ maxSpeechMs: 400 });
      for (const e of run(vad, Int16Array.from(values), 777)) if (e.type === 'end') expect(e.segment.samples.length).toBeLessThanOrEqual(6400);
    }), { numRuns: 60 });
  });

  it('pads with low noise, never digital silence', () => {
    const padded = padWithNoise(voiced(100, -20), -96, 150);
    expect(padded.length).toBe(1600 + 2 * 2400);
    const head = padded.subarray(0, 2400);
    expect(head.some((v) => v !== 0)).toBe(true);
    expect(frameDb(head, 0, head.length)).toBeGreaterThan(-75);
    expect(frameDb(head, 0, head.length)).toBeLessThan(-55);
  });
});
