import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hypText, parseHypseg } from './hypseg.js';
import { logistic, score, CENTER } from './confidence.js';

// Lines as pocketsphinx_batch 0.8 writes them (from real runs).
const COMMAND = 'u1 S 0 T -4335 A -4024 L -311 -1 0 0 (NULL) 0 -2035 0 next 46 -1703 0 page 93 0 0 (NULL) 94 -286 -311 <sil> 133';
const LOOP = 'u1 S 0 T -6229 A -3900 L -6264 0 -206 0 SIL 77 -266 -208 N 89 -28 -352 EH 97 -285 -362 K 112 429 -517 S 117 182 -547 P 122 -74 -327 EY 132 -181 -277 JH 133';
const GARBAGE = 'u2 S 0 T -9000 A -8000 L -1000 0 -300 -311 <sil> 20 -700 -100 gbg_aa 40 -900 -100 gbg_t 60';

describe('parseHypseg', () => {
  it('reads scores, segments and frames', () => {
    const h = parseHypseg(COMMAND)!;
    expect(h).toMatchObject({ id: 'u1', total: -4335, acoustic: -4024, language: -311, frames: 133 });
    expect(h.segments.map((s) => [s.word, s.start, s.end])).toEqual([['(NULL)', 0, 0], ['next', 0, 46], ['page', 46, 93], ['(NULL)', 93, 94], ['<sil>', 94, 133]]);
    expect(hypText(h)).toBe('next page');
    expect(hypText(parseHypseg('u3 S 0 T -1 A -1 L 0 0 -1 0 go 10 -1 0 to(3) 20')!)).toBe('go to');
  });

  it('reads the empty hypothesis, written without its id', () => {
    const h = parseHypseg(' S 0 T 0 A 0 L 0 0')!;
    expect(h).toMatchObject({ id: '', segments: [], frames: 0 });
    expect(hypText(h)).toBe('');
  });

  it('returns null for anything else, never throws', () => {
    for (const bad of ['', 'INFO: batch.c(729): Decoding', 'u1 S 0 T x A 0 L 0 0', 'u1 S 0 T 0 A 0 L 0 0 5 word', 'x'.repeat(70_000)]) expect(parseHypseg(bad)).toBeNull();
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => { parseHypseg(s); }), { numRuns: 3000 });
    const tokens = fc.constantFrom('S', 'T', 'A', 'L', '0', '-1', '-2147483648', '99999999999999', 'go', '(NULL)', '<sil>', '');
    fc.assert(fc.property(fc.array(tokens, { maxLength: 40 }), (ts) => {
      const h = parseHypseg(`u9 ${ts.join(' ')}`);
      if (h) for (const s of h.segments) expect(s.end).toBeGreaterThanOrEqual(s.start);
    }), { numRuns: 3000 });
  });
});

describe('confidence', () => {
  it('is the logistic of the acoustic margin over the phone loop per speech frame', () => {
    const s = score(parseHypseg(COMMAND)!, parseHypseg(LOOP)!);
    expect(s.text).toBe('next page');
    // speech frames: 133 − 39 (<sil>) − 1 (null) = 93; margin = (−4024 + 3900) / 93
    expect(s.scores.speechFrames).toBe(93);
    expect(s.scores.margin).toBeCloseTo(-124 / 93, 2);
    expect(s.confidence).toBe(logistic(-124 / 93));
    expect(logistic(CENTER)).toBe(0.5);
    expect(logistic(CENTER + 30)).toBeGreaterThan(0.99);
    expect(logistic(CENTER - 30)).toBeLessThan(0.01);
  });

  it('is 0 through the garbage loop, for an empty hypothesis, and without the phone loop', () => {
    expect(score(parseHypseg(GARBAGE)!, parseHypseg(LOOP)!)).toMatchObject({ text: '', confidence: 0 });
    expect(score(parseHypseg(' S 0 T 0 A 0 L 0 0')!, null)).toMatchObject({ text: '', confidence: 0 });
    expect(score(parseHypseg(COMMAND)!, null)).toMatchObject({ text: 'next page', confidence: 0 });
  });
});
