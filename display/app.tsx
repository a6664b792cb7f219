// The wall display: server-rendered pages of the city's state, live over SSE,
// screen state and actions, pairing, and the public mirror.
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { getCookie, setCookie } from 'hono/cookie';
import { gzipSync } from 'node:zlib';
import type { Config } from '../gateway/config/load.js';
import type { Store } from '../gateway/store/store.js';
import type { Bus } from '../gateway/bus.js';
import type { Metrics } from '../gateway/metrics.js';
import type { Logger } from '../gateway/logger.js';
import type { ChangeNotice } from '../gateway/store/types.js';
import { DEVICE_COOKIE, identify, requireAccess, tokenEquals, type AccessConfig, type Principal } from '../gateway/http/access.js';
import { makeCtx, type RenderCtx } from './context.js';
import { parseView, viewPath, type View } from './view.js';
import { pageModel } from './pages/index.js';
import { Banner, Main, Nav, Page, Title } from './layout.js';
import { secureHeaders } from './security.js';
import { serveAsset } from './assets.js';
import { Hub, RESYNC, type HubClient, type SseMessage } from './sse/hub.js';
import { actionSchema, ActionError, ringNext, Screens, type Navigator, type Source } from './screens.js';
import { categories, indicatorDefs } from './data.js';
import { districtName } from './map/geo.js';
import { t } from './i18n.js';

export interface DisplayDeps {
  config: Config;
  store: Store; bus: Bus; metrics: Metrics; logger: Logger;
  access: AccessConfig;
  link(): { up: boolean; since: number | null };
  buildId: string;
  now?: () => number;
}

interface ClientState { screen: string | null; isPublic: boolean; base: string; view: View }

const SCREEN_COOKIE = 'scpm_screen';
const SCREEN_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const PAGE_ROUTES = ['/', '/urban', '/opinion', '/admin', '/admin/:category', '/pledges', '/district/:code', '/district/:code/:category'];
const PING_MS = 15_000;

