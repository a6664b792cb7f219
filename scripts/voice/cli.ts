// Voice tooling.
//   npm run voice -- --list [--lang en|ko] [--json] [--no-cameras]
//       the command catalogue of the demo configuration (what can be said)
//   npm run voice -- --say "show gangnam" --out /tmp/x.wav [--voice en-gb] [--wpm 160] [--noise pink] [--snr 20]
//       a test utterance as the recogniser wants it (16 kHz mono 16-bit, low-noise padding)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalogue } from '../../gateway/bridges/voice/catalogue.js';
import { removeDir, tempDir } from '../rig/tmp.js';
import { Corpus, type NoiseKind } from './corpus.js';
import { demoCatalogInput } from './demo-catalog.js';

const { values: v } = parseArgs({
  options: {
    list: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    lang: { type: 'string' },
    'no-cameras': { type: 'boolean', default: false },
    say: { type: 'string' },
    out: { type: 'string' },
    voice: { type: 'string', default: 'en-us' },
    wpm: { type: 'string', default: '160' },
    noise: { type: 'string', default: 'pink' },
    snr: { type: 'string', default: '30' },
  },
});

if (v.list) {
  const cat = buildCatalogue(demoCatalogInput(v['no-cameras'] ? { cameras: [] } : {}));
  const commands = cat.commands.filter((c) => !v.lang || c.lang === v.lang);
  if (v.json) {
    console.log(JSON.stringify(commands.map((c) => ({ text: c.text, lang: c.lang, action: c.action })), null, 2));
  } else {
    for (const c of commands) console.log(`${c.lang}\t${c.text}\t${JSON.stringify(c.action)}`);
    const en = cat.commands.filter((c) => c.lang === 'en').length;
    console.error(`${en} English and ${cat.commands.length - en} Korean commands (Korean: listed, recognised once a Korean engine is configured)`);
    for (const s of cat.skipped) console.error(`skipped: ${s}`);
  }
} else if (v.say && v.out) {
  const dir = tempDir('voice-say');
  try {
    mkdirSync(dir, { recursive: true });
    const wav = await new Corpus(dir).render(v.say, { voice: v.voice!, wpm: Number(v.wpm), noise: v.noise as NoiseKind, snrDb: Number(v.snr), padBeforeMs: 400, padAfterMs: 500, gainDb: 0, seed: 1 });
    writeFileSync(v.out, wav);
    console.error(`wrote ${v.out} (${wav.length} bytes)`);
  } finally {
    removeDir(join(dir));
  }
} else {
  console.error('usage: voice --list [--lang en|ko] [--json] [--no-cameras] | --say "text" --out file.wav [--voice V] [--wpm N] [--noise white|pink] [--snr dB]');
  process.exitCode = 2;
}
