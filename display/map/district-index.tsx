// The districts as touch buttons beside a map: the map's shapes touch each other and the
// smallest are under 48 px, so each district also gets a named button ≥ 48 px, 8 px from the
// next (wall-display-ux.md), doing what tapping its shape does (docs/decisions/2026-11-30-wall-legibility.md).
import type { RenderCtx } from '../context.js';
import { districtMap } from './geo.js';
import { t } from '../i18n.js';

/** The name a button shows: English without "-gu" (the Korean name is on the map's page), Korean as written. */
export function shortDistrictName(lang: 'en' | 'ko', s: { nameEn: string; nameKo: string }): string {
  return lang === 'ko' ? s.nameKo : s.nameEn.replace(/-gu$/, '');
}

/** The districts in a language's order: built once per language (the map is fixed). */
const ordered = new Map<'en' | 'ko', { code: string; name: string }[]>();

function districtsIn(lang: 'en' | 'ko'): { code: string; name: string }[] {
  let list = ordered.get(lang);
  if (!list) {
    // Code-unit order is reading order for these names (ASCII English; Hangul syllables are in 가나다 order).
    // localeCompare would make ICU's collator resident (~2 MiB, docs/decisions/2026-11-23-memory.md).
    list = districtMap().shapes.map((s) => ({ code: s.code, name: shortDistrictName(lang, s) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    ordered.set(lang, list);
  }
  return list;
}

/**
 * Every drawn district, in the reading language's order, each a button to its page (the public mirror's: plain links).
 * In a panel's live redraw (`kept`) only an empty element with its id goes out: the buttons depend on the view alone
 * (language, selected district), which a redraw never changes, so the wall keeps the ones it has (hx-preserve) and
 * the redraw carries and lays out 25 buttons fewer.
 */
export function DistrictIndex(p: { ctx: RenderCtx; id: string; linkBase: string; selected?: string | null; kept?: boolean }) {
  const lang = p.ctx.lang;
  if (p.kept) return <nav id={p.id} class="dindex" hx-preserve="true" />;
  return (
    <nav id={p.id} class="dindex" aria-label={t(lang, 'tapDistrict')}>
      {districtsIn(lang).map((d) => (
        <a href={`${p.linkBase}/district/${d.code}`} class={`btn dbtn${d.code === p.selected ? ' on' : ''}`} aria-current={d.code === p.selected ? 'page' : undefined}
          data-action="select-district" data-district={d.code}>{d.name}</a>
      ))}
    </nav>
  );
}
