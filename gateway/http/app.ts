// The gateway's HTTP surface: health and metrics, the JSON API, then the display.
import { Hono, type MiddlewareHandler } from 'hono';
import type { Store } from '../store/store.js';
import type { Bus } from '../bus.js';
import type { Metrics } from '../metrics.js';
import { PRINCIPAL_HEADER, type BridgeHealth, type UploadRoute } from '../bridges/types.js';
import type { Logger } from '../logger.js';
import { createApi, type ApiOrdersConfig } from './api.js';
import type { OrderDesk } from '../orders/desk.js';
import { createActionsApi } from './actions-api.js';
import type { ActionsService } from '../actions/service.js';
import type { View } from '../actions/view.js';
import { identify, requireAccess, type AccessConfig, type Principal } from './access.js';
import { crossSiteGuard } from './cross-site.js';
import { requireContentType, requireJson } from './content-type.js';
import { DEFAULT_MAX_BODY_BYTES, drainUnreadBody, limitBody, rejectMalformedUrl } from './request-guards.js';
import { rateLimitedLog } from '../log/rate-limited.js';

export interface HealthSource {
  phase(): 'starting' | 'running' | 'stopping';
  bridges(): Record<string, BridgeHealth>;
  /** Problems worth a technician's look that do not make the gateway degraded (e.g. clock skew). */
  warnings?(): string[];
  /** Screens' heartbeats (the kiosk watchdog reads them). */
  screens?(): Record<string, unknown>;
}

