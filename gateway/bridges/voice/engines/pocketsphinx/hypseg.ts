// pocketsphinx_batch's `-hypseg` lines: one per utterance,
//   [uttid] S <scale> T <total> A <acoustic> L <language> (<start> <acoustic> <language> <word>)* <end>
// scores in the decoder's log units. A pure parser of child output: anything
// else is null, never a throw.

export interface Segment {
  readonly word: string;
  /** First frame (10 ms each) and the frame after the last. */
  readonly start: number;
  readonly end: number;
  readonly acoustic: number;
  readonly language: number;
}

export interface Hypseg {
  readonly id: string;
  readonly total: number;
  readonly acoustic: number;
  readonly language: number;
  readonly segments: readonly Segment[];
  /** Frames decoded. */
  readonly frames: number;
}

const MAX_LINE = 64 * 1024;
const INT = /^-?\d{1,12}$/;

/** Fillers and markers: silence, noise words, the FSG's null transitions. */
export function isFiller(word: string): boolean {
  return /^(<.*>|\[.*\]|\(NULL\))$/.test(word);
}

/** The word without its alternate-pronunciation marker: "to(2)" → "to". */
export function baseWord(word: string): string {
  return word.replace(/\(\d+\)$/, '');
}

export function parseHypseg(line: string): Hypseg | null {
  if (line.length > MAX_LINE) return null;
  const t = line.trim().split(/\s+/);
  // An utterance with no hypothesis is written without its id: " S 0 T 0 A 0 L 0 0".
  const at = t[0] === 'S' ? 0 : 1;
  const id = at === 1 ? t[0]! : '';
  if (t[at] !== 'S' || t[at + 2] !== 'T' || t[at + 4] !== 'A' || t[at + 6] !== 'L') return null;
  const nums = [t[at + 1], t[at + 3], t[at + 5], t[at + 7]];
  if (!nums.every((n) => n !== undefined && INT.test(n))) return null;
  const rest = t.slice(at + 8);
  if (rest.length % 4 !== 1) return null;
  const raw: { word: string; start: number; acoustic: number; language: number }[] = [];
  for (let i = 0; i + 4 <= rest.length; i += 4) {
    const [sf, a, l, word] = [rest[i]!, rest[i + 1]!, rest[i + 2]!, rest[i + 3]!];
    if (!INT.test(sf) || !INT.test(a) || !INT.test(l) || word.length > 128) return null;
    // A leading null transition starts at frame -1.
    raw.push({ word, start: Math.max(0, Number(sf)), acoustic: Number(a), language: Number(l) });
  }
  const last = rest[rest.length - 1]!;
  if (!INT.test(last)) return null;
  const frames = Number(last);
  const segments: Segment[] = raw.map((s, i) => ({ ...s, end: i + 1 < raw.length ? raw[i + 1]!.start : frames }));
  if (segments.some((s) => s.start < -1 || s.end < s.start)) return null;
  return { id, total: Number(nums[1]), acoustic: Number(nums[2]), language: Number(nums[3]), segments, frames };
}

/** The words heard, fillers removed, alternates folded. */
export function hypText(h: Hypseg): string {
  return h.segments.map((s) => s.word).filter((w) => !isFiller(w)).map(baseWord).join(' ');
}
