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
import { DEVICE_COOKIE, TECHNICIAN_COOKIE, identify, principalLabel, requireAccess, tokenEquals, type AccessConfig } from '../gateway/http/access.js';
import type { ActionsService } from '../gateway/actions/service.js';
import type { Catalog } from '../gateway/catalog/index.js';
import { ringNext } from '../gateway/actions/reduce.js';
import type { Navigator } from '../gateway/actions/navigator.js';
import { makeCtx, type RenderCtx } from './context.js';
import { parseView, sameView, viewPath, type View } from './view.js';
import { pageModel, pagePanels } from './pages/index.js';
import type { PanelSpec } from './fragments/types.js';
import { Banner, Main, Nav, Overlay, Page, Title } from './layout.js';
import { officeSecureHeaders, secureHeaders } from './security.js';
import { limitBody, rejectMalformedUrl } from '../gateway/http/request-guards.js';
import { serveAsset } from './assets.js';
import { Hub, RESYNC, sseBytes, type HubClient, type SseMessage } from './sse/hub.js';
import { LiveViews } from './sse/views.js';

/** The overlay fragment's dirty id (help, caption, confirmation, listening). */
const OVERLAY = 'overlay';
import { displayNavigator } from './navigator.js';
import { districtName } from './map/geo.js';
import { sameOriginNavigation } from './same-origin.js';
import { EventSlots } from './event-slots.js';
import { RenderCache } from './render-cache.js';
import { ResyncCache } from './sse/resync-cache.js';
import { PerKeyRateLimit } from '../gateway/util/rate-limit.js';
import { remoteKey } from './remote.js';
import { t } from './i18n.js';

export interface DisplayDeps {
  config: Config;
  store: Store; bus: Bus; metrics: Metrics; logger: Logger;
  access: AccessConfig;
  /** The one door to the screens: the display reads their state and moves them only through it. */
  actions: ActionsService;
  /** Names bridges brought (gestures, voice commands) for the help overlay. */
  catalog?: Catalog;
  link(): { up: boolean; since: number | null };
  buildId: string;
  now?: () => number;
}

interface ClientState { screen: string | null; isPublic: boolean; base: string; view: View }

const SCREEN_COOKIE = 'scpm_screen';
const SCREEN_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const PAGE_ROUTES = ['/', '/urban', '/opinion', '/admin', '/admin/:category', '/pledges', '/district/:code', '/district/:code/:category'];
/** The office's own pages: cameras are never on the public mirror (not even as a route). */
const OFFICE_ONLY_ROUTES = ['/cameras', '/cameras/:id'];
const PING_MS = 15_000;
/** Bytes waiting in a live client's socket before it counts as not reading and is closed (it reconnects when it can). */
const SLOW_CLIENT_BYTES = 256 * 1024;
/** A full redraw is shared by the clients of a view for this long at most (ages on it are counted from its render). */
const RESYNC_MAX_AGE_MS = 250;