export interface AppDeps {
  store: Store;
  bus: Bus;
  metrics: Metrics;
  access: AccessConfig;
  health: HealthSource;
  logger: Logger;
  /** The order desk (shared with the screen actions); or, when absent, acceptance settings for one of the API's own. */
  orderDesk?: OrderDesk;
  orders?: ApiOrdersConfig;
  /** The display's routes, mounted last. */
  display?: Hono;
  /** The screens' door (POST /api/v1/actions, screens, the action log), and how a view reads as a path. */
  actions?: ActionsService;
  viewPath?: (v: View) => string;
  /** The technician's setup page (/setup…), mounted before the display. */
  setup?: Hono;
  /** The kiosk contract's routes (heartbeats), mounted at /api/v1. */
  kiosk?: Hono;
  /** A bridge's own routes by name (null while it is loading or has none), mounted at /api/v1/{name}/…. */
  bridgeRouter?: (name: string) => Hono | null | undefined;
  /** Bridge routes that take a non-JSON body, by full path: their own content types and size bound. */
  bridgeUploads?: ReadonlyMap<string, UploadRoute>;
  /** The largest request body any route accepts (http.maxBodyBytes); DEFAULT_MAX_BODY_BYTES when absent. */
  maxBodyBytes?: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `mw` for the methods that may change state; reads pass. */
function unsafeOnly(mw: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => (SAFE_METHODS.has(c.req.method) ? next() : mw(c, next));
}

/** `api`, `device:{id}` or `loopback` (a bridge adds the screen for loopback). */
function principalHeader(p: Principal | undefined): string {
  if (!p) return 'anonymous';
  return p.kind === 'device' ? `device:${p.id}` : p.kind;
}

export function healthBody(deps: AppDeps) {
  const bridges = deps.health.bridges();
  const phase = deps.health.phase();
  const storeHealth = deps.store.health();
  const failing = Object.entries(bridges).filter(([, h]) => h.state === 'failed' || h.state === 'degraded').map(([n]) => n);
  // The city link's state is the upstream bridge's own health.
  const connected = bridges.upstream?.connected === true;
  // Why the gateway is degraded, in words a technician reads ("degraded: disk full").
  const reasons = [
    ...(storeHealth.full ? ['disk full'] : []),
    ...(connected ? [] : ['city link down']),
    ...failing.map((n) => `bridge ${n} ${bridges[n]!.state}`),
    ...(storeHealth.overWarn && !storeHealth.full ? [storeHealth.overCap ? 'store at its size cap' : 'store near its size cap'] : []),
  ];
  const full = storeHealth.full;
  return {
    status: phase !== 'running' ? phase : reasons.length > 0 ? 'degraded' : 'ok',
    reasons,
    upstream: { connected },
    store: {
      sizeBytes: storeHealth.sizeBytes, usedBytes: storeHealth.usedBytes, capBytes: storeHealth.capBytes, nearCap: storeHealth.overWarn, atCap: storeHealth.overCap,
      full: full ? { since: new Date(full.since).toISOString(), cause: full.cause } : null,
    },
    outboxPending: deps.store.pendingOrderCount(),
    warnings: deps.health.warnings?.() ?? [],
    ...(deps.health.screens ? { screens: deps.health.screens() } : {}),
    bridges,
  };
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const limited = rateLimitedLog(deps.logger);
  // Before any route (the display's too): an undecodable URL is a 400, and
  // no body is read beyond the gateway-wide bound.
  app.use('*', rejectMalformedUrl());
  // (GET and HEAD carry no body here; skipping them keeps page loads off the full Request object.)
  // A bridge's upload route (a WAV) has its own bound instead.
  const uploads = deps.bridgeUploads ?? new Map<string, UploadRoute>();
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyLimit = limitBody(maxBody);
  const uploadLimits = new Map([...uploads].map(([path, u]) => [path, limitBody(u.maxBytes)] as const));
  app.use('*', unsafeOnly(drainUnreadBody((path) => uploads.get(path)?.maxBytes ?? maxBody)));
  app.use('*', unsafeOnly((c, next) => (uploadLimits.get(c.req.path) ?? bodyLimit)(c, next)));
  // Open: a watchdog polls it. A city-link outage is "degraded" with 200 so the
  // watchdog never restarts a gateway that is rightly working offline. Off
  // this machine, without the API token, only the status: the details name
  // internal errors and child processes.
  app.get('/healthz', (c) => {
    // The kiosk's start page (a file: page, origin "null") reads it to know when to go to the wall.
    c.header('access-control-allow-origin', 'null');
    const body = healthBody(deps);
    const code = body.status === 'starting' || body.status === 'stopping' ? 503 : 200;
    const who = identify(c, deps.access).kind;
    return c.json(who === 'loopback' || who === 'api' ? body : { status: body.status }, code);
  });
  app.get('/metrics', requireAccess(deps.access, ['loopback', 'api']), (c) =>
    c.body(deps.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  const onCrossSite = (reason: string, c: { req: { path: string; method: string } }) =>
    limited('cross-site', 'warn', { reason, method: c.req.method, path: c.req.path.slice(0, 200) }, 'http: cross-site request refused');
  app.route('/api/v1', createApi({ store: deps.store, bus: deps.bus, access: deps.access, onCrossSite, desk: deps.orderDesk, orders: deps.orders, metrics: deps.metrics }));
  if (deps.kiosk) app.route('/api/v1', deps.kiosk);
  if (deps.actions) app.route('/api/v1', createActionsApi({ actions: deps.actions, access: deps.access, viewPath: (v) => (deps.viewPath ? deps.viewPath(v as View) : '/'), onCrossSite }));
  if (deps.bridgeRouter) {
    const router = deps.bridgeRouter;
    const bridgeAccess = requireAccess(deps.access, ['loopback', 'device', 'api']);
    // A bridge's state-changing routes (setup buttons, probes) take JSON or no body, and never a cross-site request.
    const crossSite = crossSiteGuard({ onRefused: onCrossSite });
    const json = requireJson({ allowEmpty: true });
    const uploadTypes = new Map([...uploads].map(([path, u]) => [path, requireContentType(u.types)] as const));
    const bodyType: MiddlewareHandler = (c, next) => (uploadTypes.get(c.req.path) ?? json)(c, next);
    const forward: MiddlewareHandler = async (c, next) => {
      const r = router(c.req.param('bridge')!);
      if (r === undefined) return next();
      if (r === null) return c.json({ error: `bridge ${c.req.param('bridge')} is not running yet, or has no routes` }, 503, { 'retry-after': '2' });
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice(`/api/v1/${c.req.param('bridge')}`.length) || '/';
      // Who asked, from the credentials checked above (a client's own header of that name is replaced).
      const headers = new Headers(c.req.raw.headers);
      headers.set(PRINCIPAL_HEADER, principalHeader(c.get('principal' as never) as Principal));
      return r.fetch(new Request(url, { method: c.req.method, headers, body: c.req.raw.body, duplex: 'half', signal: c.req.raw.signal } as RequestInit), c.env);
    };
    // Registered after the gateway's own /api/v1 routes, so only what they leave reaches a bridge.
    for (const path of ['/api/v1/:bridge{[a-z0-9-]+}', '/api/v1/:bridge{[a-z0-9-]+}/*']) {
      app.all(path, unsafeOnly(crossSite), unsafeOnly(bodyType), bridgeAccess, forward);
    }
  }
  if (deps.setup) app.route('/', deps.setup);
  if (deps.display) app.route('/', deps.display);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  // A request can be made to fail from outside (an order on a full disk, a hostile path): one kind, rate-limited with counts.
  app.onError((err, c) => {
    deps.store.noteWriteError(err);
    const path = c.req.path.slice(0, 200);
    limited('request-failed', 'error', { err: err.message, code: (err as { code?: string }).code, path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
