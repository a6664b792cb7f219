// How names are said in English: plain lower-case words, districts without
// their "-gu" (unless that leaves one syllable).
import type { SpokenName } from './names.js';

/** Lower-case words only: "Youth employment rate (15–29)" → "youth employment rate"; null when digits or symbols remain. */
export function speakable(text: string): string | null {
  const s = text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&/g, ' and ')
    // Dashes (U+2010..U+2015), the middle dot, punctuation; the typographic apostrophe (U+2019).
    .replace(/[\u2010-\u2015\-/\u00b7,.:;!?]/g, ' ')
    .replace(/\u2019/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return /^[a-z]+(?:'[a-z]+)?(?: [a-z]+(?:'[a-z]+)?)*$/.test(s) ? s : null;
}

/** The spoken forms of a name: its `spoken` list, else its English name made speakable. */
export function spokenForms(name: SpokenName, fallback: (en: string) => string = (en) => en): string[] {
  const raw = name.spoken && name.spoken.length > 0 ? name.spoken : [fallback(name.en)];
  return raw.map(speakable).filter((s): s is string => s !== null);
}

/**
 * How a district is said: its romanised name without "-gu" ("Gangnam-gu" →
 * "gangnam"), except a one-syllable name, which keeps it ("Jung-gu" → "junggu"):
 * alone it is a common word, nobody says it so, and it was heard as other names.
 */
export function districtEn(en: string): string {
  const bare = en.replace(/-gu$/i, '');
  const syllables = bare.toLowerCase().match(/[aeiouy]+/g)?.length ?? 0;
  return syllables <= 1 && bare !== en ? `${bare}gu` : bare;
}
export const districtKo = (ko: string): string => ko;
