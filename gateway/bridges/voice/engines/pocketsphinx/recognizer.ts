// The pocketsphinx engine: Debian's pocketsphinx 0.8 with its en-us model. Each
// utterance is written as a WAV to a private directory and decoded twice at
// once, by two one-shot pocketsphinx_batch children through the process port:
// the command grammar (a generated FSG with a garbage loop) and a free phone
// loop for the confidence (confidence.ts). The WAV is deleted when both have
// answered. A grammar is compiled once per content hash and cached on disk.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../../catalogue.js';
import { encodeWav, pcm16k, type Pcm16k } from '../../wav.js';
import { RecognizerError, type EngineOptions, type EnginePorts, type Grammar, type GrammarReport, type Keyphrase, type Recognition, type Recognizer, type RecognizerHealth, type Spotted } from '../types.js';
import { BatchError, INSTALL_HINT, runBatch } from './batch.js';
import { score } from './confidence.js';
import { compileGrammar, grammarWords, type CompiledGrammar } from './grammar.js';
import { runSpot } from './keyphrase.js';
import { readLexicon } from './lexicon.js';
import { withSitePronunciations } from './pronunciations.js';

export const DEFAULT_MODEL = '/usr/share/pocketsphinx/model/en-us';

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

/** Requests waiting beyond the one being decoded; more → busy. */
const MAX_WAITING = 4;
/** Compiled grammars kept on disk. */
const MAX_CACHED_GRAMMARS = 8;

export interface PocketsphinxPaths { hmm: string; cmudict: string; phoneLm: string }

export function modelPaths(model: string | null): PocketsphinxPaths {
  const dir = model ?? DEFAULT_MODEL;
  return { hmm: join(dir, 'en-us'), cmudict: join(dir, 'cmudict-en-us.dict'), phoneLm: join(dir, 'en-us-phone.lm.bin') };
}

/** Arguments of one run over `<audioDir>/<id>.wav`: scores to `<id>.<tag>.seg`, no log. */
export function batchArgs(hmm: string, audioDir: string, id: string, tag: string): string[] {
  return [
    '-hmm', hmm, '-adcin', 'yes', '-cepdir', audioDir, '-cepext', '.wav', '-adchdr', '44',
    '-ctl', join(audioDir, `${id}.ctl`), '-hypseg', join(audioDir, `${id}.${tag}.seg`), '-logfn', '/dev/null', '-remove_silence', 'no',
    // Half a bit of noise, seeded: digital silence (an API client's zero padding) otherwise gives the
    // features no variance and the command path an absurd score.
    '-dither', 'yes', '-seed', '1',
  ];
}

interface Loaded { grammarHash: string; compiled: CompiledGrammar; fsg: string; dict: string }

export class PocketsphinxRecognizer implements Recognizer {
  readonly engine = 'pocketsphinx';
  readonly languages: readonly Lang[] = ['en'];
  private readonly paths: PocketsphinxPaths;
  private readonly audioDir: string;
  private readonly grammarDir: string;
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private readonly queue: (() => void)[] = [];
  private active = 0;
  private readonly concurrency: number;
  private seq = 0;
  private stopped = false;
  private recognitions = 0;
  private failures = 0;
  private lastError: string | null = null;
  private missing = false;
  private warm = false;
  private warming = false;
  /** The hand table and the site's own words. */
  private readonly hand: Readonly<Record<string, readonly string[]>>;

  constructor(private readonly ports: EnginePorts, options: EngineOptions) {
    this.paths = modelPaths(options.model);
    this.hand = withSitePronunciations(options.pronunciations);
    this.concurrency = Math.max(1, Math.min(4, options.concurrency ?? 1));
    this.audioDir = join(ports.workDir, 'audio');
    this.grammarDir = join(ports.workDir, 'grammars');
    mkdirSync(this.audioDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.grammarDir, { recursive: true, mode: 0o700 });
    // Left by a run that was killed mid-utterance: audio is never kept.
    for (const f of readdirSync(this.audioDir)) rmSync(join(this.audioDir, f), { force: true });
  }

  /**
   * Compiles the grammar, and decodes a quarter second of quiet once, so a broken install shows in health before
   * anyone speaks. The decode is not waited for (~0.5 s of a child's start): health says "starting" until it is done,
   * and an utterance queues behind it.
   */
  async load(grammar: Grammar): Promise<GrammarReport> {
    const l = await this.ensure(grammar);
    if (!this.warm && !this.warming) {
      this.warming = true;
      void this.enqueue(() => this.decode(pcm16k(quietSamples()), grammar)).catch(() => undefined).finally(() => { this.warming = false; });
    }
    return report(l.compiled);
  }

