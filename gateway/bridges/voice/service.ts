// The voice service: WAV bytes in, "which command, how sure, what to do" out.
// It validates the audio, keeps the catalogue (and the engine's grammar) in
// step with the names the wall shows, asks the engine, maps the heard sentence
// to its command, and never acts on what it did not understand. The host gives
// it everything through its constructor; dispatching actions is the caller's
// `act` callback, so the service knows no screen, no principal and no HTTP.
import { createHash } from 'node:crypto';
import type { ActionInput } from '../../actions/vocabulary.js';
import type { Logger } from '../../logger.js';
import { rateLimitedLog, type RateLimitedLog } from '../../log/rate-limited.js';
import { buildCatalogue, type Catalogue, type Intent, type Lang, type VoiceCommand } from './catalogue.js';
import type { VoiceConfig } from './config.js';
import { grammarOf, RecognizerError, type Grammar, type GrammarReport, type Keyphrase, type Recognition, type Recognizer, type RecognizerHealth, type Spotted } from './engines/types.js';
import { matchRecognition, sentenceIndex, type MatchOutcome } from './match.js';
import type { CatalogInput } from './names.js';
import { parseWav, type Pcm16k, type WavRejectReason } from './wav.js';

export const HISTORY_SIZE = 20;

export interface VoiceServiceDeps {
  recognizer: Recognizer;
  /** The current names and capabilities (read on every utterance; the catalogue is rebuilt when they change). */
  catalogue: () => CatalogInput;
  config: VoiceConfig;
  log: Logger;
  now: () => number;
}

/** Carries out a recognised command's actions in order (the host's dispatch, with source "voice"). */
export type VoiceAct = (actions: readonly ActionInput[]) => Promise<void>;

export interface VoiceResult {
  /** Sequence number of this utterance (history entries carry it). */
  readonly id: number;
  readonly text: string;
  readonly intent: Intent | null;
  readonly action: ActionInput | readonly ActionInput[] | null;
  readonly confidence: number;
  readonly acted: boolean;
  readonly outcome: MatchOutcome;
  readonly lang: Lang;
  /** Recognition time, end of audio → result (ms). */
  readonly ms: number;
  /** The engine's scores behind the confidence (for the setup page and tuning). */
  readonly scores: Readonly<Record<string, number>>;
  /** Set when `act` failed: its message, and its HTTP status when it had one (409, 404, …). */
  readonly actError?: { readonly message: string; readonly status?: number };
}

export type RecognizeOutcome =
  | { ok: true; result: VoiceResult }
  /** 415/413: the audio (reason from the WAV parser); 503: the engine is busy or down. */
  | { ok: false; status: 413 | 415 | 503; reason: WavRejectReason | 'busy' | 'unavailable'; message: string };

/** What the engine heard and the command it matched, not yet counted or acted on (`settle`). */
export type Heard =
  | { ok: true; heard: Recognition; match: ReturnType<typeof matchRecognition>; lang: Lang }
  | { ok: false; err: unknown };

export interface HistoryEntry {
  readonly id: number;
  readonly at: number;
  readonly text: string;
  readonly confidence: number;
  readonly outcome: MatchOutcome | 'audio-rejected' | 'engine-error';
  readonly intent: string | null;
  /** What it did: the actions carried out, or null. */
  readonly did: string | null;
  readonly ms: number | null;
  readonly scores: Readonly<Record<string, number>>;
  readonly error: string | null;
}

export interface VoiceHealth {
  state: RecognizerHealth['state'];
  detail: string | null;
  engine: string;
  /** Language recognised (the configured one when the engine has it, else the engine's). */
  language: Lang;
  minConfidence: number;
  /** `unsupportedWords`: the words without a pronunciation that left commands out (the first MAX_SHOWN_WORDS, sorted). */
  commands: { en: number; ko: number; recognisable: number; unsupported: number; unsupportedWords: string[] };
  counters: Readonly<Record<string, number>>;
  recognizer: RecognizerHealth;
}

interface Current {
  key: string;
  catalogue: Catalogue;
  grammar: Grammar;
  index: Map<string, VoiceCommand>;
  /** The engine's report of the sentences it leaves out (and the words why), from the last load of this grammar. */
  leftOut: GrammarReport['unsupported'];
}

/** Enough words for the setup page to name what to add; the count says the rest. */
export const MAX_SHOWN_WORDS = 20;