export function createDisplay(deps: DisplayDeps): { app: Hono; publicApp: Hono; close(): void } {
  const { config, store, bus, metrics, logger, access } = deps;
  const now = deps.now ?? Date.now;
  const screens = new Screens(store, bus, now);

  const ctxFor = (isPublic: boolean, base: string, screen: string | null): RenderCtx =>
    makeCtx({ store, config, now: now(), link: deps.link(), isPublic, base, screen });

  /** `during`: the render this navigation belongs to, whose store reads it shares. */
  const navigator = (during?: RenderCtx): Navigator => {
    const officeCtx = () => {
      const ctx = ctxFor(false, '', null);
      return during ? { ...ctx, memo: during.memo } : ctx;
    };
    return {
      subCount: (v) => pageModel(officeCtx(), v).subCount,
      categories: () => categories(indicatorDefs(officeCtx())),
      itemExists: (item) => {
        const [kind, ...rest] = item.split(':');
        const id = rest.join(':');
        if (kind === 'indicator') return store.indicatorDefs().some((d) => d.id === id);
        return store.getEntity(kind as 'incident' | 'complaint' | 'poll' | 'pledge', id) !== null;
      },
    };
  };

  const navLinks = (ctx: RenderCtx, v: View) => {
    const nav = navigator(ctx);
    return { prev: `${ctx.base}${viewPath(ringNext(v, nav, -1))}`, next: `${ctx.base}${viewPath(ringNext(v, nav, 1))}` };
  };

  // ---- live pushes ----
  const render = (client: HubClient<ClientState>, dirty: Set<string>, resync: boolean): SseMessage[] => {
    const s = client.state;
    const ctx = ctxFor(s.isPublic, s.base, s.screen);
    const model = pageModel(ctx, s.view);
    if (resync || dirty.has(RESYNC)) {
      const html = [
        String(<Main ctx={ctx} view={s.view} model={model} oob />),
        String(<Nav ctx={ctx} view={s.view} links={navLinks(ctx, s.view)} oob />),
        String(<Title ctx={ctx} model={model} oob />),
        String(<Banner ctx={ctx} oob />),
      ].join('');
      return [
        { event: 'scpm:state', data: JSON.stringify({ path: `${s.base}${viewPath(s.view)}`, link: ctx.link, build: deps.buildId, now: ctx.now }) },
        { data: html },
      ];
    }
    const html = model.panels.filter((p) => dirty.has(p.id)).map((p) => String(p.render(true))).join('');
    return html ? [{ data: html }] : [];
  };
  const hub = new Hub<ClientState>({ windowMs: config.display.pushWindowMs, maxQueue: 8, metrics, render });

  const offCity = bus.on('city:changed', (notices: ChangeNotice[]) => {
    if (hub.size === 0) return;
    const ctxs = new Map<string, RenderCtx>();
    for (const c of hub.all()) {
      const s = c.state;
      const key = `${s.isPublic}|${s.base}`;
      let ctx = ctxs.get(key);
      if (!ctx) { ctx = ctxFor(s.isPublic, s.base, s.screen); ctxs.set(key, ctx); }
      const model = pageModel(ctx, s.view);
      const ids = model.panels.filter((p) => notices.some((n) => p.deps(n))).map((p) => p.id);
      hub.mark(c, ids);
    }
  });
  const offLink = bus.on('link', () => {
    for (const c of hub.all()) hub.mark(c, [RESYNC]);
  });
  const offScreen = bus.on('screen:changed', (ch) => {
    const rec = screens.get(ch.screen);
    for (const c of hub.all()) {
      if (c.state.screen !== ch.screen) continue;
      c.state.view = rec.view;
      hub.mark(c, [RESYNC]);
    }
  });

  const events = (isPublic: boolean, base: string) => (c: Context) => {
    const screen = isPublic ? null : screenFor(c);
    const view = isPublic ? parseView(String(c.req.query('path') ?? '/').replace(/^\/public(?=\/|$)/, '') || '/', c.req.query()) ?? parseView('/')! : screens.get(screen!).view;
    return streamSSE(c, async (stream) => {
      const client = hub.add({ screen, isPublic, base, view }, { write: (m) => stream.writeSSE(m) });
      let ping: ReturnType<typeof setInterval> | null = null;
      const done = new Promise<void>((resolve) => {
        stream.onAbort(() => resolve());
      });
      try {
        await stream.writeSSE({ event: 'scpm:hello', data: JSON.stringify({ build: deps.buildId, screen }) });
        hub.mark(client, [RESYNC]); // a (re)connected page catches up by itself
        ping = setInterval(() => { void stream.write(': ping\n\n').catch(() => undefined); }, PING_MS);
        ping.unref?.();
        await done;
      } finally {
        if (ping) clearInterval(ping);
        hub.remove(client);
      }
    });
  };

  // ---- who is asking, which screen ----
  function screenFor(c: Context): string {
    const who = identify(c, access);
    const q = c.req.query('screen');
    if (q && SCREEN_ID.test(q)) return q;
    const cookie = getCookie(c, SCREEN_COOKIE);
    if (cookie && SCREEN_ID.test(cookie)) return cookie;
    return who.kind === 'device' ? who.id : 'wall';
  }

  const html = (c: Context, body: string, status = 200) => {
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', vary: 'accept-encoding' };
    if (!gzip) return new Response(body, { status, headers });
    headers['content-encoding'] = 'gzip';
    return new Response(new Uint8Array(gzipSync(body)), { status, headers });
  };

  const unauthorized = (c: Context) => {
    const lang = config.office.language;
    return html(c, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>401</title><link rel="stylesheet" href="/assets/wall.css"></head>` +
      `<body class="plain"><main class="plain"><h1>${t(lang, 'unauthorized')}</h1>` +
      '<p>Pair this device once: open <code>/pair?token=YOUR-DEVICE-TOKEN</code> (the token is in the office configuration, auth.deviceTokens), ' +
      'or use the kiosk on this machine. There is no login page.</p><p><a href="/public">Public view</a></p></main></body></html>', 401);
  };

  const renderPage = (c: Context, ctx: RenderCtx, view: View, eventsUrl: string, assetBase: string) => {
    const model = pageModel(ctx, view);
    return html(c, '<!doctype html>' + String(<Page ctx={ctx} view={view} model={model} links={navLinks(ctx, view)} buildId={deps.buildId} eventsUrl={eventsUrl} assetBase={assetBase} />));
  };

  const viewFromRequest = (c: Context, prefix: string): View | null => {
    const path = c.req.path.slice(prefix.length) || '/';
    const v = parseView(path, c.req.query());
    if (v?.district && !districtName(v.district)) return null;
    return v;
  };

  // ---- the office app ----
  const app = new Hono();
  const secured = secureHeaders;
  const apiAccess = requireAccess(access, ['loopback', 'device', 'api']);

  app.get('/assets/:file', secured, serveAsset);
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/pair', secured, (c) => {
    const token = c.req.query('token') ?? '';
    const device = access.deviceTokens.find((d) => tokenEquals(token, d.token));
    if (!device) {
      logger.warn({ ip: 'redacted' }, 'display: pairing refused (unknown token)');
      return unauthorized(c);
    }
    setCookie(c, DEVICE_COOKIE, device.token, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 400 * 86_400 }); // browsers cap cookies at 400 days
    logger.info({ device: device.id }, 'display: device paired');
    return c.redirect('/', 303);
  });

  app.get('/events', secured, apiAccess, events(false, ''));

  app.post('/api/v1/actions', secured, apiAccess, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'invalid request', problems: ['(body): expected a JSON object'] }, 400);
    }
    const parsed = actionSchema.safeParse(body);
    if (!parsed.success) {
      return c.json({ error: 'invalid request', problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) }, 400);
    }
    const who = c.get('principal' as never) as Principal;
    const source: Source = parsed.data.source ?? (who.kind === 'api' ? 'api' : 'touch');
    try {
      const rec = screens.act(parsed.data, source, navigator());
      return c.json({ screen: parsed.data.screen, state: { ...rec.view, path: viewPath(rec.view), source: rec.source, updatedAt: rec.updatedAt, history: rec.history.length } });
    } catch (err) {
      if (err instanceof ActionError) return c.json({ error: err.message }, err.status);
      throw err;
    }
  });

  app.get('/api/v1/screens/:id', secured, apiAccess, (c) => {
    const id = c.req.param('id');
    if (!SCREEN_ID.test(id)) return c.json({ error: 'invalid screen id' }, 400);
    const rec = screens.get(id);
    return c.json({ screen: id, state: { ...rec.view, path: viewPath(rec.view), source: rec.source, updatedAt: rec.updatedAt, history: rec.history.length } });
  });

  for (const route of PAGE_ROUTES) {
    app.get(route, secured, (c) => {
      const who = identify(c, access);
      if (who.kind === 'anonymous') return unauthorized(c);
      const view = viewFromRequest(c, '');
      if (!view) return c.notFound();
      const screen = screenFor(c);
      const q = c.req.query('screen');
      if (q && SCREEN_ID.test(q)) setCookie(c, SCREEN_COOKIE, q, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 365 * 86_400 });
      screens.show(screen, view, 'touch');
      const res = renderPage(c, ctxFor(false, '', screen), view, '/events', '');
      const cookie = c.res.headers.get('set-cookie');
      if (cookie) res.headers.append('set-cookie', cookie);
      return res;
    });
  }

  // ---- the public mirror (no access needed; filtered data; stateless) ----
  const mountPublic = (target: Hono, prefix: string, base: string, assetBase: string) => {
    target.get(`${prefix}/events`, secured, events(true, base));
    for (const route of PAGE_ROUTES) {
      const path = route === '/' ? (prefix || '/') : `${prefix}${route}`;
      target.get(path, secured, (c) => {
        const view = viewFromRequest(c, prefix);
        if (!view) return c.notFound();
        const eventsUrl = `${base}/events?path=${encodeURIComponent(viewPath(view))}`;
        return renderPage(c, ctxFor(true, base, null), view, eventsUrl, assetBase);
      });
    }
  };
  mountPublic(app, '/public', '/public', '');

  const publicApp = new Hono();
  publicApp.get('/assets/:file', secured, serveAsset);
  publicApp.get('/favicon.ico', (c) => c.body(null, 204));
  mountPublic(publicApp, '', '', '');

  return {
    app,
    publicApp,
    close() {
      offCity(); offLink(); offScreen();
      for (const c of hub.all()) hub.remove(c);
    },
  };
}
