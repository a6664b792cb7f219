// The public mirror: no access needed, filtered data, stateless. A page is
// the same for everyone, so it is rendered once per publicCacheMs whatever
// the crowd. Mounted under /public on the office listener and at / on the
// public listener; cameras are never on it (not even as a route). It is in
// the office's language there, and in each language under /{lang} too.
import type { Handler, Hono } from 'hono';
import { gzipSync } from 'node:zlib';
import { RenderCache } from '../render-cache.js';
import { remoteKey } from '../remote.js';
import { PerKeyRateLimit } from '../../gateway/util/rate-limit.js';
import { secureHeaders } from '../security.js';
import { viewPath } from '../view.js';
import { PAGE_ROUTES, type DisplayDeps } from './deps.js';
import type { EventRoutes } from './events.js';
import { htmlResponse, viewFromRequest } from './http.js';
import type { PageKit } from './pages.js';
import { LANGS, type Lang } from '../i18n.js';

export type MountPublic = (target: Hono, prefix: string, base: string, assetBase: string) => void;

/**
 * Renders one address may cause a minute (a page not in the cache: ~15 ms each). Every distinct query is a
 * page of its own (`?open=incident:<anything>`), so without this one client could keep the gateway rendering;
 * pages in the cache cost nothing and are not counted. Loopback (the office's own /public) is not limited.
 */
export const PUBLIC_RENDERS_PER_MINUTE = 60;

export function publicMirror(deps: DisplayDeps, kit: PageKit, events: EventRoutes): MountPublic {
  const pages = new RenderCache<{ body: string; gz: Uint8Array<ArrayBuffer> }>(deps.config.display.publicCacheMs, 256, deps.now ?? Date.now);
  deps.metrics.gauge('scpm_public_page_renders', 'Public mirror pages rendered since start (the rest were served from the short cache).', () => pages.renders);
  const renders = new PerKeyRateLimit(PUBLIC_RENDERS_PER_MINUTE, 1024, deps.now ?? Date.now);
  const refused = deps.metrics.counter('scpm_public_renders_refused_total', 'Public mirror pages refused (429) to an address past its renders a minute.');
  const mountIn = (target: Hono, prefix: string, base: string, assetBase: string, lang: Lang) => {
    target.get(`${prefix}/events`, secureHeaders, events.handler(true, base, () => 'wall', lang));
    const page: Handler = (c) => {
      const view = viewFromRequest(c, prefix);
      if (!view || view.camera || view.page === 'cameras') return c.notFound();
      const eventsUrl = `${base}/events?path=${encodeURIComponent(viewPath(view))}`;
      // The link's state is part of the key: a render from before the link dropped must not be served after it, unmarked.
      const link = deps.link();
      const key = `${base}|${lang}|${link.up ? 'up' : `down:${link.since}`}|${viewPath(view)}`;
      const address = remoteKey(c);
      if (address !== null && !pages.fresh(key)) {
        const take = renders.take(address);
        if (!take.ok) {
          refused.inc();
          return c.text('Too many different pages from this address; retry in a moment.', 429, { 'retry-after': String(take.retryAfterSeconds) });
        }
      }
      const drawn = pages.get(key, () => {
        const body = kit.pageHtml(kit.ctxFor(true, base, null, lang), view, eventsUrl, assetBase);
        return { body, gz: new Uint8Array(gzipSync(body)) };
      });
      return htmlResponse(c, drawn.body, 200, drawn.gz);
    };
    for (const route of PAGE_ROUTES) {
      // The overview with and without its slash: the pages' own home link is {base}/.
      const paths = route !== '/' ? [`${prefix}${route}`] : prefix ? [prefix, `${prefix}/`] : ['/'];
      for (const path of paths) target.get(path, secureHeaders, page);
    }
  };
  return (target, prefix, base, assetBase) => {
    for (const lang of LANGS) mountIn(target, `${prefix}/${lang}`, `${base}/${lang}`, assetBase, lang);
    mountIn(target, prefix, base, assetBase, deps.config.office.language);
  };
}