export class VoiceService {
  private current: Current | null = null;
  private readonly ring: HistoryEntry[] = [];
  private seq = 0;
  private readonly count = {
    utterances: 0, matched: 0, lowConfidence: 0, notUnderstood: 0, audioRejected: 0, engineErrors: 0, acted: 0, actFailed: 0,
  };
  /** Anyone allowed on the API can send bad WAVs: their lines are rate-limited per kind. */
  private readonly limited: RateLimitedLog;

  constructor(private readonly deps: VoiceServiceDeps) {
    this.limited = rateLimitedLog(deps.log, { now: deps.now });
  }

  /** The language recognised: the configured one if the engine has it. */
  get language(): Lang {
    const { recognizer, config } = this.deps;
    return recognizer.languages.includes(config.language) ? config.language : (recognizer.languages[0] ?? 'en');
  }

  /** Loads the current grammar into the engine, so the first utterance is not slower. */
  async start(): Promise<void> {
    const cur = this.refresh();
    cur.leftOut = (await this.deps.recognizer.load(cur.grammar)).unsupported;
    if (this.language !== this.deps.config.language) {
      this.deps.log.warn({ engine: this.deps.recognizer.engine, configured: this.deps.config.language, recognising: this.language }, 'voice: the engine has no model for the configured language; recognising the one it has');
    }
  }

  stop(): Promise<void> {
    return this.deps.recognizer.stop();
  }

  /** Every command of the current catalogue, English and Korean (for listing). */
  commands(): readonly VoiceCommand[] {
    return this.refresh().catalogue.commands;
  }

  /** The catalogue with what it could not phrase (names with no English phrasing, duplicates). */
  catalogue(): Catalogue {
    return this.refresh().catalogue;
  }

  /** Validates a WAV body and recognises it. */
  async recognize(wav: Uint8Array, opts: { act?: VoiceAct } = {}): Promise<RecognizeOutcome> {
    const parsed = parseWav(wav);
    if (!parsed.ok) {
      this.count.audioRejected++;
      this.remember({ text: '', confidence: 0, outcome: 'audio-rejected', intent: null, did: null, ms: null, scores: {}, error: parsed.message });
      this.rateLimitedLog({ reason: parsed.reason, bytes: wav.length }, 'voice: audio rejected');
      return { ok: false, status: parsed.status, reason: parsed.reason, message: parsed.message };
    }
    return this.recognizePcm(parsed.pcm, opts);
  }

  /** Recognises validated audio (a microphone produces Pcm16k directly). */
  async recognizePcm(pcm: Pcm16k, opts: { act?: VoiceAct } = {}): Promise<RecognizeOutcome> {
    return this.settle(await this.hear(pcm), opts);
  }

  /**
   * The engine's answer and its command, without counting, acting or keeping
   * it: a microphone decodes ahead of the end of speech and throws the answer
   * away when the speaker goes on. `settle` it to make it a result.
   */
  async hear(pcm: Pcm16k): Promise<Heard> {
    const cur = this.refresh();
    try {
      const heard = await this.deps.recognizer.recognize(pcm, cur.grammar);
      return { ok: true, heard, match: matchRecognition(heard, cur.index, this.deps.config.minConfidence), lang: cur.grammar.lang };
    } catch (err) {
      return { ok: false, err };
    }
  }

  /** Counts, acts on (through `act`) and keeps what was heard. */
  async settle(h: Heard, opts: { act?: VoiceAct } = {}): Promise<RecognizeOutcome> {
    this.count.utterances++;
    const id = ++this.seq;
    if (!h.ok) {
      this.count.engineErrors++;
      const message = h.err instanceof Error ? h.err.message : String(h.err);
      const reason = h.err instanceof RecognizerError && h.err.code === 'busy' ? 'busy' : 'unavailable';
      this.remember({ text: '', confidence: 0, outcome: 'engine-error', intent: null, did: null, ms: null, scores: {}, error: message });
      this.rateLimitedLog({ err: message }, 'voice: recognition failed');
      return { ok: false, status: 503, reason, message: reason === 'busy' ? 'the recognizer is busy, try again' : `the recognizer is not available: ${message}` };
    }
    const { heard, match: m } = h;
    if (m.outcome === 'matched') this.count.matched++;
    else if (m.outcome === 'low-confidence') this.count.lowConfidence++;
    else this.count.notUnderstood++;
    let acted = false;
    let actError: VoiceResult['actError'];
    const actions = m.action === null ? [] : Array.isArray(m.action) ? (m.action as readonly ActionInput[]) : [m.action as ActionInput];
    if (opts.act && actions.length > 0) {
      try {
        await opts.act(actions);
        acted = true;
        this.count.acted++;
      } catch (err) {
        this.count.actFailed++;
        const status = (err as { status?: unknown }).status;
        actError = { message: err instanceof Error ? err.message : String(err), ...(typeof status === 'number' ? { status } : {}) };
      }
    }
    const result: VoiceResult = { id, text: m.text, intent: m.intent, action: m.action, confidence: m.confidence, acted, outcome: m.outcome, lang: h.lang, ms: heard.ms, scores: heard.scores, ...(actError ? { actError } : {}) };
    this.remember({
      id, text: m.text, confidence: m.confidence, outcome: m.outcome, intent: m.intent?.name ?? null,
      did: acted ? actions.map(describe).join(', then ') : null, ms: heard.ms, scores: heard.scores, error: actError?.message ?? null,
    });
    return { ok: true, result };
  }

