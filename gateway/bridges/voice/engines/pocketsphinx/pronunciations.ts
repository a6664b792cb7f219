// Hand pronunciations (CMU phone set, as the en-us acoustic model's) for the
// names cmudict lacks: romanised Korean place names (the districts, and the
// streets in the demo cameras' names). Each lists the Korean reading first,
// then how an English reader says the spelling — American, and British where
// its vowel differs ("dobong" with the LOT vowel as AO) — so all are
// recognised. Both kinds help: dropping the Korean readings cost accuracy on
// English voices too (docs/decisions/2026-11-29-voice-recognizer.md).
export const HAND_PRONUNCIATIONS: Readonly<Record<string, readonly string[]>> = {
  dobong: ['D OW B OW NG', 'D AA B AA NG', 'D AO B AO NG'],
  dongdaemun: ['D OW NG D EY M UH N', 'D AA NG D IY M AH N', 'D AO NG D IY M AH N'],
  dongjak: ['D OW NG JH AA K', 'D AA NG JH AE K', 'D AO NG JH AE K'],
  eulji: ['AH L JH IY', 'Y UW L JH IY'],
  eunpyeong: ['AH N P Y AH NG', 'Y UW N P Y OW NG'],
  gangbuk: ['G AA NG B UH K', 'G AE NG B AH K'],
  gangdong: ['G AA NG D OW NG', 'G AE NG D AA NG', 'G AE NG D AO NG'],
  gangnam: ['G AA NG N AA M', 'G AE NG N AA M'],
  gangseo: ['G AA NG S AH', 'G AE NG S IH OW', 'G AA NG S IH OW'],
  geumcheon: ['G UH M CH AH N', 'JH UW M CH AH N'],
  guro: ['G UW R OW', 'G Y UH R OW'],
  gwanak: ['G W AA N AA K', 'G W AE N AE K'],
  gwangjin: ['G W AA NG JH IH N', 'G W AE NG JH IH N'],
  jongno: ['JH OW NG N OW', 'JH AA NG N OW', 'JH AO NG N OW'],
  junggu: ['JH UH NG G UW', 'Y UH NG G UW', 'Y UW NG G UW', 'JH AH NG G UW'],
  jungnang: ['JH UH NG N AA NG', 'Y UH NG N AE NG', 'Y UH NG N AA NG'],
  mapo: ['M AA P OW'],
  nowon: ['N OW W AH N', 'N OW AH N'],
  seocho: ['S AH CH OW', 'S IH AA CH OW', 'S IH AO CH OW'],
  seodaemun: ['S AH D EY M UH N', 'S IH AA D IY M AH N', 'S IH AO D IY M AH N'],
  seongbuk: ['S AH NG B UH K', 'S IH AA NG B AH K', 'S IH AO NG B AH K'],
  seongdong: ['S AH NG D OW NG', 'S IH AA NG D AA NG', 'S IH AO NG D AO NG'],
  songpa: ['S OW NG P AA', 'S AO NG P AH'],
  yangcheon: ['Y AA NG CH AH N'],
  yeongdeungpo: ['Y AH NG D UH NG P OW', 'Y OW NG D Y UW NG P OW'],
  yeouido: ['Y AH UW IY D OW', 'Y IY UW IY D OW'],
  yongsan: ['Y OW NG S AA N', 'Y AA NG S AH N', 'Y AO NG S AH N'],
};

/** The hand table with a site's own words (`voice.pronunciations`) added: a site's entry for a word adds alternates after the table's. */
export function withSitePronunciations(site: Readonly<Record<string, readonly string[]>> = {}): Readonly<Record<string, readonly string[]>> {
  const out: Record<string, readonly string[]> = { ...HAND_PRONUNCIATIONS };
  for (const [word, prons] of Object.entries(site)) {
    const known = Object.hasOwn(out, word) ? out[word]! : [];
    out[word] = [...new Set([...known, ...prons])];
  }
  return out;
}
