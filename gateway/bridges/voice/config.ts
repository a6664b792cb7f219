// The voice section of the office config (the host validates it with the rest).
import { z } from 'zod';
import { ENGINE_NAMES } from './engines/registry.js';

/** Confidence the default accepts: on the synthetic corpus it keeps about 98 % of right results and no false action (decision note). */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

export const voiceConfigSchema = z.strictObject({
  engine: z.enum(ENGINE_NAMES).default('pocketsphinx').describe('Speech engine (gateway/bridges/voice/engines/)'),
  model: z.string().min(1).nullable().default(null)
    .describe("The engine's model directory or file; null = its default (pocketsphinx: /usr/share/pocketsphinx/model/en-us)"),
  minConfidence: z.number().min(0).max(1).default(DEFAULT_MIN_CONFIDENCE)
    .describe('A result below this confidence (0..1) is shown as not understood and never acts'),
  language: z.enum(['en', 'ko']).default('en')
    .describe('Language recognised; Korean needs a Korean engine and model (the catalogue lists Korean phrasings either way)'),
  device: z.string().min(1).max(128).default('default').describe('ALSA capture device of the microphone (part 2)'),
  keyphrase: z.string().min(1).max(64).nullable().default(null).describe('Wake phrase; null = push-to-talk only (part 2)'),
  listenSeconds: z.number().min(1).max(30).default(6).describe('Listening window after push-to-talk (part 2)'),
});

export type VoiceConfig = z.output<typeof voiceConfigSchema>;
export type VoiceConfigInput = z.input<typeof voiceConfigSchema>;
