// The public mirror: no access needed, filtered data, stateless. A page is
// the same for everyone, so it is rendered once per publicCacheMs whatever
// the crowd. Mounted under /public on the office listener and at / on the
// public listener; cameras are never on it (not even as a route).
import type { Hono } from 'hono';
import { gzipSync } from 'node:zlib';
import { RenderCache } from '../render-cache.js';
import { secureHeaders } from '../security.js';
import { viewPath } from '../view.js';
import { PAGE_ROUTES, type DisplayDeps } from './deps.js';
import type { EventRoutes } from './events.js';
import { htmlResponse, viewFromRequest } from './http.js';
import type { PageKit } from './pages.js';

export type MountPublic = (target: Hono, prefix: string, base: string, assetBase: string) => void;

export function publicMirror(deps: DisplayDeps, kit: PageKit, events: EventRoutes): MountPublic {
  const pages = new RenderCache<{ body: string; gz: Uint8Array<ArrayBuffer> }>(deps.config.display.publicCacheMs, 256, deps.now ?? Date.now);
  deps.metrics.gauge('scpm_public_page_renders', 'Public mirror pages rendered since start (the rest were served from the short cache).', () => pages.renders);
  return (target, prefix, base, assetBase) => {
    target.get(`${prefix}/events`, secureHeaders, events.handler(true, base, () => 'wall'));
    for (const route of PAGE_ROUTES) {
      const path = route === '/' ? (prefix || '/') : `${prefix}${route}`;
      target.get(path, secureHeaders, (c) => {
        const view = viewFromRequest(c, prefix);
        if (!view || view.camera || view.page === 'cameras') return c.notFound();
        const eventsUrl = `${base}/events?path=${encodeURIComponent(viewPath(view))}`;
        // The link's state is part of the key: a render from before the link dropped must not be served after it, unmarked.
        const link = deps.link();
        const page = pages.get(`${base}|${link.up ? 'up' : `down:${link.since}`}|${viewPath(view)}`, () => {
          const body = kit.pageHtml(kit.ctxFor(true, base, null), view, eventsUrl, assetBase);
          return { body, gz: new Uint8Array(gzipSync(body)) };
        });
        return htmlResponse(c, page.body, 200, page.gz);
      });
    }
  };
}
