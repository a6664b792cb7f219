// The pocketsphinx engine: Debian's pocketsphinx 0.8 with its en-us model. Each
// utterance is dithered (dither.ts), written as a WAV to a private directory and
// decoded twice at once: the command grammar (a generated FSG with a garbage
// loop) and a free phone loop for the confidence (confidence.ts). Both run in
// long-lived pocketsphinx_batch children through the process port, fed through
// FIFOs (warm-pool.ts), so an utterance does not pay for loading the model; a
// search whose child cannot take it now (waiting out a restart, or no FIFOs)
// runs as a one-shot child with the same arguments. The WAV is deleted when
// both have answered. A grammar is compiled once per content hash and cached.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../../catalogue.js';
import { encodeWav, pcm16k, type Pcm16k } from '../../wav.js';
import { RecognizerError, type EngineOptions, type EnginePorts, type Grammar, type GrammarReport, type Keyphrase, type Recognition, type Recognizer, type RecognizerHealth, type Spotted } from '../types.js';
import { commandArgs, loopArgs, modelFix, modelPaths, type PocketsphinxPaths } from './args.js';
import { BatchError, runBatch } from './batch.js';
import { score } from './confidence.js';
import { ditherHalfBit } from './dither.js';
import { compileGrammar, grammarWords, type CompiledGrammar } from './grammar.js';
import type { Hypseg } from './hypseg.js';
import { runSpot } from './keyphrase.js';
import { readLexicon } from './lexicon.js';
import { withSitePronunciations } from './pronunciations.js';
import { keyphraseDict, pruneCache, quietSamples } from './work-files.js';
import { WarmPool } from './warm-pool.js';
import type { WarmSearch } from './warm-search.js';

export { DECODER_ARGS, DEFAULT_MODEL, modelPaths, type PocketsphinxPaths } from './args.js';

/** Requests waiting beyond the one being decoded; more → busy. */
const MAX_WAITING = 4;
/** Compiled grammars kept on disk. */
const MAX_CACHED_GRAMMARS = 8;

interface Loaded { grammarHash: string; compiled: CompiledGrammar; fsg: string; dict: string }

export class PocketsphinxRecognizer implements Recognizer {
  readonly engine = 'pocketsphinx';
  readonly languages: readonly Lang[] = ['en'];
  private readonly paths: PocketsphinxPaths;
  /** What to do when the model cannot be read (the configured voice.model, or the install). */
  private readonly modelFix: string;
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
  /** Searches decoded by a one-shot child because the long-lived one could not take them. */
  private oneShots = 0;
  private readonly pool: WarmPool;
  /** The hand table and the site's own words. */
  private readonly hand: Readonly<Record<string, readonly string[]>>;

  constructor(private readonly ports: EnginePorts, options: EngineOptions) {
    this.paths = modelPaths(options.model);
    this.modelFix = modelFix(options.model);
    this.hand = withSitePronunciations(options.pronunciations);
    this.concurrency = Math.max(1, Math.min(4, options.concurrency ?? 1));
    this.audioDir = join(ports.workDir, 'audio');
    this.grammarDir = join(ports.workDir, 'grammars');
    mkdirSync(this.audioDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.grammarDir, { recursive: true, mode: 0o700 });
    // Left by a run that was killed mid-utterance: audio is never kept.
    for (const f of readdirSync(this.audioDir)) rmSync(join(this.audioDir, f), { force: true });
    this.pool = new WarmPool(ports.processes, ports.workDir, {
      command: (g) => commandArgs(this.paths, this.audioDir, g),
      loop: () => loopArgs(this.paths, this.audioDir),
    }, this.concurrency, ports.log);
  }

