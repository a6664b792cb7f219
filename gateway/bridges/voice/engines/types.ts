// What a speech engine is to the voice service: it is given the sentences to
// listen for (a grammar) and an utterance, and says which sentence it heard and
// how sure it is. Everything engine-specific (models, dictionaries, child
// processes) stays behind this interface.
import { createHash } from 'node:crypto';
import type { Logger } from '../../../logger.js';
import type { ProcessPort } from '../../../process/types.js';
import { normalise, type Lang, type VoiceCommand } from '../catalogue.js';
import type { Pcm16k } from '../wav.js';

/** The sentences to recognise, in one language, normalised (lower case, single spaces). */
export interface Grammar {
  readonly lang: Lang;
  readonly sentences: readonly string[];
  /** Content hash of lang + sentences: engines cache what they compile from it under this name. */
  readonly hash: string;
}

/** The grammar of a catalogue's commands in one language (sentences deduplicated, in catalogue order). */
export function grammarOf(commands: readonly VoiceCommand[], lang: Lang): Grammar {
  const sentences = [...new Set(commands.filter((c) => c.lang === lang).map((c) => normalise(c.text)).filter(Boolean))];
  const hash = createHash('sha256').update(lang).update('\n').update(sentences.join('\n')).digest('hex');
  return { lang, sentences, hash };
}

export interface GrammarReport {
  readonly hash: string;
  /** Sentences the engine cannot listen for, and why (e.g. a word with no pronunciation). */
  readonly unsupported: readonly { readonly sentence: string; readonly reason: string; /** The words it cannot say, when that is why. */ readonly words?: readonly string[] }[];
}

export interface Recognition {
  /** The grammar sentence heard, normalised; '' when nothing in the grammar was heard. */
  readonly text: string;
  /** How sure the engine is that `text` was said, 0..1 (0 when `text` is ''). Each engine documents its definition. */
  readonly confidence: number;
  /** Decoding time, ms: from the engine taking the complete utterance to its answer (not counting a wait behind other utterances). */
  readonly ms: number;
  /** Engine-specific scores behind the confidence, for the setup page and tuning. */
  readonly scores: Readonly<Record<string, number>>;
}

export interface Keyphrase {
  readonly phrase: string;
  /** The engine's detection threshold (pocketsphinx: 1e-50 … 1e-5; lower spots more, and more falsely). */
  readonly threshold: number;
}

export interface Spotted { readonly hit: boolean; readonly ms: number }

export interface RecognizerHealth {
  readonly state: 'starting' | 'running' | 'degraded' | 'failed' | 'stopped';
  /** In words: "pocketsphinx_batch not found: apt-get install pocketsphinx". */
  readonly detail: string | null;
  readonly recognitions: number;
  readonly failures: number;
  /** Engine facts (children, grammar hash, model). */
  readonly [key: string]: unknown;
}

export class RecognizerError extends Error {
  constructor(message: string, readonly code: 'busy' | 'unavailable' | 'timeout' | 'grammar' | 'stopped') {
    super(message);
    this.name = 'RecognizerError';
  }
}

export interface Recognizer {
  readonly engine: string;
  /** Languages it can recognise. */
  readonly languages: readonly Lang[];
  /** Compiles and loads a grammar ahead of the first utterance (recognize does it too, once per hash). */
  load(grammar: Grammar): Promise<GrammarReport>;
  /** Rejects with a RecognizerError when it cannot answer (busy, engine down, timeout). */
  recognize(audio: Pcm16k, grammar: Grammar): Promise<Recognition>;
  /** Whether the keyphrase was said in the audio (engines that can spot one; the setup page says when it cannot). */
  spot?(audio: Pcm16k, keyphrase: Keyphrase): Promise<Spotted>;
  health(): RecognizerHealth;
  /** Stops its children; further calls reject. */
  stop(): Promise<void>;
}

/** What an engine is given by the host. */
export interface EnginePorts {
  readonly processes: ProcessPort;
  readonly log: Logger;
  /** A private directory (mode 0700) for compiled grammars and in-flight audio. */
  readonly workDir: string;
  readonly now: () => number;
}

export interface EngineOptions {
  /** The engine's model (a directory or file); null = the engine's default. */
  readonly model: string | null;
  /** Utterances decoded at once (default 1: a microphone sends one at a time; each already uses two cores). */
  readonly concurrency?: number;
  /** Pronunciations the site added for words the engine's dictionary lacks (voice.pronunciations). */
  readonly pronunciations?: Readonly<Record<string, readonly string[]>>;
}

export interface EngineFactory {
  readonly name: string;
  readonly languages: readonly Lang[];
  /** The program it runs (a name on PATH): whether the engine is installed. */
  readonly command: string;
  /** What to install when it is not. */
  readonly installHint: string;
  /** What is wrong with a configured model (`voice.model`), for check-config and the start log; null when nothing is. */
  modelProblem(model: string | null): string | null;
  create(ports: EnginePorts, options: EngineOptions): Recognizer;
}