  recognize(audio: Pcm16k, grammar: Grammar): Promise<Recognition> {
    return this.enqueue(() => this.decode(audio, grammar));
  }

  spot(audio: Pcm16k, keyphrase: Keyphrase): Promise<Spotted> {
    return this.enqueue(async () => {
      const dict = await this.keyphraseDict(keyphrase.phrase);
      const started = this.ports.now();
      const id = `k${++this.seq}`;
      const wav = join(this.audioDir, `${id}.wav`);
      try {
        writeFileSync(wav, encodeWav(audio), { mode: 0o600 });
        const hit = await runSpot(this.ports.processes, { name: `voice:spot:${id}`, hmm: this.paths.hmm, dict, wav, phrase: keyphrase.phrase, threshold: keyphrase.threshold, timeoutMs: 5000 + audio.durationMs });
        return { hit, ms: this.ports.now() - started };
      } catch (err) {
        this.failures++;
        this.note((err as Error).message);
        throw new RecognizerError((err as Error).message, err instanceof BatchError && err.missing ? 'unavailable' : 'timeout');
      } finally {
        rmSync(wav, { force: true });
      }
    });
  }

  /** A dictionary of the keyphrase's words (cached per phrase); refuses a word with no pronunciation. */
  private async keyphraseDict(phrase: string): Promise<string> {
    const words = phrase.toLowerCase().split(/\s+/).filter(Boolean);
    const file = join(this.grammarDir, `kws-${words.join('-').replace(/[^a-z0-9-]/g, '')}.dict`);
    if (existsSync(file)) return file;
    const lexicon = await readLexicon(this.paths.cmudict, words, this.hand).catch((err: Error) => {
      throw new RecognizerError(`cannot read the dictionary ${this.paths.cmudict}: ${err.message} (${INSTALL_HINT})`, 'unavailable');
    });
    const missing = words.filter((w) => !lexicon.has(w));
    if (missing.length > 0) throw new RecognizerError(`the keyphrase has words with no pronunciation: ${missing.map((w) => `"${w}"`).join(', ')}`, 'grammar');
    const lines = [...lexicon].flatMap(([w, alternates]) => alternates.map((phones, i) => `${i === 0 ? w : `${w}(${i + 1})`} ${phones}`));
    writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
    return file;
  }

  health(): RecognizerHealth {
    const state: RecognizerHealth['state'] = this.stopped ? 'stopped' : this.missing ? 'failed' : this.warm ? (this.lastError ? 'degraded' : 'running') : this.lastError ? 'failed' : 'starting';
    return {
      state,
      detail: this.lastError,
      recognitions: this.recognitions,
      failures: this.failures,
      model: this.paths.hmm,
      grammar: this.loaded ? { hash: this.loaded.compiled.hash.slice(0, 12), sentences: this.loaded.compiled.sentences.length, unsupported: this.loaded.compiled.missing.length } : null,
      active: this.active,
      waiting: this.queue.length,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const deadline = Date.now() + 10_000;
    while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const f of readdirSync(this.audioDir)) rmSync(join(this.audioDir, f), { force: true });
  }

