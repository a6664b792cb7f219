// Small shared view pieces: live figures, ages, panels, district names.
import type { Child } from 'hono/jsx';
import type { RenderCtx } from './context.js';
import { isStale } from './freshness.js';
import { age, clock, dateShort } from './format.js';
import { districtName } from './map/geo.js';
import { t } from './i18n.js';

/**
 * A live figure (DOM contract): data-key, data-ts (source ts as received),
 * data-stale-at (ms; the client marks it stale after that) and data-stale.
 */
export function Fig(p: { ctx: RenderCtx; k: string; ts: string; staleAt: number | null; class?: string; children?: Child; tag?: 'span' | 'div' | 'li' | 'tr' | 'g' | 'a'; href?: string; 'data-action'?: string; 'data-item'?: string }) {
  const stale = isStale(p.staleAt, p.ctx.now, p.ctx.link.up);
  const Tag = p.tag ?? 'span';
  return (
    <Tag class={p.class} href={p.href} data-action={p['data-action']} data-item={p['data-item']} data-key={p.k} data-ts={p.ts}
      data-stale-at={p.staleAt === null ? undefined : String(p.staleAt)} data-stale={stale ? 'true' : undefined}>
      {p.children}
    </Tag>
  );
}

/** "3 min ago" that the client keeps ticking. */
export function Age(p: { ctx: RenderCtx; ms: number | null; class?: string }) {
  if (p.ms === null) return <span class="age">—</span>;
  return <time class={`age ${p.class ?? ''}`} datetime={new Date(p.ms).toISOString()} data-age="rel">{age(p.ctx.lang, p.ms, p.ctx.now)}</time>;
}

/** "as of 09:41 · 3 min ago"; from another day, with its date ("as of Oct 1 09:41"): a bare time reads as today's. */
export function AsOf(p: { ctx: RenderCtx; ms: number | null }) {
  if (p.ms === null) return <span class="asof">{t(p.ctx.lang, 'noData')}</span>;
  const { lang, timeZone, now } = p.ctx;
  const day = dateShort(lang, p.ms, timeZone);
  const when = day === dateShort(lang, now, timeZone) && Math.abs(now - p.ms) < 86_400_000 ? clock(p.ms, timeZone) : `${day} ${clock(p.ms, timeZone)}`;
  return (
    <span class="asof">
      {t(lang, 'asOf', { t: when })} · <Age ctx={p.ctx} ms={p.ms} />
    </span>
  );
}

/**
 * A panel. Its live redraw (`oob`) is morphed into the one on the wall: only the nodes that differ change, so the wall
 * neither parses nor lays out and paints the whole panel again (a map redraw: ~4 against ~9 ms of the page's main
 * thread, docs/decisions/2026-11-29-live-path.md, point 16).
 */
export function Panel(p: { id: string; title: string; oob?: boolean; class?: string; children?: Child; asOf?: Child; extra?: Child }) {
  return (
    <section id={p.id} class={`panel ${p.class ?? ''}`} hx-swap-oob={p.oob ? 'outerMorph' : undefined} aria-labelledby={`${p.id}-h`}>
      <header class="panel-h">
        <h2 id={`${p.id}-h`}>{p.title}</h2>
        {p.extra}
        {p.asOf}
      </header>
      <div class="panel-b">{p.children}</div>
    </section>
  );
}

/** District name in the page's language; in English with the Korean name beside it. */
export function DistrictLabel(p: { ctx: RenderCtx; code: string | null | undefined; short?: boolean }) {
  if (!p.code) return <span>—</span>;
  if (p.code === 'city') return <span>{t(p.ctx.lang, 'city')}</span>;
  const d = districtName(p.code);
  if (!d) return <span>{p.code}</span>;
  if (p.ctx.lang === 'ko') return <span>{d.nameKo}</span>;
  const en = p.short ? d.nameEn.replace(/-gu$/, '') : d.nameEn;
  return <span>{en} <span class="ko" lang="ko">{d.nameKo}</span></span>;
}

export function districtText(ctx: RenderCtx, code: string): string {
  const d = districtName(code);
  if (!d) return code === 'city' ? t(ctx.lang, 'city') : code;
  return ctx.lang === 'ko' ? d.nameKo : d.nameEn;
}

/** Status words always travel with their colour (colour never alone). */
export function Badge(p: { tone: 'good' | 'warn' | 'bad' | 'info' | 'muted'; children?: Child; icon?: string }) {
  const icon = p.icon ?? { good: '✓', warn: '!', bad: '✕', info: '●', muted: '–' }[p.tone];
  return <span class={`badge ${p.tone}`}><span aria-hidden="true">{icon}</span> {p.children}</span>;
}

/** A link that the client turns into a screen action (navigate/open); plain href without JS. */
export function NavLink(p: { href: string; action?: string; attrs?: Record<string, string>; class?: string; children?: Child; label?: string }) {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.attrs ?? {})) data[`data-${k}`] = v;
  return <a href={p.href} class={p.class} data-action={p.action} aria-label={p.label} {...data}>{p.children}</a>;
}

export function Pager(p: { ctx: RenderCtx; sub: number; count: number }) {
  if (p.count <= 1) return null;
  return <span class="pager" aria-label={t(p.ctx.lang, 'page')}>{p.sub + 1} / {p.count}</span>;
}
