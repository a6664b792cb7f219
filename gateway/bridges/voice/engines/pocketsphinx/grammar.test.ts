import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demoCatalogInput } from '../../../../../scripts/voice/demo-catalog.js';
import { buildCatalogue } from '../../catalogue.js';
import { grammarOf, type Grammar } from '../types.js';
import { buildFsg, compileGrammar, GARBAGE_PREFIX, grammarWords, isGarbage } from './grammar.js';
import { lexiconFor, parseDictionary, PHONES } from './lexicon.js';
import { HAND_PRONUNCIATIONS } from './pronunciations.js';

const CMUDICT = readFileSync('/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict', 'utf8');

interface Fsg { start: number; final: number; states: number; arcs: Map<number, { to: number; word: string | null; p: number }[]> }

/** Reads Sphinx FSG text (what pocketsphinx reads). */
function readFsg(text: string): Fsg {
  const lines = text.trim().split('\n');
  expect(lines[0]).toMatch(/^FSG_BEGIN /);
  expect(lines[lines.length - 1]).toBe('FSG_END');
  const num = (key: string) => Number(lines.find((l) => l.startsWith(key))!.split(' ')[1]);
  const fsg: Fsg = { start: num('START_STATE'), final: num('FINAL_STATE'), states: num('NUM_STATES'), arcs: new Map() };
  for (const l of lines.filter((x) => x.startsWith('TRANSITION '))) {
    const [, from, to, p, word] = l.split(' ');
    const list = fsg.arcs.get(Number(from)) ?? [];
    list.push({ to: Number(to), word: word ?? null, p: Number(p) });
    fsg.arcs.set(Number(from), list);
    expect(Number(from)).toBeLessThan(fsg.states);
    expect(Number(to)).toBeLessThan(fsg.states);
    expect(Number(p)).toBeGreaterThan(0);
    expect(Number(p)).toBeLessThanOrEqual(1);
  }
  return fsg;
}

/** States reachable from `from` by null transitions (and itself). */
function closure(fsg: Fsg, from: Set<number>): Set<number> {
  const out = new Set(from);
  const stack = [...from];
  while (stack.length) for (const a of fsg.arcs.get(stack.pop()!) ?? []) if (a.word === null && !out.has(a.to)) { out.add(a.to); stack.push(a.to); }
  return out;
}

function accepts(fsg: Fsg, words: readonly string[]): boolean {
  let cur = closure(fsg, new Set([fsg.start]));
  for (const w of words) {
    const next = new Set<number>();
    for (const s of cur) for (const a of fsg.arcs.get(s) ?? []) if (a.word === w) next.add(a.to);
    cur = closure(fsg, next);
    if (cur.size === 0) return false;
  }
  return cur.has(fsg.final);
}

