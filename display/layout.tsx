// The page shell: header (title, link banner, clock), <main> with the panels,
// and the touch nav bar at the bottom edge where hands reach. No inline script.
import type { RenderCtx } from './context.js';
import type { View } from './view.js';
import { TOP_PAGES, viewPath } from './view.js';
import type { PageModel } from './pages/index.js';
import { t } from './i18n.js';
import { clock } from './format.js';

export const HTMX_CONFIG = JSON.stringify({
  extensions: 'sse,scpm', includeIndicatorCSS: false, history: false, mode: 'same-origin',
  sse: { pauseOnBackground: false, reconnectDelay: 1000, reconnectMaxDelay: 15000 },
});

export function Banner(p: { ctx: RenderCtx; oob?: boolean }) {
  const { ctx } = p;
  const text = ctx.link.up ? '' : ctx.link.since ? t(ctx.lang, 'linkDownSince', { t: clock(ctx.link.since, ctx.timeZone) }) : t(ctx.lang, 'linkDownNever');
  return (
    <div id="banner" role="status" aria-live="polite" class={ctx.link.up ? 'up' : 'down'} hx-swap-oob={p.oob ? 'true' : undefined}
      data-since={ctx.link.since ? String(ctx.link.since) : undefined}>
      {ctx.link.up ? <span class="link-ok"><span aria-hidden="true">●</span> {t(ctx.lang, 'linkUp')}</span> : <span class="link-down"><span aria-hidden="true">⚠</span> {text}</span>}
    </div>
  );
}

export function Title(p: { ctx: RenderCtx; model: PageModel; oob?: boolean }) {
  return (
    <h1 id="title" hx-swap-oob={p.oob ? 'true' : undefined}>
      <span class="office">{p.ctx.officeName}{p.ctx.isPublic ? ` · ${t(p.ctx.lang, 'publicMirror')}` : ''}</span>
      <span class="page-name">{p.model.title}</span>
    </h1>
  );
}

export interface NavLinks { prev: string; next: string }

export function Nav(p: { ctx: RenderCtx; view: View; links: NavLinks; oob?: boolean }) {
  const { ctx, view } = p;
  const b = ctx.base;
  const top = view.page === 'district' ? null : view.page;
  return (
    <nav id="nav" aria-label="pages" hx-swap-oob={p.oob ? 'true' : undefined}>
      <a href={`${b}/`} class="btn home" data-action="home"><span aria-hidden="true">⌂</span> {t(ctx.lang, 'home')}</a>
      <a href={p.links.prev} class="btn" data-action="previous-page" aria-label={t(ctx.lang, 'previous')}>◀</a>
      {TOP_PAGES.map((pg) => (
        <a href={`${b}${viewPath({ page: pg, district: null, category: null, sub: 0, open: null, metric: null })}`} class={`btn tab${top === pg ? ' on' : ''}`}
          aria-current={top === pg ? 'page' : undefined} data-action="navigate" data-page={pg}>{t(ctx.lang, pg)}</a>
      ))}
      <a href={p.links.next} class="btn" data-action="next-page" aria-label={t(ctx.lang, 'next')}>▶</a>
      {ctx.isPublic ? null : <a href={`${b}/`} class="btn" data-action="back"><span aria-hidden="true">↩</span> {t(ctx.lang, 'back')}</a>}
    </nav>
  );
}

export function Main(p: { ctx: RenderCtx; view: View; model: PageModel; oob?: boolean }) {
  const path = viewPath(p.view);
  return (
    <main id="main" class={p.model.layout} data-path={`${p.ctx.base}${path}`} data-sub={String(p.view.sub)} data-sub-count={String(p.model.subCount)}
      hx-swap-oob={p.oob ? 'true' : undefined}>
      {p.model.panels.map((panel) => panel.render(false))}
    </main>
  );
}

export function Page(p: { ctx: RenderCtx; view: View; model: PageModel; links: NavLinks; buildId: string; eventsUrl: string; assetBase: string }) {
  const { ctx } = p;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <meta name="color-scheme" content="dark" />
        <title>{`${p.model.title} · ${ctx.officeName}`}</title>
        <link rel="stylesheet" href={`${p.assetBase}/assets/wall.css?v=${p.buildId}`} />
      </head>
      <body data-link={ctx.link.up ? 'up' : 'down'} data-build={p.buildId} data-screen={ctx.screen ?? undefined} data-public={ctx.isPublic ? 'true' : undefined}
        data-base={ctx.base} data-stale-label={t(ctx.lang, 'stale')} data-lang={ctx.lang} data-now={String(ctx.now)}>
        <div id="sse" hx-sse:connect={p.eventsUrl} hx-swap="none" />
        <header id="top">
          <Title ctx={ctx} model={p.model} />
          <Banner ctx={ctx} />
          <time id="clock" class="num" datetime={new Date(ctx.now).toISOString()} data-tz={ctx.timeZone}>{clock(ctx.now, ctx.timeZone)}</time>
        </header>
        <Main ctx={ctx} view={p.view} model={p.model} />
        <Nav ctx={ctx} view={p.view} links={p.links} />
        <script src={`${p.assetBase}/assets/htmx.min.js?v=4.0.1`} />
        <script src={`${p.assetBase}/assets/hx-sse.min.js?v=4.0.1`} />
        <script src={`${p.assetBase}/assets/wall.js?v=${p.buildId}`} />
      </body>
    </html>
  );
}
