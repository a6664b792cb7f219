// The voice section of the office config (the host validates it with the rest).
import { z } from 'zod';
import { ENGINE_NAMES } from './engines/registry.js';
import { PHONES } from './engines/pocketsphinx/lexicon.js';

const PHONE = [...PHONES].join('|');
const PRONUNCIATION = new RegExp(`^(?:${PHONE})(?: (?:${PHONE}))*$`);
/** Words a site may add: a street or camera name has a few; a dictionary's worth is not what this is for. */
const MAX_SITE_WORDS = 200;

/** Confidence the default accepts: on the synthetic corpus it keeps about 98 % of right results and no false action (decision note). */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

export const voiceConfigSchema = z.strictObject({
  enabled: z.boolean().nullable().default(null)
    .describe('Voice commands on (true), off (false), or null = on when the engine is installed (pocketsphinx_batch on PATH)'),
  engine: z.enum(ENGINE_NAMES).default('pocketsphinx').describe('Speech engine (gateway/bridges/voice/engines/)'),
  model: z.string().min(1).nullable().default(null)
    .describe("The engine's model directory or file; null = its default (pocketsphinx: /usr/share/pocketsphinx/model/en-us)"),
  minConfidence: z.number().min(0).max(1).default(DEFAULT_MIN_CONFIDENCE)
    .describe('A result below this confidence (0..1) is shown as not understood and never acts'),
  language: z.enum(['en', 'ko']).default('en')
    .describe('Language recognised; Korean needs a Korean engine and model (the catalogue lists Korean phrasings either way)'),
  device: z.string().min(1).max(128).regex(/^[\w:,.=-]+$/, 'an ALSA device name such as hw:1, plughw:CARD=Array,DEV=0 or default').nullable().default(null)
    .describe('ALSA capture device of the office microphone (arecord -L lists them), e.g. plughw:1; null = no microphone (the recognizer still answers over HTTP)'),
  screen: z.string().min(1).max(64).default('wall').describe('The screen the microphone\'s commands move'),
  keyphrase: z.string().trim().min(3).max(64).regex(/^[a-z' ]+$/i, 'English words and spaces only (the engine spots words it can pronounce)').nullable().default(null)
    .describe('Wake phrase that opens a listening window, e.g. "hello city hall" (three words or more: short ones are heard in ordinary talk); null = push-to-talk only'),
  keyphraseThreshold: z.number().min(1e-80).max(1e-1).default(1e-40)
    .describe('Keyphrase detection threshold: lower spots more often and more falsely (tune per site: docs/decisions/2026-11-29-microphone.md)'),
  listenSeconds: z.number().min(1).max(30).default(6).describe('Listening window after push-to-talk or the keyphrase (s)'),
  pronunciations: z.record(
    z.string().regex(/^[a-z][a-z']{0,39}$/, 'a word in lower case, as the commands spell it (letters, and \' inside)'),
    z.array(z.string().trim().max(200).regex(PRONUNCIATION, `the en-us model's phones, in capitals, one space apart (${[...PHONES].join(' ')}), e.g. "S AH L L UH NG"`)).min(1).max(4),
  ).refine((r) => Object.keys(r).length <= MAX_SITE_WORDS, `at most ${MAX_SITE_WORDS} words`).default({})
    .describe('Pronunciations of words the dictionary lacks (a camera\'s or a street\'s name), in the en-us model\'s phones, e.g. seolleung: ["S AH L L UH NG"]. A command with a word that has none is left out of what the microphone hears; the setup page names such words'),
});

export type VoiceConfig = z.output<typeof voiceConfigSchema>;
export type VoiceConfigInput = z.input<typeof voiceConfigSchema>;
