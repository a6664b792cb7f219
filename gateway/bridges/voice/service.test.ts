// The voice service with the real engine: espeak-ng speaks, pocketsphinx
// (two one-shot children per utterance) recognises.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pino } from 'pino';
import { Corpus, noiseBurst } from '../../../scripts/voice/corpus.js';
import { demoCatalogInput, demoNames } from '../../../scripts/voice/demo-catalog.js';
import { createProcessSupervisor, type ProcessSupervisor } from '../../process/index.js';
import { removeDir, tempDir } from '../../../scripts/rig/tmp.js';
import type { ActionInput } from '../../actions/vocabulary.js';
import { createVoiceService } from './api.js';
import { voiceConfigSchema, type VoiceConfigInput } from './config.js';
import type { CatalogInput } from './names.js';
import { HISTORY_SIZE, type VoiceService } from './service.js';
import { renderVoicePanel } from './panel-html.js';
import { encodeWav, pcm16k } from './wav.js';

const dir = tempDir('voice-service');
const corpus = new Corpus(join(dir, 'corpus'));
const log = pino({ level: 'silent' });
const services: VoiceService[] = [];
const supervisors: ProcessSupervisor[] = [];

function service(opts: { config?: VoiceConfigInput; catalogue?: () => CatalogInput; model?: string } = {}): VoiceService {
  const config = voiceConfigSchema.parse({ ...opts.config, ...(opts.model ? { model: opts.model } : {}) });
  const processes = createProcessSupervisor({ log });
  supervisors.push(processes);
  const input = demoCatalogInput();
  // As the bridge makes it: the config's engine, model and pronunciations.
  const s = createVoiceService({ config, catalogue: opts.catalogue ?? (() => input), processes, log, workDir: join(dir, `engine-${services.length}`), now: () => Date.now() });
  services.push(s);
  return s;
}

const say = (text: string, voice = 'en-us') => corpus.render(text, { voice, wpm: 165, noise: 'pink', snrDb: 25, padBeforeMs: 400, padAfterMs: 500, gainDb: -3, seed: 3 });

beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'corpus'), { recursive: true });
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await Promise.all(supervisors.map((p) => p.stopAll(3000)));
  removeDir(dir);
});

describe('VoiceService with pocketsphinx', () => {
  it('recognises a command, gives its action and confidence, and acts only through the callback', async () => {
    const s = service();
    await s.start();
    expect(['starting', 'running']).toContain(s.health().state); // the warm-up decode runs behind the start
    const plain = await s.recognize(await say('show air quality in gangnam'));
    expect(plain.ok).toBe(true);
    expect(s.health().state).toBe('running');
    if (!plain.ok) return;
    expect(plain.result).toMatchObject({ text: 'show air quality in gangnam', acted: false, outcome: 'matched', lang: 'en', intent: { name: 'show-district-air', slots: { district: '11230' } } });
    expect(plain.result.action).toEqual({ action: 'navigate', page: 'district', district: '11230', metric: 'pm25' });
    expect(plain.result.confidence).toBeGreaterThanOrEqual(0.5);
    expect(plain.result.ms).toBeGreaterThan(0);

    const done: ActionInput[][] = [];
    const acted = await s.recognize(await say('open the first incident', 'en-gb'), { act: async (a) => { done.push([...a]); } });
    expect(acted.ok && acted.result).toMatchObject({ acted: true, outcome: 'matched' });
    expect(done).toEqual([[{ action: 'navigate', page: 'urban' }, { action: 'open-first' }]]);
    expect(s.history()[0]).toMatchObject({ text: 'open the first incident', did: 'navigate page=urban, then open-first' });
  }, 60_000);

  it('never acts on noise, out-of-grammar speech, or a result below minConfidence', async () => {
    const s = service();
    let calls = 0;
    const act = async () => { calls++; };
    for (const wav of [noiseBurst({ kind: 'pink', burstSeconds: 0.8, levelDbfs: -20, padSeconds: 0.4, seed: 5 }), await say('could somebody open the window'), await say('the budget meeting was moved to thursday')]) {
      const r = await s.recognize(wav, { act });
      expect(r.ok && r.result.action).toBe(null);
      expect(r.ok && r.result.acted).toBe(false);
    }
    const strict = service({ config: { minConfidence: 1 } });
    const r = await strict.recognize(await say('next page'), { act });
    expect(r.ok && r.result).toMatchObject({ text: 'next page', action: null, outcome: 'low-confidence', acted: false });
    expect(calls).toBe(0);
    expect(strict.counters().lowConfidence).toBe(1);
  }, 60_000);

  it('rejects other audio formats (415) and over 30 s (413) without decoding, and keeps only the last 20 results', async () => {
    const s = service();
    const stereo = Buffer.from(encodeWav(pcm16k(new Int16Array(1600))));
    stereo.writeUInt16LE(2, 22);
    const bad = await s.recognize(stereo);
    expect(bad).toMatchObject({ ok: false, status: 415, reason: 'wrong-format' });
    const long = await s.recognize(encodeWav(pcm16k(new Int16Array(16000 * 31))));
    expect(long).toMatchObject({ ok: false, status: 413, reason: 'too-long' });
    for (let i = 0; i < HISTORY_SIZE + 5; i++) await s.recognize(Buffer.from('not audio'));
    expect(s.history()).toHaveLength(HISTORY_SIZE);
    expect(s.history().every((h) => h.outcome === 'audio-rejected')).toBe(true);
    expect(s.counters().audioRejected).toBe(HISTORY_SIZE + 7);
    expect(s.health().recognizer.recognitions).toBe(0);
  });

  it('follows the names: a camera added at run time is recognised on the next utterance', async () => {
    let input = demoCatalogInput({ cameras: [] });
    const s = service({ catalogue: () => input });
    const before = await s.recognize(await say('show the mapo bridge north camera'));
    expect(before.ok && before.result.action).toBe(null);
    input = { names: demoNames({ cameras: [{ id: 'mapo-bridge', name: { en: 'Mapo Bridge north', ko: '마포대교 북단' } }] }), capabilities: { ...input.capabilities, cameras: true } };
    const after = await s.recognize(await say('show the mapo bridge north camera'));
    expect(after.ok && after.result.action).toEqual({ action: 'open-camera', camera: 'mapo-bridge' });
    expect(s.commands().some((c) => c.lang === 'ko' && c.text.includes('마포대교'))).toBe(true);
  }, 60_000);

  it('reports an act that failed, with its status', async () => {
    const s = service();
    const r = await s.recognize(await say('next camera'), { act: async () => { throw Object.assign(new Error('no camera open'), { status: 409 }); } });
    expect(r.ok && r.result).toMatchObject({ acted: false, actError: { message: 'no camera open', status: 409 } });
    expect(s.history()[0]).toMatchObject({ error: 'no camera open', did: null });
  }, 60_000);

  it('recognises English with a Korean office language, and says so', () => {
    const s = service({ config: { language: 'ko' } });
    expect(s.language).toBe('en');
    expect(s.health().detail).toMatch(/no ko model: recognising en; ko phrasings are listed only/);
  });

  it('says what is wrong when voice.model names a folder without a model, and answers 503', async () => {
    const s = service({ model: join(dir, 'no-such-model') });
    const r = await s.recognize(await say('next page'));
    expect(r).toMatchObject({ ok: false, status: 503, reason: 'unavailable' });
    // Installing packages cannot fix a wrong path: the key and its value are named (the default model's own absence says apt-get).
    const fix = /voice\.model is ".*no-such-model": set it to the folder holding en-us\/ and cmudict-en-us\.dict/;
    expect(!r.ok && r.message).toMatch(fix);
    expect(s.health().state).toBe('failed');
    expect(s.health().detail).toMatch(fix);
  }, 30_000);
});

