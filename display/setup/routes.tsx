// The technician's setup page: /setup on loopback (Host-checked) or from a
// laptop paired with the API token; live over SSE like the wall; test actions
// behind a confirmation. Never on the public listener, never linked from it.
import { Hono, type Context } from 'hono';
import type { Bus } from '../../gateway/bus.js';
import { identify, principalLabel, requireAccess, type AccessConfig } from '../../gateway/http/access.js';
import { crossSiteGuard } from '../../gateway/http/cross-site.js';
import { secureHeaders } from '../security.js';
import { createSetupLive } from './live.js';
import { setupPageHtml, setupUnauthorizedHtml } from './page.js';
import { SECTIONS, type SectionCtx } from './sections.js';
import type { SetupSource } from './source.js';
import type { SetupLang } from './text.js';

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

/** The setup page's buttons (a restart, a test order, display power); each behind the page's own confirmation. */
function mountSetupActions(app: Hono, deps: SetupDeps): void {
  const guard = crossSiteGuard();
  const access = requireAccess(deps.access, ['loopback', 'api']);
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
}

export function createSetupRoutes(deps: SetupDeps): { app: Hono; close(): void } {
  const now = deps.now ?? Date.now;
  const app = new Hono();
  const render = (ctx: SectionCtx) => SECTIONS.map((S) => String(S({ ...ctx, now: now() })));
  // A bridge that restarts is shown at once, not at the next refresh.
  const live = createSetupLive(render, (refresh) => deps.bus.on('bridge:health', () => refresh()));
  const ctxOf = (c: Context): SectionCtx => ({ src: deps.src, lang: langOf(c, deps.lang), now: now(), ...filters(c) });

  app.get('/setup', secureHeaders, (c) => {
    const who = identify(c, deps.access);
    if (who.kind !== 'loopback' && who.kind !== 'api') return c.html(setupUnauthorizedHtml(deps.lang), 401);
    const ctx = ctxOf(c);
    return c.html(setupPageHtml(ctx, render(ctx), deps.buildId), 200, { 'cache-control': 'no-store' });
  });
  app.get('/setup/events', secureHeaders, requireAccess(deps.access, ['loopback', 'api']), (c) => live.stream(c, ctxOf(c)));
  mountSetupActions(app, deps);

  return {
    app,
    close() {
      live.close();
    },
  };
}
