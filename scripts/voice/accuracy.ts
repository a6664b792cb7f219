// Accuracy of the voice service on a synthetic corpus: a seeded sample of
// catalogue commands spoken by espeak-ng voices at two speeds in noise, and
// negatives (office talk, noise bursts, tones, silence) that must never act.
// Used by test/voice-accuracy.test.ts and `scripts/voice/evaluate.ts`.
import { buildCatalogue, normalise, type VoiceCommand } from '../../gateway/bridges/voice/catalogue.js';
import type { CatalogInput } from '../../gateway/bridges/voice/names.js';
import type { VoiceService } from '../../gateway/bridges/voice/service.js';
import { noiseBurst, rng, silence, tone, type Corpus, type NoiseKind } from './corpus.js';
import { NEAR_MISSES, OFFICE_TALK } from './negatives.js';

export interface Condition { voice: string; wpm: number; noise: NoiseKind; snrDb: number }

export interface CorpusSpec {
  seed: number;
  /** Distinct commands sampled from the catalogue's English commands. */
  commands: number;
  voices: readonly string[];
  speeds: readonly number[];
  noises: readonly NoiseKind[];
  snrsDb: readonly number[];
  /** Each sampled command is spoken in this many conditions (cycling through all combinations). */
  renderingsPerCommand: number;
  /** Voices each office-talk sentence is spoken in. */
  negativeVoices: number;
  /** Voices each near miss ("show me the weather in busan") is spoken in. */
  nearMissVoices: number;
  bursts: number;
  tones: number;
  silences: number;
}

export interface Utterance {
  id: string;
  kind: 'command' | 'talk' | 'near' | 'burst' | 'tone' | 'silence';
  /** What was said (commands and talk). */
  text: string | null;
  expected: VoiceCommand | null;
  condition: Condition | null;
  wav: () => Promise<Buffer>;
}

export interface Row {
  u: Utterance;
  heard: string;
  confidence: number;
  action: string | null;
  outcome: string;
  ms: number;
  scores: Readonly<Record<string, number>>;
  correct: boolean;
}

const key = (a: unknown) => (a === null ? null : JSON.stringify(a));

/** Every combination of the conditions, in a seeded order. */
function conditions(spec: CorpusSpec, r: () => number): Condition[] {
  const all: Condition[] = [];
  for (const voice of spec.voices) for (const wpm of spec.speeds) for (const noise of spec.noises) for (const snrDb of spec.snrsDb) all.push({ voice, wpm, noise, snrDb });
  return shuffle(all, r);
}

