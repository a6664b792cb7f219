// Pronunciations: cmudict (as shipped with the Debian en-us model) and the hand
// table, merged. Parsing is pure and keeps only the words asked for, so the
// 130 000-line dictionary never sits in memory whole.
import { createReadStream } from 'node:fs';
import { HAND_PRONUNCIATIONS } from './pronunciations.js';

/** The en-us acoustic model's phones. */
export const PHONES: ReadonlySet<string> = new Set(
  'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(' '),
);

/** word → its pronunciations (space-separated phones), cmudict's first, then the hand table's. */
export type Lexicon = ReadonlyMap<string, readonly string[]>;

export interface ParsedDictionary { lexicon: Map<string, string[]>; badLines: number }

const ENTRY = /^([^\s(]+)(?:\(\d+\))?\s+(.+)$/;

/** Parses a CMU-format dictionary ("word PH ONES", "word(2) PH ONES"), keeping only `want`; bad lines are counted and skipped. */
export function parseDictionary(text: string, want: ReadonlySet<string>): ParsedDictionary {
  const lexicon = new Map<string, string[]>();
  let badLines = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (!line || line.startsWith('#') || line.startsWith(';;;')) continue;
    const m = ENTRY.exec(line);
    if (!m) { badLines++; continue; }
    const word = m[1]!.toLowerCase();
    if (!want.has(word)) continue;
    const phones = m[2]!.replace(/#.*$/, '').trim().split(/\s+/);
    if (phones.length === 0 || !phones.every((p) => PHONES.has(p))) { badLines++; continue; }
    const list = lexicon.get(word) ?? [];
    const pron = phones.join(' ');
    if (!list.includes(pron)) list.push(pron);
    lexicon.set(word, list);
  }
  return { lexicon, badLines };
}

/** The dictionary's entries for `words`, with the hand pronunciations added (a hand entry for a cmudict word adds an alternate). */
export function lexiconFor(words: Iterable<string>, cmudictText: string, hand: Readonly<Record<string, readonly string[]>> = HAND_PRONUNCIATIONS): Map<string, string[]> {
  const want = new Set(words);
  return withHand(parseDictionary(cmudictText, want).lexicon, want, hand);
}

/**
 * `lexiconFor` over a dictionary file read in 64 KiB pieces: the 3.5 MB file
 * is never one string (as one, it grew the gateway's heap by ~9 MiB for good).
 */
export async function readLexicon(path: string, words: Iterable<string>, hand: Readonly<Record<string, readonly string[]>> = HAND_PRONUNCIATIONS): Promise<Map<string, string[]>> {
  const want = new Set(words);
  const lexicon = new Map<string, string[]>();
  const merge = (text: string) => {
    for (const [w, prons] of parseDictionary(text, want).lexicon) {
      const list = lexicon.get(w) ?? [];
      for (const p of prons) if (!list.includes(p)) list.push(p);
      lexicon.set(w, list);
    }
  };
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const text = carry + (chunk as string);
    const cut = text.lastIndexOf('\n');
    if (cut < 0) { carry = text; continue; }
    merge(text.slice(0, cut));
    carry = text.slice(cut + 1);
  }
  if (carry) merge(carry);
  return withHand(lexicon, want, hand);
}

function withHand(lexicon: Map<string, string[]>, want: ReadonlySet<string>, hand: Readonly<Record<string, readonly string[]>>): Map<string, string[]> {
  for (const w of want) {
    const extra = Object.hasOwn(hand, w) ? hand[w]! : [];
    if (extra.length === 0) continue;
    const list = lexicon.get(w) ?? [];
    for (const p of extra) if (!list.includes(p) && p.split(' ').every((ph) => PHONES.has(ph))) list.push(p);
    lexicon.set(w, list);
  }
  return lexicon;
}