  /**
   * Compiles the grammar, starts the long-lived decoders for it (a new grammar restarts the command decoder), and
   * decodes a quarter second of quiet once, so a broken install shows in health before anyone speaks. The decode is
   * not waited for (the children load the model first): health says "starting" until it is done, and an utterance
   * queues behind it.
   */
  async load(grammar: Grammar): Promise<GrammarReport> {
    const l = await this.ensure(grammar);
    if (!this.stopped) this.pool.prepare(l);
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
      const dict = await keyphraseDict(this.grammarDir, this.paths.cmudict, this.hand, keyphrase.phrase, this.modelFix);
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

  health(): RecognizerHealth {
    const state: RecognizerHealth['state'] = this.stopped ? 'stopped' : this.missing ? 'failed' : this.warm ? (this.lastError ? 'degraded' : 'running') : this.lastError ? 'failed' : 'starting';
    const decoders = this.pool.health();
    return {
      state,
      // A pool that cannot run long-lived children still answers (one-shot, each paying the model's load): said, not failed.
      detail: this.lastError ?? decoders.reason,
      recognitions: this.recognitions,
      failures: this.failures,
      model: this.paths.hmm,
      grammar: this.loaded ? { hash: this.loaded.compiled.hash.slice(0, 12), sentences: this.loaded.compiled.sentences.length, unsupported: this.loaded.compiled.missing.length } : null,
      active: this.active,
      waiting: this.queue.length,
      decoders: { ...decoders, oneShots: this.oneShots },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // An utterance in a long-lived child fails now ('stopped'); one-shot children are waited for.
    await this.pool.stop();
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
    const l = await this.ensure(grammar);
    // Timed from here: the utterance's own work, not its wait behind others (a microphone sends one at a time).
    const started = this.ports.now();
    const id = `u${++this.seq}`;
    const files = [`${id}.wav`, `${id}.ctl`, `${id}.cmd.seg`, `${id}.loop.seg`].map((f) => join(this.audioDir, f));
    const timeoutMs = 5000 + audio.durationMs;
    const lane = this.pool.acquire();
    try {
      writeFileSync(files[0]!, encodeWav(pcm16k(ditherHalfBit(audio.samples))), { mode: 0o600 });
      const warm = await this.pool.searches(lane, l);
      if (!warm.command || !warm.loop) writeFileSync(files[1]!, `${id}\n`, { mode: 0o600 });
      // Both settle before the lane is handed on: a search still decoding would refuse the next utterance.
      const [command, loop] = await Promise.allSettled([
        this.search(warm.command, id, 'decode', commandArgs(this.paths, this.audioDir, l), files[2]!, timeoutMs),
        this.search(warm.loop, id, 'phones', loopArgs(this.paths, this.audioDir), files[3]!, timeoutMs),
      ]);
      if (command.status === 'rejected') throw command.reason;
      if (loop.status === 'rejected') this.note(`phone loop failed (results get confidence 0): ${(loop.reason as Error).message}`);
      const s = score(command.value, loop.status === 'fulfilled' ? loop.value : null);
      this.recognitions++;
      this.warm = true;
      this.missing = false;
      if (loop.status === 'fulfilled') this.lastError = null;
      return { text: s.text, confidence: s.confidence, ms: this.ports.now() - started, scores: s.scores };
    } catch (err) {
      this.failures++;
      const missing = err instanceof BatchError && err.missing;
      if (missing) this.missing = true;
      this.note((err as Error).message);
      throw new RecognizerError((err as Error).message, this.stopped ? 'stopped' : missing ? 'unavailable' : 'timeout');
    } finally {
      this.pool.release(lane);
      for (const f of files) rmSync(f, { force: true });
    }
  }

  /** One search of `<id>.wav`: in its long-lived child, or a one-shot child when there is none to take it. */
  private search(warm: WarmSearch | null, id: string, tag: 'decode' | 'phones', args: readonly string[], seg: string, timeoutMs: number): Promise<Hypseg> {
    if (warm) return warm.decode(id, timeoutMs);
    this.oneShots++;
    const ctl = join(this.audioDir, `${id}.ctl`);
    return runBatch(this.ports.processes, { name: `voice:${tag}:${id}`, args: [...args, '-ctl', ctl, '-hypseg', seg], hypsegFile: seg, timeoutMs });
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
      this.note(`cannot read the dictionary ${this.paths.cmudict}: ${err.message} (${this.modelFix})`);
      throw new RecognizerError(`cannot read the dictionary ${this.paths.cmudict} (${this.modelFix})`, 'unavailable');
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
