// Bench section "voice-accuracy" (issue 19): recognition time per utterance,
// one at a time as a microphone sends them, beside the accuracy and the
// false-action rate, on the accuracy test's corpus (espeak-ng voices in
// noise: scripts/voice/accuracy.ts) through Debian's pocketsphinx.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { voiceConfigSchema } from '../../gateway/bridges/voice/config.js';
import { ENGINES } from '../../gateway/bridges/voice/engines/registry.js';
import { VoiceService } from '../../gateway/bridges/voice/service.js';
import { createProcessSupervisor } from '../../gateway/process/index.js';
import { removeDir, tempDir } from '../rig/tmp.js';
import { ACCURACY_SPEC, buildUtterances, runUtterances, summarise } from '../voice/accuracy.js';
import { Corpus } from '../voice/corpus.js';
import { demoCatalogInput } from '../voice/demo-catalog.js';
import { printTable } from './report.js';
import type { Section } from './section.js';
import { missingVoiceTools } from './voice.js';

export const voiceAccuracy: Section = {
  name: 'voice-accuracy',
  async run(ctx) {
    const missing = missingVoiceTools();
    if (missing.length) {
      console.log(`Voice accuracy: not measured — ${missing.join(', ')} not installed\n`);
      ctx.results.voiceAccuracy = { skipped: `missing ${missing.join(', ')}` };
      return;
    }
    const dir = tempDir('bench-voice-accuracy');
    ctx.track('voice accuracy dir', async () => removeDir(dir));
    mkdirSync(join(dir, 'corpus'), { recursive: true });
    const log = pino({ level: 'warn' });
    const processes = createProcessSupervisor({ log });
    ctx.track('voice accuracy children', () => processes.stopAll(3000));
    const input = demoCatalogInput();
    const recognizer = ENGINES.pocketsphinx.create({ processes, log, workDir: join(dir, 'engine'), now: () => performance.now() }, { model: null, concurrency: 1 });
    const service = new VoiceService({ recognizer, catalogue: () => input, config: voiceConfigSchema.parse({}), log, now: () => Date.now() });
    await service.start();
    const utterances = buildUtterances(input, ACCURACY_SPEC, new Corpus(join(dir, 'corpus')));
    // The speech is synthesised first, so the timed runs are the recognizer's alone.
    for (const u of utterances) await u.wav();
    const s = summarise(await runUtterances(service, utterances, { concurrency: 1 }));
    await service.stop();
    await processes.stopAll(3000);
    printTable(`Voice recognition, one utterance at a time (${s.commands} commands in ${ACCURACY_SPEC.voices.length} voices, ${s.negatives} negatives; pocketsphinx, minConfidence 0.5)`,
      ['recognition p50', 'p95', 'aim', 'right actions', 'false actions (talk, noise, tones, silence)', 'near misses acted on'], [[
        `${Math.round(s.p50Ms)} ms`, `${Math.round(s.p95Ms)} ms`, 'p95 ≤ 300 ms',
        `${s.correct}/${s.commands} (${(s.accuracy * 100).toFixed(1)} %)`,
        ['talk', 'burst', 'tone', 'silence'].map((k) => `${k} ${s.byNegative[k] ?? '0/0'}`).join(', '),
        s.byNegative.near ?? '0/0',
      ]]);
    console.log(`confusions: ${s.confusions.length ? s.confusions.join('; ') : '(none)'}\n`);
    ctx.results.voiceAccuracy = { p50Ms: s.p50Ms, p95Ms: s.p95Ms, accuracy: s.accuracy, byNegative: s.byNegative, confusions: s.confusions };
  },
};
