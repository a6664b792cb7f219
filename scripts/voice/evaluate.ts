// Measures the recogniser on a synthetic corpus and prints accuracy, false
// actions, confusions and recognition time — the figures of the decision note.
//   node dist/scripts/voice/evaluate.js [--seed N] [--commands N] [--renderings N]
//     [--voices a,b] [--speeds 140,175] [--snr 20,10] [--noise white,pink]
//     [--negative-voices N] [--near-voices N] [--min-confidence X] [--concurrency N] [--dump rows.json]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { voiceConfigSchema } from '../../gateway/bridges/voice/config.js';
import { ENGINES } from '../../gateway/bridges/voice/engines/registry.js';
import { VoiceService } from '../../gateway/bridges/voice/service.js';
import { removeDir, tempDir } from '../rig/tmp.js';
import { buildUtterances, runUtterances, summarise, type CorpusSpec } from './accuracy.js';
import { Corpus, type NoiseKind } from './corpus.js';
import { demoCatalogInput } from './demo-catalog.js';
import { createProcessSupervisor } from '../../gateway/process/index.js';

const { values: v } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    commands: { type: 'string', default: '128' },
    renderings: { type: 'string', default: '1' },
    voices: { type: 'string', default: 'en-us,en-gb,en-us+f3,en-gb-x-rp' },
    speeds: { type: 'string', default: '150,180' },
    snr: { type: 'string', default: '20,12' },
    noise: { type: 'string', default: 'white,pink' },
    'negative-voices': { type: 'string', default: '2' },
    'near-voices': { type: 'string', default: '2' },
    bursts: { type: 'string', default: '60' },
    tones: { type: 'string', default: '14' },
    silences: { type: 'string', default: '24' },
    'min-confidence': { type: 'string' },
    dump: { type: 'string' },
    cache: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
  },
});
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const spec: CorpusSpec = {
  seed: Number(v.seed), commands: Number(v.commands), renderingsPerCommand: Number(v.renderings),
  voices: list(v.voices!), speeds: list(v.speeds!).map(Number), noises: list(v.noise!) as NoiseKind[], snrsDb: list(v.snr!).map(Number),
  negativeVoices: Number(v['negative-voices']), nearMissVoices: Number(v['near-voices']), bursts: Number(v.bursts), tones: Number(v.tones), silences: Number(v.silences),
};
const work = tempDir('voice-eval');
const cacheDir = v.cache ?? join(work, 'corpus');
mkdirSync(cacheDir, { recursive: true });
const log = pino({ level: 'warn' });
const config = voiceConfigSchema.parse(v['min-confidence'] ? { minConfidence: Number(v['min-confidence']) } : {});
const processes = createProcessSupervisor({ log });
const recognizer = ENGINES.pocketsphinx.create({ processes, log, workDir: join(work, 'engine'), now: () => performance.now() }, { model: config.model, concurrency: Number(v.concurrency) });
const input = demoCatalogInput();
const service = new VoiceService({ recognizer, catalogue: () => input, config, log, now: () => Date.now() });
try {
  await service.start();
  const utterances = buildUtterances(input, spec, new Corpus(cacheDir));
  const started = Date.now();
  let done = 0;
  const rows = await runUtterances(service, utterances, { concurrency: Number(v.concurrency), onRow: () => { if (++done % 50 === 0) process.stderr.write(`${done}/${utterances.length}\n`); } });
  const s = summarise(rows);
  console.log(JSON.stringify({ spec, minConfidence: config.minConfidence, seconds: (Date.now() - started) / 1000, ...s }, null, 2));
  if (v.dump) writeFileSync(v.dump, JSON.stringify(rows.map((r) => ({ id: r.u.id, kind: r.u.kind, text: r.u.text, cond: r.u.condition, expected: r.u.expected ? JSON.stringify(r.u.expected.action) : null, heard: r.heard, confidence: r.confidence, action: r.action, outcome: r.outcome, ms: r.ms, scores: r.scores, correct: r.correct }))));
} finally {
  await service.stop();
  await processes.stopAll(3000);
  removeDir(work);
}
