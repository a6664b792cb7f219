// The public mirror in every language: the office's at the mirror's root
// (/public, or / on the public listener), and each language under root/{lang}
// too, so that a citizen's link in either language keeps working.
import { LANGS, type Lang } from './i18n.js';

/** The mirror's root of a page base: '/public/ko' → '/public', '/en' → '', '/public' → '/public'. */
export function mirrorRoot(base: string): string {
  for (const lang of LANGS) if (base.endsWith(`/${lang}`)) return base.slice(0, -lang.length - 1);
  return base;
}

/** Where each language's pages are, from any of the mirror's bases: the root for the office's, root/{lang} for the others. */
export function mirrorBases(base: string, officeLang: Lang): Record<Lang, string> {
  const root = mirrorRoot(base);
  const out = {} as Record<Lang, string>;
  for (const lang of LANGS) out[lang] = lang === officeLang ? root : `${root}/${lang}`;
  return out;
}
