// pocketsphinx's view of a grammar: a finite-state grammar (Sphinx FSG) whose
// sentences are exactly the commands, with ways out for everything else, and a
// dictionary of just their words. A sentence with a word nobody can pronounce
// is left out (and reported), never recognised as something else.
//
// - The commands are a minimal word automaton (shared prefixes and suffixes),
//   every transition of probability 1 so no sentence is favoured: the same
//   sentences as a flat JSGF list search twice the states for the same accuracy.
// - Silence only where silence is: before and after the command, and a short
//   pause between words. pocketsphinx's own fillers (at every state, with noise
//   and "speech" fillers) swallowed the words of "show me the weather in busan"
//   and left "show … eunpyeong".
// - Garbage: any sequence of phones, each at a cost, either instead of a command
//   or after the start of one ("show housing in" + "daegu"). Out-of-grammar speech
//   and noise end there instead of in the nearest command; a result that went
//   through garbage is "not understood".
// Figures for each choice: docs/decisions/2026-11-29-voice-recognizer.md.
import { createHash } from 'node:crypto';
import type { Grammar } from '../types.js';
import { PHONES, type Lexicon } from './lexicon.js';

export interface GarbageSpec {
  /** Probability of garbage instead of a command (paid once). */
  readonly entry: number;
  /** Probability of garbage after the first words of a command (paid once). */
  readonly tail: number;
  /** Probability of each phone in garbage (paid per phone: long speech costs more). */
  readonly perPhone: number;
  /** Probability of a pause between two words of a command. */
  readonly pause: number;
}

export const GARBAGE: GarbageSpec = { entry: 1e-3, tail: 1e-3, perPhone: 0.03, pause: 0.1 };

/** Phones of the garbage loop: the model's phones and its silence. */
const GARBAGE_PHONES = [...PHONES, 'SIL'];

/** Words of the garbage loop: one per phone, a prefix no dictionary word has. */
export const GARBAGE_PREFIX = 'gbg_';

export interface CompiledGrammar {
  /** Sphinx FSG text. */
  readonly fsg: string;
  /** Dictionary text (CMU format): the grammar's words and the garbage phones. */
  readonly dict: string;
  /** sha256 of fsg + dict: names the cached files. */
  readonly hash: string;
  /** The sentences in the FSG. */
  readonly sentences: readonly string[];
  /** Sentences left out, with the words that have no pronunciation. */
  readonly missing: readonly { sentence: string; words: string[] }[];
}

/** The words of a grammar's sentences (what the lexicon must cover). */
export function grammarWords(grammar: Grammar): Set<string> {
  const words = new Set<string>();
  for (const s of grammar.sentences) for (const w of s.split(' ')) if (w) words.add(w);
  return words;
}