describe('the pocketsphinx grammar', () => {
  const catalogue = buildCatalogue(demoCatalogInput());
  const grammar = grammarOf(catalogue.commands, 'en');
  const compiled = compileGrammar(grammar, lexiconFor(grammarWords(grammar), CMUDICT));
  const fsg = readFsg(compiled.fsg);

  it('accepts exactly the catalogue sentences (and garbage), as a small automaton', () => {
    for (const s of grammar.sentences) expect(accepts(fsg, s.split(' ')), s).toBe(true);
    const words = [...grammarWords(grammar)];
    const sentences = new Set(grammar.sentences);
    fc.assert(fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 7 }), (ws) => {
      expect(accepts(fsg, ws)).toBe(sentences.has(ws.join(' ')));
    }), { numRuns: 2000 });
    for (const s of grammar.sentences.slice(0, 50)) {
      const ws = s.split(' ');
      if (ws.length > 1 && !sentences.has(ws.slice(0, -1).join(' '))) expect(accepts(fsg, ws.slice(0, -1))).toBe(false);
      expect(accepts(fsg, [...ws, 'please'])).toBe(false);
    }
    expect(accepts(fsg, [`${GARBAGE_PREFIX}aa`, `${GARBAGE_PREFIX}t`])).toBe(true);
    expect(accepts(fsg, ['show', 'housing', 'in', `${GARBAGE_PREFIX}d`, `${GARBAGE_PREFIX}ey`])).toBe(true);
    expect(accepts(fsg, ['<sil>', 'next', '<sil>', 'page', '<sil>', '<sil>'])).toBe(true);
    expect(accepts(fsg, ['<sil>', '<sil>'])).toBe(false);
    // Shared prefixes and suffixes: far fewer states than words in the sentences.
    const wordCount = grammar.sentences.reduce((n, s) => n + s.split(' ').length, 0);
    expect(fsg.states).toBeLessThan(wordCount / 10);
  });

  it('has a dictionary of just its words, every alternate kept, and the garbage phones', () => {
    const dict = parseDictionary(compiled.dict, new Set([...grammarWords(grammar), ...[...PHONES].map((p) => `${GARBAGE_PREFIX}${p.toLowerCase()}`)]));
    expect(dict.badLines).toBe(0);
    expect(new Set(dict.lexicon.keys())).toEqual(new Set([...grammarWords(grammar), ...[...PHONES].map((p) => `${GARBAGE_PREFIX}${p.toLowerCase()}`)]));
    expect(dict.lexicon.get('gangnam')).toEqual(HAND_PRONUNCIATIONS.gangnam);
    expect(dict.lexicon.get('the')!.length).toBeGreaterThan(1);
    expect(compiled.dict).toMatch(/^the\(2\) /m);
  });

  it('changes (hash and files) when the catalogue does, and only then', () => {
    const again = compileGrammar(grammarOf(buildCatalogue(demoCatalogInput()).commands, 'en'), lexiconFor(grammarWords(grammar), CMUDICT));
    expect(again.hash).toBe(compiled.hash);
    const fewer = buildCatalogue(demoCatalogInput({ cameras: [] }));
    const g2 = grammarOf(fewer.commands, 'en');
    expect(g2.hash).not.toBe(grammar.hash);
    expect(compileGrammar(g2, lexiconFor(grammarWords(g2), CMUDICT)).hash).not.toBe(compiled.hash);
  });

  it('leaves out (and reports) a sentence with an unpronounceable word', () => {
    const g: Grammar = { lang: 'en', sentences: ['show gangnam', 'show xqzzy', 'go to mars2'], hash: 'x' };
    const c = compileGrammar(g, lexiconFor(grammarWords(g), CMUDICT));
    expect(c.sentences).toEqual(['show gangnam']);
    expect(c.missing).toEqual([{ sentence: 'show xqzzy', words: ['xqzzy'] }, { sentence: 'go to mars2', words: ['mars2'] }]);
  });

  it('still makes a valid automaton with no sentences (garbage only)', () => {
    const f = readFsg(buildFsg([]));
    expect(accepts(f, [`${GARBAGE_PREFIX}s`])).toBe(true);
    expect(isGarbage(['show', `${GARBAGE_PREFIX}s`])).toBe(true);
    expect(isGarbage(['show', 'gangnam'])).toBe(false);
  });
});

describe('parseDictionary', () => {
  it('keeps wanted words with alternates, skips malformed lines, never throws', () => {
    const d = parseDictionary('the DH AH\nthe(2) DH IY\nbad line with ZZ phone\nshow SH OW\n\n# comment\nx\n', new Set(['the', 'show', 'bad']));
    expect(d.lexicon.get('the')).toEqual(['DH AH', 'DH IY']);
    expect(d.lexicon.get('show')).toEqual(['SH OW']);
    expect(d.lexicon.has('bad')).toBe(false);
    expect(d.badLines).toBe(2);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { parseDictionary(s, new Set(['a'])); }), { numRuns: 500 });
  });
});