function shuffle<T>(a: T[], r: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export function buildUtterances(input: CatalogInput, spec: CorpusSpec, corpus: Corpus): Utterance[] {
  const r = rng(spec.seed);
  const en = buildCatalogue(input).commands.filter((c) => c.lang === 'en');
  const sample = shuffle([...en], r).slice(0, spec.commands);
  const conds = conditions(spec, r);
  const out: Utterance[] = [];
  let n = 0;
  let c = 0;
  const pad = () => ({ padBeforeMs: 250 + Math.round(r() * 500), padAfterMs: 350 + Math.round(r() * 600), gainDb: -8 + r() * 10, seed: Math.floor(r() * 2 ** 31) });
  for (const cmd of sample) {
    for (let k = 0; k < spec.renderingsPerCommand; k++) {
      const cond = conds[c++ % conds.length]!;
      const rend = { ...cond, ...pad() };
      out.push({ id: `c${n++}`, kind: 'command', text: cmd.text, expected: cmd, condition: cond, wav: () => corpus.render(cmd.text, rend) });
    }
  }
  const sentences = new Set(en.map((x) => normalise(x.text)));
  for (const [kind, texts, voices] of [['talk', OFFICE_TALK, spec.negativeVoices], ['near', NEAR_MISSES, spec.nearMissVoices]] as const) {
    for (const text of texts) {
      if (sentences.has(normalise(text))) throw new Error(`negative sentence "${text}" is a catalogue command`);
      for (let k = 0; k < voices; k++) {
        const cond = conds[c++ % conds.length]!;
        const rend = { ...cond, ...pad() };
        out.push({ id: `${kind[0]}${n++}`, kind, text, expected: null, condition: cond, wav: () => corpus.render(text, rend) });
      }
    }
  }
  for (let k = 0; k < spec.bursts; k++) {
    const o = { kind: (k % 2 ? 'white' : 'pink') as NoiseKind, burstSeconds: 0.15 + r() * 1.4, levelDbfs: -42 + r() * 34, padSeconds: 0.3 + r() * 0.5, seed: Math.floor(r() * 2 ** 31), shape: (k % 3 ? 'flat' : 'decay') as 'flat' | 'decay' };
    out.push({ id: `b${n++}`, kind: 'burst', text: null, expected: null, condition: null, wav: async () => noiseBurst(o) });
  }
  const hums = [50, 60, 120, 440, 1000, 2500, 4000];
  for (let k = 0; k < spec.tones; k++) {
    const o = { hz: hums[k % hums.length]!, seconds: 0.5 + r() * 2.5, levelDbfs: -45 + r() * 30, seed: Math.floor(r() * 2 ** 31) };
    out.push({ id: `h${n++}`, kind: 'tone', text: null, expected: null, condition: null, wav: async () => tone(o) });
  }
  for (let k = 0; k < spec.silences; k++) {
    const seconds = 0.5 + r() * 3;
    const digital = k % 8 === 0;
    const seed = Math.floor(r() * 2 ** 31);
    out.push({ id: `s${n++}`, kind: 'silence', text: null, expected: null, condition: null, wav: async () => silence(seconds, seed, digital) });
  }
  return out;
}

/**
 * Recognises `concurrency` utterances at a time (default 1: a microphone sends
 * one at a time, and each recognition already keeps two cores busy), while the
 * next few are synthesised ahead. Rows come back in corpus order.
 */
export async function runUtterances(service: VoiceService, utterances: readonly Utterance[], opts: { concurrency?: number; onRow?: (row: Row) => void } = {}): Promise<Row[]> {
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const wavs = new Map<number, Promise<Buffer>>();
  let synthNext = 0;
  const prefetch = (upTo: number) => {
    while (synthNext < utterances.length && synthNext <= upTo) {
      const p = utterances[synthNext]!.wav();
      p.catch(() => undefined);
      wavs.set(synthNext++, p);
    }
  };
  const rows: Row[] = new Array(utterances.length);
  let next = 0;
  const worker = async () => {
    while (next < utterances.length) {
      const i = next++;
      prefetch(i + concurrency + 1);
      const u = utterances[i]!;
      const wav = await wavs.get(i)!;
      wavs.delete(i);
      const out = await service.recognize(wav);
      if (!out.ok) throw new Error(`${u.id}: ${out.message}`);
      const res = out.result;
      const action = key(res.action);
      const correct = u.expected ? action !== null && action === key(u.expected.action) : action === null;
      rows[i] = { u, heard: res.text, confidence: res.confidence, action, outcome: res.outcome, ms: res.ms, scores: res.scores, correct };
      opts.onRow?.(rows[i]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return rows;
}

export interface Summary {
  commands: number;
  correct: number;
  accuracy: number;
  /** Commands whose action was a different one (the worst error). */
  wrongAction: number;
  /** Commands that did nothing (rejected or not understood). */
  noAction: number;
  negatives: number;
  falseActions: number;
  falseActionRate: number;
  p50Ms: number;
  p95Ms: number;
  confusions: string[];
  falseActionList: string[];
  /** False actions per kind of negative: "talk 0/216". */
  byNegative: Record<string, string>;
  byCondition: Record<string, string>;
}

const pct = (a: number, n: number) => (n === 0 ? 0 : a / n);

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export function summarise(rows: readonly Row[]): Summary {
  const pos = rows.filter((r) => r.u.kind === 'command');
  const neg = rows.filter((r) => r.u.kind !== 'command');
  const confusions = pos.filter((r) => !r.correct).map((r) => `"${r.u.text}" → ${r.action ? `"${r.heard}"` : `nothing (${r.outcome}${r.heard ? `: "${r.heard}" ${r.confidence}` : ''})`} [${r.u.condition!.voice} ${r.u.condition!.wpm} ${r.u.condition!.noise} ${r.u.condition!.snrDb} dB]`);
  const falseActions = neg.filter((r) => !r.correct);
  const byCondition: Record<string, string> = {};
  const groups: Record<string, Row[]> = {};
  for (const r of pos) {
    const c = r.u.condition!;
    for (const k of [c.voice, `${c.wpm} wpm`, `${c.noise} ${c.snrDb} dB`]) (groups[k] ??= []).push(r);
  }
  for (const [k, rs] of Object.entries(groups)) byCondition[k] = `${rs.filter((r) => r.correct).length}/${rs.length}`;
  const ms = rows.map((r) => r.ms);
  const byNegative: Record<string, string> = {};
  for (const kind of new Set(neg.map((r) => r.u.kind))) {
    const rs = neg.filter((r) => r.u.kind === kind);
    byNegative[kind] = `${rs.filter((r) => !r.correct).length}/${rs.length}`;
  }
  return {
    commands: pos.length,
    correct: pos.filter((r) => r.correct).length,
    accuracy: pct(pos.filter((r) => r.correct).length, pos.length),
    wrongAction: pos.filter((r) => !r.correct && r.action !== null).length,
    noAction: pos.filter((r) => r.action === null).length,
    negatives: neg.length,
    falseActions: falseActions.length,
    falseActionRate: pct(falseActions.length, neg.length),
    p50Ms: quantile(ms, 0.5),
    p95Ms: quantile(ms, 0.95),
    confusions,
    byNegative,
    falseActionList: falseActions.map((r) => `${r.u.kind} ${r.u.text ? `"${r.u.text}"` : r.u.id} → "${r.heard}" ${r.confidence}`),
    byCondition,
  };
}

/**
 * 128 commands (4 voices × 2 speeds × 2 noises × 2 levels, four times each);
 * negatives: 102 office-talk sentences in two voices, 60 noise bursts, 14
 * tones, 24 silences (three of them digital zeros); and 40 near misses
 * ("go to lunch"), counted apart: they are the known weak spot. The corpus
 * the accuracy test and the bench use.
 */
export const ACCURACY_SPEC: CorpusSpec = {
  seed: 20261129,
  commands: 128,
  renderingsPerCommand: 1,
  voices: ['en-us', 'en-gb', 'en-us+f3', 'en-us-nyc+f2'],
  // Conversational and brisk.
  speeds: [160, 185],
  noises: ['white', 'pink'],
  // A quiet office through a directional microphone, and one with ventilation and talk.
  snrsDb: [25, 15],
  negativeVoices: 2,
  nearMissVoices: 1,
  bursts: 60,
  tones: 14,
  silences: 24,
};
