// The wall display: server-rendered pages of the city's state, live over SSE,
// screen state through the actions service, pairing, and the public mirror.
// Composed here from its pieces (display/app/).
import { Hono } from 'hono';
import { limitBody, rejectMalformedUrl } from '../gateway/http/request-guards.js';
import { rateLimitedLog } from '../gateway/log/rate-limited.js';
import { serveAsset } from './assets.js';
import { secureHeaders } from './security.js';
import type { DisplayDeps } from './app/deps.js';
import { createEventRoutes } from './app/events.js';
import { createLive } from './app/live.js';
import { watchChanges } from './app/live-watch.js';
import { mountOfficeRoutes } from './app/office-routes.js';
import { createPageKit } from './app/pages.js';
import { mountPairing } from './app/pairing.js';
import { publicMirror } from './app/public-routes.js';

export type { DisplayDeps } from './app/deps.js';

/** Static files every listener serves. */
function mountAssets(app: Hono): void {
  app.get('/assets/:file', secureHeaders, serveAsset);
  app.get('/favicon.ico', (c) => c.body(null, 204));
}

export function createDisplay(deps: DisplayDeps): { app: Hono; publicApp: Hono; close(): void } {
  const kit = createPageKit(deps);
  const live = createLive(deps, kit);
  const unwatch = watchChanges(deps, live);
  const events = createEventRoutes(deps, live);
  const mountPublic = publicMirror(deps, kit, events);

  const app = new Hono();
  mountAssets(app);
  mountPairing(app, deps);
  mountOfficeRoutes(app, deps, kit, events);
  mountPublic(app, '/public', '/public', '');

  // The public listener is the one strangers reach: the same request guards as the office app.
  const publicApp = new Hono();
  publicApp.use('*', rejectMalformedUrl(), limitBody(deps.config.http.maxBodyBytes));
  mountAssets(publicApp);
  mountPublic(publicApp, '', '', '');
  // Not Hono's default (the stack on stderr for every failed request): one rate-limited line, as on the office listener.
  const limited = rateLimitedLog(deps.logger);
  publicApp.onError((err, c) => {
    limited('public-request-failed', 'error', { err: err.message, path: c.req.path.slice(0, 200) }, 'public mirror: request failed');
    return c.text('internal error', 500);
  });

  return {
    app,
    publicApp,
    close() {
      unwatch();
      live.views.close();
      for (const c of live.hub.all()) live.hub.remove(c);
    },
  };
}
