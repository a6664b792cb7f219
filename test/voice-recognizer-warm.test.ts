// The long-lived pocketsphinx children, with the real pocketsphinx: an
// utterance's scores do not depend on the utterances decoded before it in the
// same child (the confidence threshold was tuned on fresh children), they are
// the scores a one-shot child gives the same audio, and a new grammar restarts
// the command child (its FSG is a file argument) but not the phone loop.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Recognition } from '../gateway/bridges/voice/engines/types.js';
import { parseWav, pcm16k, type Pcm16k } from '../gateway/bridges/voice/wav.js';
import { removeDir, tempDir } from '../scripts/rig/tmp.js';
import { waitFor } from '../scripts/rig/wait.js';
import { tone } from '../scripts/voice/corpus.js';
import { alive, grammarOf, recognizerRig, spoken, type RecognizerRig } from './rig/recognizer.js';

interface SearchHealth { name: string; state: string; pid: number | null; restarts: number; strays: number }
interface Decoders { mode: string; reason: string | null; searches: SearchHealth[]; oneShots: number }

const dir = tempDir('voice-warm');
const rigs: RecognizerRig[] = [];
const G1 = grammarOf(['next page', 'previous page', 'show the map', 'go to gangnam', 'show the weather in seoul']);
const decoders = (r: RecognizerRig) => r.recognizer.health().decoders as Decoders;
const batchSpawns = (r: RecognizerRig) => r.spawned.filter((s) => s.command === 'pocketsphinx_batch');
const same = (r: Recognition) => ({ text: r.text, confidence: r.confidence, scores: r.scores });

afterAll(async () => {
  for (const r of rigs) {
    await r.recognizer.stop();
    await r.processes.stopAll(3000);
  }
  removeDir(dir);
});

describe('long-lived pocketsphinx decoders', () => {
  it('score the same audio the same after any other utterances, and as a one-shot child does', async () => {
    const warm = recognizerRig(join(dir, 'warm'));
    rigs.push(warm);
    await warm.recognizer.load(G1);
    const a = await spoken(dir, 'go to gangnam');
    const others: Pcm16k[] = [
      await spoken(dir, 'show the weather in seoul', { snrDb: 3, seed: 11, gainDb: 6 }),
      pcm16k(new Int16Array(24_000)), // digital silence
      (parseWav(tone({ hz: 440, seconds: 1.5, levelDbfs: -12, seed: 2 })) as { ok: true; pcm: Pcm16k }).pcm,
      await spoken(dir, 'next page', { voice: 'en-gb', noise: 'pink', snrDb: 12, seed: 5 }),
    ];
    const first = await warm.recognizer.recognize(a, G1);
    expect(first.text).toBe('go to gangnam');
    expect(first.scores.loopAcoustic).toBeDefined();
    const after: Recognition[] = [];
    for (const o of others) {
      await warm.recognizer.recognize(o, G1);
      after.push(await warm.recognizer.recognize(a, G1));
    }
    for (const r of after) expect(same(r)).toEqual(same(first));
    // All of it in the two long-lived children (the warm-up included): no one-shot decode.
    expect(batchSpawns(warm)).toHaveLength(2);
    expect(decoders(warm)).toMatchObject({ mode: 'long-lived', oneShots: 0 });

    // No FIFOs: every search runs one-shot, with the same arguments — and gives the same scores.
    const oneShot = recognizerRig(join(dir, 'one-shot'), { rewrite: (s) => (s.command === 'mkfifo' ? { ...s, command: 'false' } : s) });
    rigs.push(oneShot);
    await oneShot.recognizer.load(G1);
    const viaOneShot = await oneShot.recognizer.recognize(a, G1);
    expect(same(viaOneShot)).toEqual(same(first));
    expect(decoders(oneShot).mode).toBe('one-shot');
    expect(decoders(oneShot).reason).toMatch(/one child per utterance/);
    expect(oneShot.recognizer.health()).toMatchObject({ state: 'running', detail: expect.stringMatching(/long-lived decoders unavailable/) });
    expect(decoders(oneShot).oneShots).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('restarts the command child for a new grammar, keeps the phone loop, and removes the old pipes', async () => {
    const r = recognizerRig(join(dir, 'grammar'));
    rigs.push(r);
    await r.recognizer.load(G1);
    const a = await spoken(dir, 'go to gangnam');
    expect((await r.recognizer.recognize(a, G1)).text).toBe('go to gangnam');
    const before = decoders(r).searches;
    const cmd1 = before.find((s) => s.name.startsWith('voice:search:cmd:'))!;
    const loop1 = before.find((s) => s.name.startsWith('voice:search:loop:'))!;
    expect(cmd1.pid).not.toBeNull();

    const G2 = grammarOf(['go to gangdong', 'show the map', 'next page']);
    await r.recognizer.load(G2);
    await waitFor(() => !alive(cmd1.pid!), { timeoutMs: 10_000, what: 'the old command child to end' });
    const heard = await r.recognizer.recognize(a, G2);
    expect(heard.text === '' || G2.sentences.includes(heard.text)).toBe(true);
    const after = decoders(r).searches;
    expect(after.map((s) => s.name)).not.toContain(cmd1.name);
    expect(after.find((s) => s.name === loop1.name)?.pid).toBe(loop1.pid);
    expect(batchSpawns(r)).toHaveLength(3);
    const fifoDir = readdirSync(r.workDir).find((f) => f.startsWith('fifos-'))!;
    expect(readdirSync(join(r.workDir, fifoDir)).sort()).toHaveLength(4); // two searches, two pipes each
  }, 120_000);
});
