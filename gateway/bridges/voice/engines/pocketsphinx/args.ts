// pocketsphinx_batch's arguments for the two searches, the same for a
// long-lived child and a one-shot one, so both give the same scores.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GrammarFiles } from './warm-pool.js';
import { INSTALL_HINT } from './batch.js';

export const DEFAULT_MODEL = '/usr/share/pocketsphinx/model/en-us';

export interface PocketsphinxPaths { hmm: string; cmudict: string; phoneLm: string }

export function modelPaths(model: string | null): PocketsphinxPaths {
  const dir = model ?? DEFAULT_MODEL;
  return { hmm: join(dir, 'en-us'), cmudict: join(dir, 'cmudict-en-us.dict'), phoneLm: join(dir, 'en-us-phone.lm.bin') };
}

/** How to fix a model that cannot be read: install the default one, or correct the configured `voice.model`. */
export function modelFix(model: string | null): string {
  if (model === null) return INSTALL_HINT;
  return `voice.model is ${JSON.stringify(model)}: set it to the folder holding en-us/ and cmudict-en-us.dict (such as ${DEFAULT_MODEL}), or to null for that default`;
}

/** A configured model folder without the files the searches read, in a technician's words; null when they are there (or none is configured). */
export function modelProblem(model: string | null): string | null {
  if (model === null) return null;
  const p = modelPaths(model);
  const missing = [p.hmm, p.cmudict, p.phoneLm].filter((f) => !existsSync(f));
  return missing.length ? `voice.model: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (${modelFix(model)})` : null;
}

/**
 * Settings of the command decoder: the grammar places its own silences
 * (grammar.ts), and the search is wider than the default (with hundreds of
 * sentences the default beams prune the right one away too often) and scores
 * more Gaussians — each measured in the decision note, with its CPU cost.
 */
export const DECODER_ARGS: readonly string[] = [
  '-fsgusefiller', 'no',
  '-beam', '1e-60', '-pbeam', '1e-60', '-wbeam', '1e-45', '-lpbeam', '1e-50', '-lponlybeam', '1e-40', '-topn', '8',
];

/**
 * What both searches share: WAVs named by a control line `<id>` in `audioDir` (each read whole, so the model's
 * batch CMN is over that utterance alone), no log. No dither in the decoder: its generator would run on from one
 * utterance to the next in a long-lived child; the audio comes dithered (dither.ts).
 */
function common(hmm: string, audioDir: string): string[] {
  return [
    '-hmm', hmm, '-adcin', 'yes', '-cepdir', audioDir, '-cepext', '.wav', '-adchdr', '44',
    '-logfn', '/dev/null', '-remove_silence', 'no', '-dither', 'no',
  ];
}

/** The command grammar's search (without `-ctl`/`-hypseg`). */
export function commandArgs(paths: PocketsphinxPaths, audioDir: string, g: GrammarFiles): string[] {
  return [...common(paths.hmm, audioDir), '-dict', g.dict, '-fsg', g.fsg, ...DECODER_ARGS];
}

/** The free phone loop's search (without `-ctl`/`-hypseg`). */
export function loopArgs(paths: PocketsphinxPaths, audioDir: string): string[] {
  return [...common(paths.hmm, audioDir), '-allphone', paths.phoneLm, '-allphone_ci', 'yes'];
}