export function createDisplay(deps: DisplayDeps): { app: Hono; publicApp: Hono; close(): void } {
  const { config, store, bus, metrics, logger, access, actions } = deps;
  const now = deps.now ?? Date.now;

  const ctxFor = (isPublic: boolean, base: string, screen: string | null): RenderCtx =>
    makeCtx({ store, config, now: now(), link: deps.link(), isPublic, base, screen, cameras: () => deps.catalog?.list('camera') ?? [] });

  /** `during`: the render this navigation belongs to, whose store reads it shares. */
  const navigator = (during: RenderCtx): Navigator => displayNavigator(() => ({ ...ctxFor(false, '', null), memo: during.memo }));

  /** What can be said and gestured on a screen (the catalog's entries for it). */
  const helpFor = (screen: string | null) => ({
    gestures: screen ? deps.catalog?.list('gesture').filter((g) => g.screen === screen) ?? [] : [],
    voice: deps.catalog?.list('voice-command') ?? [],
  });

  const navLinks = (ctx: RenderCtx, v: View) => {
    const nav = navigator(ctx);
    return { prev: `${ctx.base}${viewPath(ringNext(v, nav, -1))}`, next: `${ctx.base}${viewPath(ringNext(v, nav, 1))}` };
  };

  // ---- live pushes ----
  const viewKeys = new WeakMap<View, string>();
  /** Clients with the same key see the same page (the office language is the page's; a per-screen language would join it). */
  const viewKey = (s: ClientState): string => {
    // Asked for every client on every commit: kept per view object (a screen that moves gets a new one; an office
    // screen's clients share theirs, a public client parses its own, so one object never serves two audiences).
    let key = viewKeys.get(s.view);
    if (key === undefined) viewKeys.set(s.view, (key = `${s.isPublic ? 'public' : 'office'}|${s.base}|${config.office.language}|${viewPath(s.view)}`));
    return key;
  };
  // Per client: a full resync and the overlay (its own screen's). Panels and
  // figures are rendered once per view and shared (display/sse/views.ts).
  const render = (client: HubClient<ClientState>, dirty: Set<string>, resync: boolean): SseMessage[] => {
    const s = client.state;
    const ctx = ctxFor(s.isPublic, s.base, s.screen);
    const overlay = () => String(<Overlay ctx={ctx} state={s.screen ? actions.state(s.screen) : null} help={helpFor(s.screen)} oob />);
    if (resync || dirty.has(RESYNC)) {
      // The page is the same for every client of this view: rendered once for all of them (an office screen's own
      // overlay is added per client; the public mirror's is everyone's).
      const page = (withOverlay: boolean): SseMessage[] => {
        const model = pageModel(ctx, s.view);
        const html = [
          String(<Main ctx={ctx} view={s.view} model={model} oob />),
          String(<Nav ctx={ctx} view={s.view} links={navLinks(ctx, s.view)} oob />),
          String(<Title ctx={ctx} model={model} oob />),
          String(<Banner ctx={ctx} oob />),
          withOverlay ? overlay() : '',
        ].join('');
        return [
          { event: 'scpm:state', data: JSON.stringify({ path: `${s.base}${viewPath(s.view)}`, link: ctx.link, build: deps.buildId, now: ctx.now }) },
          { data: html },
        ];
      };
      if (!s.screen) return resyncs.get(viewKey(s), () => page(true));
      const [state, body] = resyncs.get(`${viewKey(s)}|${s.screen}`, () => page(false));
      return [state!, { data: body!.data + overlay() }];
    }
    return dirty.has(OVERLAY) ? [{ data: overlay() }] : [];
  };
  const hub = new Hub<ClientState>({ windowMs: config.display.pushWindowMs, maxQueue: 8, metrics, render });
  const resyncs = new ResyncCache({ maxAgeMs: RESYNC_MAX_AGE_MS, maxEntries: 256, now });
  metrics.gauge('scpm_sse_resync_renders', 'Full live redraws rendered since start (clients of the same view share one).', () => resyncs.renders);

  // The view's panels, declared without reading data (bounded cache: views are few, but the query part is open-ended).
  const declared = new Map<string, PanelSpec[]>();
  const specsOf = (s: ClientState): PanelSpec[] => {
    const key = viewPath(s.view);
    let specs = declared.get(key);
    if (!specs) {
      if (declared.size >= 256) declared.clear();
      declared.set(key, (specs = pagePanels(s.view)));
    }
    return specs;
  };
  const live = new LiveViews<ClientState>({
    hub,
    windowMs: config.display.pushWindowMs,
    keyOf: viewKey,
    // The public mirror's crowd gets figures on the plain window (a flood's commits are not fanned out to every viewer).
    patchesFigures: (s) => !s.isPublic,
    panelsOf: specsOf,
    renderPanels: (s, ids) => {
      const ctx = ctxFor(s.isPublic, s.base, null);
      return specsOf(s).filter((p) => ids.has(p.id)).map((p) => String(p.build(ctx).render(true))).join('');
    },
    renderFigures: (s, figures, shared) => {
      let ctx: RenderCtx | null = null;
      const rows: [string, string, string][] = [];
      for (const p of specsOf(s)) {
        const keys = figures.get(p.id);
        if (!keys) continue;
        let panel: ReturnType<PanelSpec['build']> | null = null;
        for (const key of keys) {
          // A figure is drawn from its key alone (not the page's links or layout): the same in every view of this audience.
          const memoKey = `${s.isPublic}|${config.office.language}|${p.id}|${key}`;
          let html = shared.get(memoKey);
          if (html === undefined) {
            ctx ??= ctxFor(s.isPublic, s.base, null);
            panel ??= p.build(ctx);
            const el = panel.figure?.(key);
            // Only a drawn figure is shared: whether a panel draws it can depend on the view (its sub-page).
            if (el) shared.set(memoKey, (html = String(el)));
          }
          if (html) rows.push([p.id, key, html]);
        }
      }
      return rows;
    },
  });

  const offCity = bus.on('city:changed', (notices: ChangeNotice[]) => {
    resyncs.invalidate();
    if (hub.size === 0) return;
    live.changed(notices);
  });
  const offLink = bus.on('link', () => {
    resyncs.invalidate();
    for (const c of hub.all()) hub.mark(c, [RESYNC]);
  });
  // Disk full (or back): the banner says so on every wall at once.
  const offFull = store.onFullChange(() => {
    resyncs.invalidate();
    for (const c of hub.all()) hub.mark(c, [RESYNC]);
  });
  const offScreen = bus.on('screen:changed', (ch) => {
    resyncs.invalidate();
    const rec = actions.get(ch.screen);
    if (!rec) return;
    for (const c of hub.all()) {
      if (c.state.screen !== ch.screen) continue;
      // Only what is drawn over the page changed (help, a caption, a confirmation): push that alone.
      // A screen changes because someone acted: the page answers at once (the window is for city data).
      if (sameView(c.state.view, rec.view)) {
        hub.mark(c, [OVERLAY], true);
        continue;
      }
      c.state.view = rec.view;
      hub.mark(c, [RESYNC], true);
    }
  });

  // Live streams are bounded: in all, and per non-loopback address.
  const slots = new EventSlots(config.display.maxEventClients, config.display.maxEventClientsPerAddress);
  const refusedStreams = metrics.counter('scpm_sse_refused_total', 'Live-update connections refused (over the total or the per-address cap).');
  const slowClosed = metrics.counter('scpm_sse_slow_closed_total', 'Live-update clients closed because they stopped reading (more than the bound waited for them).');
  const events = (isPublic: boolean, base: string) => (c: Context) => {
    const release = slots.take(remoteKey(c));
    if (!release) {
      refusedStreams.inc();
      return c.json({ error: 'too many live connections; retry later' }, 503, { 'retry-after': '30' });
    }
    const screen = isPublic ? null : screenFor(c);
    const view = isPublic ? parseView(String(c.req.query('path') ?? '/').replace(/^\/public(?=\/|$)/, '') || '/', c.req.query()) ?? parseView('/')! : actions.get(screen!)!.view;
    // The client's socket: a client that stops reading is closed once what waits for it passes a bound (never buffered without one).
    const socket = (c.env as { incoming?: { socket?: { writableLength: number; destroy(): void } } } | undefined)?.incoming?.socket;
    return streamSSE(c, async (stream) => {
      const client = hub.add({ screen, isPublic, base, view }, {
        write: async (m) => {
          if (socket && socket.writableLength > SLOW_CLIENT_BYTES) {
            slowClosed.inc();
            socket.destroy();
            throw new Error('slow client: closed');
          }
          await stream.write(sseBytes(m));
        },
      });
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
        release();
      }
    });
  };

  // ---- who is asking, which screen (only screens that exist: configured or paired, never made by a GET) ----
  function screenFor(c: Context): string {
    const who = identify(c, access);
    const q = c.req.query('screen');
    if (q && SCREEN_ID.test(q) && actions.knows(q)) return q;
    const cookie = getCookie(c, SCREEN_COOKIE);
    if (cookie && SCREEN_ID.test(cookie) && actions.knows(cookie)) return cookie;
    return who.kind === 'device' && actions.knows(who.id) ? who.id : 'wall';
  }

  const html = (c: Context, body: string, status = 200, gz?: Uint8Array<ArrayBuffer>) => {
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', vary: 'accept-encoding' };
    if (!gzip) return new Response(body, { status, headers });
    headers['content-encoding'] = 'gzip';
    return new Response(gz ?? new Uint8Array(gzipSync(body)), { status, headers });
  };

  const unauthorized = (c: Context) => {
    const lang = config.office.language;
    return html(c, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>401</title><link rel="stylesheet" href="/assets/wall.css"></head>` +
      `<body class="plain"><main class="plain"><h1>${t(lang, 'unauthorized')}</h1>` +
      '<p>Pair this device once: open <code>/pair?token=YOUR-DEVICE-TOKEN</code> (the token is in the office configuration, auth.deviceTokens), ' +
      'or use the kiosk on this machine. There is no login page.</p><p><a href="/public">Public view</a></p></main></body></html>', 401);
  };

  const pageHtml = (ctx: RenderCtx, view: View, eventsUrl: string, assetBase: string) => {
    const model = pageModel(ctx, view);
    const screen = ctx.screen ? actions.state(ctx.screen) : null;
    return '<!doctype html>' + String(<Page ctx={ctx} view={view} model={model} links={navLinks(ctx, view)} buildId={deps.buildId} eventsUrl={eventsUrl} assetBase={assetBase} screen={screen} help={helpFor(ctx.screen)} />);
  };
  const renderPage = (c: Context, ctx: RenderCtx, view: View, eventsUrl: string, assetBase: string) => html(c, pageHtml(ctx, view, eventsUrl, assetBase));

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

  // Pairing tries are rate-limited per address (a token is long, but guessing must cost time, and the log stays small).
  const pairTries = new PerKeyRateLimit(10, 1024, now);
  app.get('/pair', secured, (c) => {
    const take = pairTries.take(remoteKey(c) ?? 'loopback');
    if (!take.ok) return c.text('too many pairing attempts; retry later', 429, { 'retry-after': String(take.retryAfterSeconds) });
    const token = c.req.query('token') ?? '';
    if (access.apiToken && tokenEquals(token, access.apiToken)) {
      // A technician's laptop: the setup page, and the API, from this browser (SameSite=Strict: never on another site's requests).
      setCookie(c, TECHNICIAN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 30 * 86_400 });
      logger.info('display: technician laptop paired');
      return c.redirect('/setup', 303);
    }
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

  // Office pages: the CSP lets the camera player stream (media-src blob:) once cameras exist; the wall can open one on any page.
  const officeSecured = officeSecureHeaders(() => (deps.catalog?.list('camera').length ?? 0) > 0);
  for (const route of [...PAGE_ROUTES, ...OFFICE_ONLY_ROUTES]) {
    app.get(route, officeSecured, (c) => {
      const who = identify(c, access);
      if (who.kind === 'anonymous') return unauthorized(c);
      const view = viewFromRequest(c, '');
      if (!view) return c.notFound();
      const screen = screenFor(c);
      // Only a same-origin page load moves a screen (an <img> or iframe on another site's page must not steer the wall);
      // any other GET shows the screen's stored state and changes nothing.
      let shown = actions.get(screen)!.view;
      if (sameOriginNavigation(c)) {
        const q = c.req.query('screen');
        if (q === screen) setCookie(c, SCREEN_COOKIE, q, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 365 * 86_400 });
        shown = actions.show(screen, view, principalLabel(who, screen))!.view;
      }
      const res = renderPage(c, ctxFor(false, '', screen), shown, '/events', '');
      const cookie = c.res.headers.get('set-cookie');
      if (cookie) res.headers.append('set-cookie', cookie);
      return res;
    });
  }

  // ---- the public mirror (no access needed; filtered data; stateless) ----
  // The public mirror is the same for everyone: a page is rendered once per publicCacheMs, whatever the crowd.
  const publicPages = new RenderCache<{ body: string; gz: Uint8Array<ArrayBuffer> }>(config.display.publicCacheMs, 256, now);
  metrics.gauge('scpm_public_page_renders', 'Public mirror pages rendered since start (the rest were served from the short cache).', () => publicPages.renders);
  metrics.gauge('scpm_sse_slots_in_use', 'Live-update connections holding a slot.', () => slots.size);
  const mountPublic = (target: Hono, prefix: string, base: string, assetBase: string) => {
    target.get(`${prefix}/events`, secured, events(true, base));
    for (const route of PAGE_ROUTES) {
      const path = route === '/' ? (prefix || '/') : `${prefix}${route}`;
      target.get(path, secured, (c) => {
        const view = viewFromRequest(c, prefix);
        if (!view || view.camera || view.page === 'cameras') return c.notFound();
        const eventsUrl = `${base}/events?path=${encodeURIComponent(viewPath(view))}`;
        const page = publicPages.get(`${base}|${viewPath(view)}`, () => {
          const body = pageHtml(ctxFor(true, base, null), view, eventsUrl, assetBase);
          return { body, gz: new Uint8Array(gzipSync(body)) };
        });
        return html(c, page.body, 200, page.gz);
      });
    }
  };
  mountPublic(app, '/public', '/public', '');

  const publicApp = new Hono();
  // The public listener is the one strangers reach: the same request guards as the office app.
  publicApp.use('*', rejectMalformedUrl(), limitBody(config.http.maxBodyBytes));
  publicApp.get('/assets/:file', secured, serveAsset);
  publicApp.get('/favicon.ico', (c) => c.body(null, 204));
  mountPublic(publicApp, '', '', '');

  return {
    app,
    publicApp,
    close() {
      offCity(); offLink(); offScreen(); offFull();
      live.close();
      for (const c of hub.all()) hub.remove(c);
    },
  };
}
