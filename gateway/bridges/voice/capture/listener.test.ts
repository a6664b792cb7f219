// The listener's rules with the engine and the wall stubbed (the real path runs
// in test/browser/microphone.test.ts): windows, one command per window,
// decoding ahead at a pause and throwing that answer away when the speaker
// goes on, busy drops, mute, and the screen it answers for.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ActionInput } from '../../../actions/vocabulary.js';
import type { ChildEvents, ProcessPort } from '../../../process/types.js';
import type { Heard, VoiceService } from '../service.js';
import type { Pcm16k } from '../wav.js';
import { MicrophoneListener } from './listener.js';

const RATE = 16_000;
const PERIOD = 320; // 20 ms, as arecord is asked for

function hiss(ms: number): Int16Array {
  const out = new Int16Array((RATE * ms) / 1000);
  let s = 99;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.round(((s / 0x7fffffff) * 2 - 1) * 40);
  }
  return out;
}
function voiced(ms: number): Int16Array {
  const base = hiss(ms);
  return base.map((v, i) => v + Math.round(3000 * Math.sin((2 * Math.PI * 180 * i) / RATE)));
}

interface Rig {
  listener: MicrophoneListener;
  play(samples: Int16Array): Promise<void>;
  heardLengths: number[];
  settled: string[];
  dispatched: { action: string; screen: string }[];
  advance(ms: number): void;
  release(): void;
}

function rig(o: { decodeMs?: 'manual' } = {}): Rig {
  let events: ChildEvents = {};
  const processes: ProcessPort = {
    spawn(spec, ev = {}) {
      events = ev;
      queueMicrotask(() => ev.ready?.(1));
      return { name: spec.name, health: () => ({ name: spec.name, state: 'running', pid: 1, since: 0, restarts: 0, stalls: 0, lastExit: null, lastError: null, retryAt: null }), write: () => false, restart: () => undefined, stop: async () => undefined };
    },
    list: () => [],
  };
  let now = 1_000_000;
  const heardLengths: number[] = [];
  const settled: string[] = [];
  const dispatched: { action: string; screen: string }[] = [];
  const waiting: (() => void)[] = [];
  const heard = (n: number): Heard => ({
    ok: true, lang: 'en',
    heard: { text: `utterance of ${n} samples`, confidence: 0.9, ms: 5, scores: {} },
    match: { outcome: 'matched', text: `utterance of ${n} samples`, intent: { name: 'next', slots: {} }, action: { action: 'next-page' }, confidence: 0.9 },
  });
  const service = {
    language: 'en',
    commands: () => [],
    hear: (pcm: Pcm16k) => {
      heardLengths.push(pcm.samples.length);
      const h = heard(pcm.samples.length);
      return o.decodeMs === 'manual' ? new Promise<Heard>((r) => waiting.push(() => r(h))) : Promise.resolve(h);
    },
    settle: async (h: Heard, opts: { act?: (a: readonly ActionInput[]) => Promise<void> }) => {
      if (!h.ok) throw new Error('not expected');
      settled.push(h.heard.text);
      await opts.act?.([h.match.action as ActionInput]);
      return { ok: true, result: { id: 1, text: h.heard.text, intent: h.match.intent, action: h.match.action, confidence: 0.9, acted: true, outcome: 'matched', lang: 'en', ms: 5, scores: {} } };
    },
  } as unknown as VoiceService;
  const listener = new MicrophoneListener({
    config: { device: 'hw:1', listenSeconds: 6, keyphrase: null, screen: 'wall' },
    processes, service, log: pino({ level: 'silent' }), now: () => now, clock: () => now, mutedAtStart: false,
    dispatch: async (input) => {
      dispatched.push({ action: input.action, screen: input.screen });
      return { screen: input.screen, record: {} as never, outcome: 'done' };
    },
  });
  listener.start();
  const play = async (samples: Int16Array) => {
    for (let at = 0; at < samples.length; at += PERIOD) {
      const piece = samples.subarray(at, at + PERIOD);
      const bytes = Buffer.alloc(piece.length * 2);
      piece.forEach((v, i) => bytes.writeInt16LE(v, i * 2));
      now += 20;
      events.stdout?.(bytes);
    }
    await new Promise((r) => setTimeout(r, 0));
  };
  return { listener, play, heardLengths, settled, dispatched, advance: (ms) => { now += ms; }, release: () => waiting.splice(0).forEach((f) => f()) };
}

describe('the microphone listener', () => {
  it('outside a window, without a keyphrase, speech is counted and never decoded', async () => {
    const r = rig();
    await r.play(hiss(500));
    await r.play(voiced(600));
    await r.play(hiss(500));
    expect(r.heardLengths).toEqual([]);
    expect(r.listener.health().counters.outsideWindow).toBe(1);
  });

  it('in a window: decoded ahead at the pause, that answer used once the end is confirmed; one command, then the caption', async () => {
    const r = rig();
    await r.play(hiss(500));
    await r.listener.handle('listen');
    await r.play(voiced(600));
    await r.play(hiss(500));
    expect(r.heardLengths).toHaveLength(1);
    expect(r.settled).toHaveLength(1);
    expect(r.dispatched.map((d) => d.action)).toEqual(['next-page', 'caption']);
    expect(r.listener.health().counters).toMatchObject({ decodedAhead: 1, aheadUsed: 1, recognised: 1 });
    // The window is spent: the next utterance is not decoded.
    await r.play(voiced(600));
    await r.play(hiss(500));
    expect(r.heardLengths).toHaveLength(1);
  });

  it('a pause between words is decoded ahead and thrown away: the whole utterance is decoded at its end', async () => {
    const r = rig();
    await r.play(hiss(500));
    await r.listener.handle('listen');
    await r.play(voiced(400));
    await r.play(hiss(140)); // a pause: over 80 ms, under the 240 ms hangover
    await r.play(voiced(400));
    await r.play(hiss(500));
    expect(r.heardLengths.length).toBeGreaterThanOrEqual(2);
    const last = r.heardLengths.at(-1)!;
    expect(last).toBeGreaterThan(r.heardLengths[0]!);
    expect(r.settled).toEqual([`utterance of ${last} samples`]);
    expect(r.listener.health().counters.aheadUsed).toBe(1);
  });

  it('an utterance while the last is still being decoded is dropped and counted, not queued', async () => {
    const r = rig({ decodeMs: 'manual' });
    await r.play(hiss(500));
    await r.listener.handle('listen');
    await r.play(voiced(600));
    await r.play(hiss(500));
    await r.listener.handle('listen');
    await r.play(voiced(600));
    await r.play(hiss(500));
    expect(r.listener.health().counters.droppedBusy).toBe(1);
    r.release();
    await new Promise((res) => setTimeout(res, 0));
    expect(r.settled).toHaveLength(1);
  });

  it('muted, nothing it hears is decoded, and listening waits for unmute', async () => {
    const r = rig();
    await r.listener.handle('mute');
    expect(r.listener.health().muted).toBe(true);
    await r.play(voiced(600));
    await r.play(hiss(500));
    expect(r.listener.health().counters.utterances).toBe(0);
    await r.listener.handle('unmute');
    expect(r.listener.health().muted).toBe(false);
  });
});
