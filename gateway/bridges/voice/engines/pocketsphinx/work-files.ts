// The recognizer's files besides the audio: compiled grammars cached on disk,
// keyphrase dictionaries, and the warm-up utterance.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecognizerError } from '../types.js';
import { INSTALL_HINT } from './batch.js';
import { readLexicon } from './lexicon.js';

/** Keeps the newest `keep` grammars (fsg + dict pairs) in the cache directory. */
export function pruneCache(dir: string, keep: number): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.fsg')).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(keep)) {
    rmSync(join(dir, f), { force: true });
    rmSync(join(dir, f.replace(/\.fsg$/, '.dict')), { force: true });
  }
}

/** A quarter second of quiet noise (the warm-up utterance). */
export function quietSamples(): Int16Array {
  const samples = new Int16Array(4000);
  let x = 12345;
  for (let i = 0; i < samples.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    samples[i] = ((x >> 16) % 17) - 8;
  }
  return samples;
}

/** A dictionary of the keyphrase's words (cached per phrase in `dir`); refuses a word with no pronunciation. */
export async function keyphraseDict(dir: string, cmudict: string, hand: Readonly<Record<string, readonly string[]>>, phrase: string, fix = INSTALL_HINT): Promise<string> {
  const words = phrase.toLowerCase().split(/\s+/).filter(Boolean);
  const file = join(dir, `kws-${words.join('-').replace(/[^a-z0-9-]/g, '')}.dict`);
  if (existsSync(file)) return file;
  const lexicon = await readLexicon(cmudict, words, hand).catch((err: Error) => {
    throw new RecognizerError(`cannot read the dictionary ${cmudict}: ${err.message} (${fix})`, 'unavailable');
  });
  const missing = words.filter((w) => !lexicon.has(w));
  if (missing.length > 0) throw new RecognizerError(`the keyphrase has words with no pronunciation: ${missing.map((w) => `"${w}"`).join(', ')}`, 'grammar');
  const lines = [...lexicon].flatMap(([w, alternates]) => alternates.map((phones, i) => `${i === 0 ? w : `${w}(${i + 1})`} ${phones}`));
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  return file;
}
