// The gateway's HTTP surface: health and metrics, the JSON API, then the display.
import { Hono } from 'hono';
import type { Store } from '../store/store.js';
import type { Bus } from '../bus.js';
import type { Metrics } from '../metrics.js';
import type { BridgeHealth } from '../bridges/types.js';
import type { Logger } from '../logger.js';
import { createApi } from './api.js';
import { requireAccess, type AccessConfig } from './access.js';
import { rateLimitedLog } from '../log/rate-limited.js';

export interface HealthSource {
  phase(): 'starting' | 'running' | 'stopping';
  bridges(): Record<string, BridgeHealth>;
  /** Problems worth a technician's look that do not make the gateway degraded (e.g. clock skew). */
  warnings?(): string[];
}

export interface AppDeps {
  store: Store;
  bus: Bus;
  metrics: Metrics;
  access: AccessConfig;
  health: HealthSource;
  logger: Logger;
  /** The display's routes, mounted last. */
  display?: Hono;
  /** A bridge's own routes by name (null while it is loading or has none), mounted at /api/v1/{name}/…. */
  bridgeRouter?: (name: string) => Hono | null | undefined;
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
    bridges,
  };
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Open: a watchdog polls it. A city-link outage is "degraded" with 200 so the
  // watchdog never restarts a gateway that is rightly working offline.
  app.get('/healthz', (c) => {
    const body = healthBody(deps);
    return c.json(body, body.status === 'starting' || body.status === 'stopping' ? 503 : 200);
  });
  app.get('/metrics', requireAccess(deps.access, ['loopback', 'api']), (c) =>
    c.body(deps.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  app.route('/api/v1', createApi({ store: deps.store, bus: deps.bus, access: deps.access }));
  if (deps.bridgeRouter) {
    const router = deps.bridgeRouter;
    const bridgeAccess = requireAccess(deps.access, ['loopback', 'device', 'api']);
    app.all('/api/v1/:bridge{[a-z0-9-]+}/*', bridgeAccess, async (c, next) => {
      const r = router(c.req.param('bridge'));
      if (r === undefined) return next();
      if (r === null) return c.json({ error: `bridge ${c.req.param('bridge')} is not running yet, or has no routes` }, 503, { 'retry-after': '2' });
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice(`/api/v1/${c.req.param('bridge')}`.length) || '/';
      return r.fetch(new Request(url, c.req.raw), c.env);
    });
  }
  if (deps.display) app.route('/', deps.display);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  // A request can be made to fail from outside (an order on a full disk, a hostile path): one kind, rate-limited with counts.
  const logLimited = rateLimitedLog(deps.logger);
  app.onError((err, c) => {
    deps.store.noteWriteError(err);
    const path = c.req.path.slice(0, 200);
    logLimited('request-failed', 'error', { err: err.message, code: (err as { code?: string }).code, path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
