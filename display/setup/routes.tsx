// The technician's setup page: /setup on loopback (Host-checked) or from a
// laptop paired with the API token; live over SSE like the wall; test actions
// behind a confirmation. Never on the public listener, never linked from it.
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { raw } from 'hono/html';
import type { Bus } from '../../gateway/bus.js';
import { identify, principalLabel, requireAccess, type AccessConfig } from '../../gateway/http/access.js';
import { crossSiteGuard } from '../../gateway/http/cross-site.js';
import { HTMX_CONFIG } from '../layout.js';
import { secureHeaders } from '../security.js';
import { SECTIONS, type SectionCtx } from './sections.js';
import type { SetupSource } from './source.js';
import { st, type SetupLang } from './text.js';

/** Setup pages open at once (a technician or two): a bound, not a crowd. */
const MAX_CLIENTS = 8;
/** The live sections are rendered this often while someone watches (counters move without events). */
const REFRESH_MS = 2000;

export interface SetupDeps { src: SetupSource; access: AccessConfig; bus: Bus; lang: SetupLang; buildId: string; now?: () => number }

function langOf(c: Context, fallback: SetupLang): SetupLang {
  const q = c.req.query('lang');
  return q === 'ko' || q === 'en' ? q : fallback;
}

function filters(c: Context): { logBridge: string | null; logLevel: number } {
  const b = c.req.query('bridge');
  const lv = Number(c.req.query('level'));
  return { logBridge: b && /^[a-z0-9-]{1,40}$/.test(b) ? b : null, logLevel: [0, 40, 50].includes(lv) ? lv : 0 };
}

interface Viewer { ctx: SectionCtx; last: Map<string, string>; send(html: string): Promise<void> }

export function createSetupRoutes(deps: SetupDeps): { app: Hono; close(): void } {
  const now = deps.now ?? Date.now;
  const app = new Hono();
  const access = requireAccess(deps.access, ['loopback', 'api']);
  const viewers = new Set<Viewer>();
  let timer: NodeJS.Timeout | null = null;

  const render = (ctx: SectionCtx) => SECTIONS.map((S) => String(S({ ...ctx, now: now() })));

  /** Sends each viewer the sections that changed since it last saw them. */
  const refresh = () => {
    for (const v of viewers) {
      const html = render(v.ctx);
      const changed = html.filter((h) => {
        const id = /^<section id="([^"]+)"/.exec(h)?.[1] ?? '';
        if (v.last.get(id) === h) return false;
        v.last.set(id, h);
        return true;
      });
      if (changed.length) void v.send(changed.map((h) => h.replace(/^<section /, '<section hx-swap-oob="true" ')).join('')).catch(() => undefined);
    }
  };
  const arm = () => {
    if (timer || viewers.size === 0) return;
    timer = setInterval(() => {
      if (viewers.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
        return;
      }
      refresh();
    }, REFRESH_MS);
    timer.unref();
  };
  // A bridge that restarts is shown at once, not at the next refresh.
  const offHealth = deps.bus.on('bridge:health', () => refresh());

  const unauthorized = (c: Context) => c.html(`<!doctype html><html lang="${deps.lang}"><head><meta charset="utf-8"><title>401</title><link rel="stylesheet" href="/assets/setup.css"></head><body class="setup"><main><h1>401</h1>`
    + '<p>The setup page is for this machine, or a laptop paired with the API token once: open <code>/pair?token=API-TOKEN</code> (auth.apiToken in the office configuration). There is no login page.</p></main></body></html>', 401);

  app.get('/setup', secureHeaders, (c) => {
    const who = identify(c, deps.access);
    if (who.kind !== 'loopback' && who.kind !== 'api') return unauthorized(c);
    const lang = langOf(c, deps.lang);
    const ctx: SectionCtx = { src: deps.src, lang, now: now(), ...filters(c) };
    const q = new URLSearchParams({ lang, ...(ctx.logBridge ? { bridge: ctx.logBridge } : {}), ...(ctx.logLevel ? { level: String(ctx.logLevel) } : {}) });
    const other: SetupLang = lang === 'en' ? 'ko' : 'en';
    const page = '<!doctype html>' + String(
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <meta name="color-scheme" content="dark" />
          <title>{st(lang, 'title')} · SCPM Edge</title>
          <link rel="stylesheet" href={`/assets/setup.css?v=${deps.buildId}`} />
        </head>
        <body class="setup" data-lang={lang}>
          <div id="sse" hx-sse:connect={`/setup/events?${q.toString()}`} hx-swap="none" />
          <header><h1>{st(lang, 'title')}</h1><a class="btn" href={`/setup?lang=${other}`} lang={other}>{st(lang, 'language')}</a><a class="btn" href="/">wall</a></header>
          <main>{render(ctx).map((h) => <>{raw(h)}</>)}</main>
          <script src="/assets/htmx.min.js?v=4.0.1" />
          <script src="/assets/hx-sse.min.js?v=4.0.1" />
          <script src={`/assets/setup.js?v=${deps.buildId}`} />
        </body>
      </html>,
    );
    return c.html(page, 200, { 'cache-control': 'no-store' });
  });

  app.get('/setup/events', secureHeaders, access, (c) => {
    if (viewers.size >= MAX_CLIENTS) return c.json({ error: `at most ${MAX_CLIENTS} setup pages at once` }, 503, { 'retry-after': '10' });
    const ctx: SectionCtx = { src: deps.src, lang: langOf(c, deps.lang), now: now(), ...filters(c) };
    return streamSSE(c, async (stream) => {
      const viewer: Viewer = { ctx, last: new Map(), send: (html) => stream.writeSSE({ data: html }) };
      // A (re)connected page catches up at once, as the wall does.
      const html = render(ctx);
      for (const h of html) viewer.last.set(/^<section id="([^"]+)"/.exec(h)?.[1] ?? '', h);
      await viewer.send(html.map((h) => h.replace(/^<section /, '<section hx-swap-oob="true" ')).join(''));
      viewers.add(viewer);
      arm();
      await new Promise<void>((resolve) => stream.onAbort(() => resolve()));
      viewers.delete(viewer);
    });
  });

  const guard = crossSiteGuard();
  const who = (c: Context) => principalLabel(identify(c, deps.access), 'setup').replace('loopback:setup', 'loopback');
  app.post('/setup/bridges/:name/restart', guard, access, async (c) => {
    const ok = await deps.src.restart(c.req.param('name'));
    return ok ? c.json({ restarted: c.req.param('name') }) : c.json({ error: 'no such bridge' }, 404);
  });
  app.post('/setup/test-order', guard, access, (c) => c.json(deps.src.testOrder(`setup:${who(c)}`), 202));
  app.post('/setup/power/:state{wake|sleep}', guard, access, async (c) => {
    if (!deps.src.power.available()) return c.json({ error: 'no display power backend' }, 409);
    await deps.src.power.set(c.req.param('state') === 'wake', `setup:${who(c)}`);
    return c.json({ ok: true });
  });

  return {
    app,
    close() {
      offHealth();
      if (timer) clearInterval(timer);
      timer = null;
      viewers.clear();
    },
  };
}