const WORD = /^[a-z][a-z']{0,63}$/;

/** Compiles a grammar for pocketsphinx. Pure. */
export function compileGrammar(grammar: Grammar, lexicon: Lexicon, garbage: GarbageSpec = GARBAGE): CompiledGrammar {
  const kept: string[][] = [];
  const missing: { sentence: string; words: string[] }[] = [];
  const used = new Set<string>();
  for (const sentence of grammar.sentences) {
    const words = sentence.split(' ').filter(Boolean);
    if (words.length === 0) continue;
    const unknown = words.filter((w) => !WORD.test(w) || !(lexicon.get(w)?.length));
    if (unknown.length > 0) { missing.push({ sentence, words: [...new Set(unknown)] }); continue; }
    kept.push(words);
    for (const w of words) used.add(w);
  }
  const dictLines: string[] = [];
  for (const w of [...used].sort()) {
    (lexicon.get(w) ?? []).forEach((p, i) => dictLines.push(i === 0 ? `${w} ${p}` : `${w}(${i + 1}) ${p}`));
  }
  for (const p of GARBAGE_PHONES) dictLines.push(`${GARBAGE_PREFIX}${p.toLowerCase()} ${p}`);
  const dict = dictLines.join('\n') + '\n';
  const fsg = buildFsg(kept, garbage);
  const hash = createHash('sha256').update(fsg).update('\0').update(dict).digest('hex');
  return { fsg, dict, hash, sentences: kept.map((w) => w.join(' ')), missing };
}

interface State { final: boolean; arcs: Map<string, number> }

const prob = (p: number) => (Number.isFinite(p) && p > 0 && p <= 1 ? p : 1).toPrecision(6);

/** The silence word of the model's filler dictionary (an FSG may use it like any word). */
const SIL = '<sil>';

/**
 * The sentences as a minimal deterministic automaton over words (a trie, then
 * states with the same future merged, bottom-up by signature), in Sphinx FSG
 * format, with silence before and after, pauses between words, and garbage
 * instead of a command or after its first words. Decode it with
 * `-fsgusefiller no`: the silences are here.
 */
export function buildFsg(sentences: readonly (readonly string[])[], garbage: GarbageSpec = GARBAGE): string {
  const trie: State[] = [{ final: false, arcs: new Map() }];
  for (const words of sentences) {
    let n = 0;
    for (const w of words) {
      let child = trie[n]!.arcs.get(w);
      if (child === undefined) {
        child = trie.length;
        trie.push({ final: false, arcs: new Map() });
        trie[n]!.arcs.set(w, child);
      }
      n = child;
    }
    trie[n]!.final = true;
  }
  const merged: State[] = [];
  const bySignature = new Map<string, number>();
  const id = new Int32Array(trie.length).fill(-1);
  // Children before parents, iteratively (no recursion depth limit).
  const stack: { node: number; expanded: boolean }[] = [{ node: 0, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = trie[top.node]!;
    if (!top.expanded) {
      stack.push({ node: top.node, expanded: true });
      for (const child of node.arcs.values()) if (id[child] === -1) stack.push({ node: child, expanded: false });
      continue;
    }
    const arcs = [...node.arcs].map(([w, c]) => [w, id[c]!] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const signature = `${node.final ? 'F' : 'N'}|${arcs.map(([w, c]) => `${w}>${c}`).join(' ')}`;
    let m = bySignature.get(signature);
    if (m === undefined) {
      m = merged.length;
      merged.push({ final: node.final, arcs: new Map(arcs) });
      bySignature.set(signature, m);
    }
    id[top.node] = m;
  }
  const first = id[0]!;
  // Extra states: leading silence (start), into garbage, garbage (one phone or more), trailing silence, final.
  const start = merged.length;
  const into = start + 1;
  const loop = start + 2;
  const after = start + 3;
  const final = start + 4;
  const lines = ['FSG_BEGIN commands', `NUM_STATES ${final + 1}`, `START_STATE ${start}`, `FINAL_STATE ${final}`];
  const t = (from: number, to: number, p: number, word?: string) => lines.push(`TRANSITION ${from} ${to} ${prob(p)}${word ? ` ${word}` : ''}`);
  t(start, start, 1, SIL);
  if (sentences.length > 0) t(start, first, 1);
  t(start, into, sentences.length > 0 ? garbage.entry : 1);
  merged.forEach((s, from) => {
    if (s.final) t(from, after, 1);
    for (const [w, to] of s.arcs) t(from, to, 1, w);
    if (from !== first) {
      t(from, into, garbage.tail);
      if (!s.final) t(from, from, garbage.pause, SIL);
    }
  });
  for (const p of GARBAGE_PHONES) {
    t(into, loop, garbage.perPhone, `${GARBAGE_PREFIX}${p.toLowerCase()}`);
    t(loop, loop, garbage.perPhone, `${GARBAGE_PREFIX}${p.toLowerCase()}`);
  }
  t(loop, after, 1);
  t(after, after, 1, SIL);
  t(after, final, 1);
  lines.push('FSG_END', '');
  return lines.join('\n');
}

/** True when a hypothesis went through the garbage loop (heard, but not a command). */
export function isGarbage(words: readonly string[]): boolean {
  return words.some((w) => w.startsWith(GARBAGE_PREFIX));
}