  /** Runs `job` when one of the `concurrency` slots is free; at most MAX_WAITING wait, more are refused (busy). */
  private async enqueue<T>(job: () => Promise<T>): Promise<T> {
    if (this.stopped) throw new RecognizerError('the recognizer is stopped', 'stopped');
    if (this.active >= this.concurrency) {
      if (this.queue.length >= MAX_WAITING) throw new RecognizerError('the recognizer is busy', 'busy');
      // The finishing job hands its slot over (active stays counted).
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active++;
    }
    try {
      if (this.stopped) throw new RecognizerError('the recognizer is stopped', 'stopped');
      return await job();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }

  private async decode(audio: Pcm16k, grammar: Grammar): Promise<Recognition> {
    if (this.stopped) throw new RecognizerError('the recognizer is stopped', 'stopped');
    const { fsg, dict } = await this.ensure(grammar);
    // Timed from here: the utterance's own work, not its wait behind others (a microphone sends one at a time).
    const started = this.ports.now();
    const id = `u${++this.seq}`;
    const files = [`${id}.wav`, `${id}.ctl`, `${id}.cmd.seg`, `${id}.loop.seg`].map((f) => join(this.audioDir, f));
    const timeoutMs = 5000 + audio.durationMs;
    try {
      writeFileSync(files[0]!, encodeWav(audio), { mode: 0o600 });
      writeFileSync(files[1]!, `${id}\n`, { mode: 0o600 });
      const [command, loop] = await Promise.all([
        runBatch(this.ports.processes, { name: `voice:decode:${id}`, args: [...batchArgs(this.paths.hmm, this.audioDir, id, 'cmd'), '-dict', dict, '-fsg', fsg, ...DECODER_ARGS], hypsegFile: files[2]!, timeoutMs }),
        runBatch(this.ports.processes, { name: `voice:phones:${id}`, args: [...batchArgs(this.paths.hmm, this.audioDir, id, 'loop'), '-allphone', this.paths.phoneLm, '-allphone_ci', 'yes'], hypsegFile: files[3]!, timeoutMs })
          .catch((err: Error) => { this.note(`phone loop failed (results get confidence 0): ${err.message}`); return null; }),
      ]);
      const s = score(command, loop);
      this.recognitions++;
      this.warm = true;
      this.missing = false;
      if (loop) this.lastError = null;
      return { text: s.text, confidence: s.confidence, ms: this.ports.now() - started, scores: s.scores };
    } catch (err) {
      this.failures++;
      if (err instanceof BatchError && err.missing) this.missing = true;
      this.note((err as Error).message);
      throw new RecognizerError((err as Error).message, err instanceof BatchError && err.missing ? 'unavailable' : 'timeout');
    } finally {
      for (const f of files) rmSync(f, { force: true });
    }
  }

  private note(message: string): void {
    this.lastError = message;
    this.ports.log.warn({ err: message }, 'voice: pocketsphinx failed');
  }

  /** The compiled grammar's files (from the cache, or compiled now), once per grammar hash. */
  private async ensure(grammar: Grammar): Promise<Loaded> {
    if (this.loaded?.grammarHash === grammar.hash) return this.loaded;
    if (!this.loading) this.loading = this.compile(grammar).finally(() => { this.loading = null; });
    const l = await this.loading;
    return l.grammarHash === grammar.hash ? l : this.ensure(grammar);
  }

  private async compile(grammar: Grammar): Promise<Loaded> {
    if (grammar.lang !== 'en') throw new RecognizerError(`pocketsphinx has no ${grammar.lang} model here`, 'grammar');
    const lexicon = await readLexicon(this.paths.cmudict, grammarWords(grammar), this.hand).catch((err: Error) => {
      this.missing = true;
      this.note(`cannot read the dictionary ${this.paths.cmudict}: ${err.message} (${INSTALL_HINT})`);
      throw new RecognizerError(`cannot read the dictionary ${this.paths.cmudict} (${INSTALL_HINT})`, 'unavailable');
    });
    const compiled = compileGrammar(grammar, lexicon);
    const fsg = join(this.grammarDir, `${compiled.hash}.fsg`);
    const dict = join(this.grammarDir, `${compiled.hash}.dict`);
    if (!existsSync(fsg) || !existsSync(dict)) {
      writeFileSync(dict, compiled.dict, { mode: 0o600 });
      writeFileSync(fsg, compiled.fsg, { mode: 0o600 });
      pruneCache(this.grammarDir, MAX_CACHED_GRAMMARS);
    }
    if (compiled.missing.length > 0) {
      this.ports.log.warn({ unsupported: compiled.missing.length, examples: compiled.missing.slice(0, 3) }, 'voice: commands left out of the grammar (words without a pronunciation: add them under voice.pronunciations, or rename what they name)');
    }
    this.loaded = { grammarHash: grammar.hash, compiled, fsg, dict };
    return this.loaded;
  }
}

function report(c: CompiledGrammar): GrammarReport {
  return { hash: c.hash, unsupported: c.missing.map((m) => ({ sentence: m.sentence, reason: `no pronunciation for ${m.words.map((w) => `"${w}"`).join(', ')}`, words: m.words })) };
}

/** Keeps the newest `keep` grammars (fsg + dict pairs) in the cache directory. */
function pruneCache(dir: string, keep: number): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.fsg')).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(keep)) {
    rmSync(join(dir, f), { force: true });
    rmSync(join(dir, f.replace(/\.fsg$/, '.dict')), { force: true });
  }
}

/** A quarter second of quiet noise (the warm-up utterance). */
function quietSamples(): Int16Array {
  const samples = new Int16Array(4000);
  let x = 12345;
  for (let i = 0; i < samples.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    samples[i] = ((x >> 16) % 17) - 8;
  }
  return samples;
}