// A camera named after a street the dictionary lacks ("Seolleung-ro"): its commands cannot be heard until the site
// gives the word a pronunciation (here the one espeak-ng says: `espeak-ng -x seolleung`).
describe('a site\'s pronunciations (voice.pronunciations)', () => {
  const withStreetCamera = (): CatalogInput => demoCatalogInput({ cameras: [{ id: 'cam-seolleung', name: { en: 'Seolleung-ro', ko: '선릉로' } }] });

  it('leaves out and counts the commands with a word it cannot say, and never acts on them', async () => {
    const s = service({ catalogue: withStreetCamera });
    await s.start();
    expect(s.health().commands.unsupported).toBe(2); // "show the …" and "open the seolleung ro camera"
    expect(s.health().commands.unsupportedWords).toEqual(['seolleung']);
    // The setup page names the word and where to add it.
    expect(renderVoicePanel(s.health(), s.history(), null)).toContain('2 the engine cannot say: no pronunciation for &quot;seolleung&quot; (add them under voice.pronunciations, or rename what they name)');
    const r = await s.recognize(await say('open the seolleung ro camera'));
    expect(r.ok && r.result.action).not.toEqual({ action: 'open-camera', camera: 'cam-seolleung' });
  }, 60_000);

  it('hears them once the site adds the word', async () => {
    const s = service({ catalogue: withStreetCamera, config: { pronunciations: { seolleung: ['S IH AA L UW NG'] } } });
    await s.start();
    expect(s.health().commands).toMatchObject({ unsupported: 0, unsupportedWords: [] });
    expect(renderVoicePanel(s.health(), s.history(), null)).not.toContain('cannot say');
    const r = await s.recognize(await say('open the seolleung ro camera'));
    expect(r.ok && r.result).toMatchObject({ text: 'open the seolleung ro camera', outcome: 'matched', action: { action: 'open-camera', camera: 'cam-seolleung' } });
  }, 60_000);
});

describe('the setup page test phrase', () => {
  it('is spoken by espeak-ng, resampled to 16 kHz with low-noise padding, and recognised', async () => {
    const { synthesizeTestPhrase } = await import('./test-phrase.js');
    const s = service();
    const processes = supervisors[supervisors.length - 1]!;
    const pcm = await synthesizeTestPhrase(processes, 'show the pledges page');
    expect(pcm.sampleRate).toBe(16000);
    expect(pcm.samples.slice(0, 1600).some((x) => x !== 0)).toBe(true);
    const r = await s.recognizePcm(pcm);
    expect(r.ok && r.result).toMatchObject({ text: 'show the pledges page', outcome: 'matched', action: { action: 'navigate', page: 'pledges' } });
  }, 60_000);
});