  /** Whether the keyphrase was said (engines that can spot one). */
  spot(pcm: Pcm16k, keyphrase: Keyphrase): Promise<Spotted> {
    const r = this.deps.recognizer;
    if (!r.spot) return Promise.reject(new RecognizerError(`${r.engine} cannot spot a keyphrase`, 'unavailable'));
    return r.spot(pcm, keyphrase);
  }

  /** The last results, newest first. */
  history(): readonly HistoryEntry[] {
    return [...this.ring].reverse();
  }

  counters(): Readonly<Record<string, number>> {
    return { ...this.count };
  }

  health(): VoiceHealth {
    // The catalogue as last built (commands(), an utterance or the 10 s publish rebuild it): /healthz reads no store for it.
    const cur = this.current ?? this.refresh();
    const r = this.deps.recognizer.health();
    const en = cur.catalogue.commands.filter((c) => c.lang === 'en').length;
    const ko = cur.catalogue.commands.length - en;
    const leftOut = new Set(cur.leftOut.map((u) => u.sentence)).size;
    const languageNote = this.language !== this.deps.config.language
      ? `${this.deps.recognizer.engine} has no ${this.deps.config.language} model: recognising ${this.language}; ${this.deps.config.language} phrasings are listed only`
      : null;
    return {
      state: r.state,
      detail: [r.detail, languageNote].filter(Boolean).join('; ') || null,
      engine: this.deps.recognizer.engine,
      language: this.language,
      minConfidence: this.deps.config.minConfidence,
      commands: {
        en, ko, recognisable: cur.grammar.sentences.length - leftOut, unsupported: leftOut,
        unsupportedWords: [...new Set(cur.leftOut.flatMap((u) => u.words ?? []))].sort().slice(0, MAX_SHOWN_WORDS),
      },
      counters: this.counters(),
      recognizer: r,
    };
  }

  /** The catalogue for the current names: rebuilt (with the grammar) only when they change. */
  private refresh(): Current {
    const input = this.deps.catalogue();
    const key = createHash('sha1').update(JSON.stringify(input)).digest('hex');
    if (this.current?.key === key) return this.current;
    const catalogue = buildCatalogue(input);
    const lang = this.language;
    const grammar = grammarOf(catalogue.commands, lang);
    this.current = { key, catalogue, grammar, index: sentenceIndex(catalogue.commands, lang), leftOut: [] };
    if (catalogue.skipped.length > 0) this.deps.log.info({ skipped: catalogue.skipped.length, examples: catalogue.skipped.slice(0, 3) }, 'voice: some names have no command');
    // Learn which sentences the engine leaves out, without holding up this utterance.
    const cur = this.current;
    this.deps.recognizer.load(grammar).then(
      (report) => { cur.leftOut = report.unsupported; },
      (err: Error) => this.rateLimitedLog({ err: err.message }, 'voice: the engine could not load the grammar'),
    );
    return this.current;
  }

  private remember(e: Omit<HistoryEntry, 'id' | 'at'> & { id?: number }): void {
    this.ring.push({ ...e, id: e.id ?? ++this.seq, at: this.deps.now() });
    if (this.ring.length > HISTORY_SIZE) this.ring.splice(0, this.ring.length - HISTORY_SIZE);
  }

  private rateLimitedLog(obj: Record<string, unknown>, msg: string): void {
    this.limited(msg, 'warn', obj, msg);
  }
}

/** "navigate page=district district=11230" — for the history's "what it did". */
export function describe(a: ActionInput): string {
  const { action, screen: _screen, ...rest } = a as ActionInput & { screen?: string };
  const args = Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return args ? `${action} ${args}` : action;
}
