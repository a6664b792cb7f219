// The actions API: POST /api/v1/actions (touch from the wall, tablets, API
// clients), GET /api/v1/screens/{id}, GET /api/v1/actions/log. The principal
// is who the request proves to be, never what its body says.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ActionsService } from '../actions/service.js';
import { ActionError } from '../actions/errors.js';
import { SOURCES, screenId, type Source } from '../actions/vocabulary.js';
import { requireAccess, principalLabel, type AccessConfig, type Principal } from './access.js';
import { crossSiteGuard, type CrossSiteReason } from './cross-site.js';
import { requireJson } from './content-type.js';
import { limitBody } from './request-guards.js';

/** The largest action body. */
export const MAX_ACTION_BODY_BYTES = 16 * 1024;

const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Who asked: `api`, `device:{id}`, or the loopback screen `loopback:{screen}`. */
function principalOf(c: Context, screen: string): string {
  return principalLabel(c.get('principal' as never) as Principal, screen);
}

export function createActionsApi(deps: { actions: ActionsService; access: AccessConfig; viewPath(v: unknown): string; onCrossSite?: (reason: CrossSiteReason, c: Context) => void }): Hono {
  const { actions } = deps;
  const api = new Hono();
  const access = requireAccess(deps.access, ['loopback', 'device', 'api']);

  const stateJson = (screen: string) => {
    const s = actions.state(screen)!;
    return { screen, state: { ...s, path: deps.viewPath(actions.get(screen)!.view) } };
  };

  // A page on another site must not steer the wall: refused before access (loopback is trusted) and before the body.
  api.post('/actions', crossSiteGuard({ onRefused: deps.onCrossSite }), access, requireJson(), limitBody(MAX_ACTION_BODY_BYTES), async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'invalid request', problems: ['(body): expected a JSON object'] }, 400);
    }
    const raw = (body ?? {}) as Record<string, unknown>;
    const who = c.get('principal' as never) as Principal;
    // A source hint is taken for what it is (touch from the wall, say); the principal records who really asked.
    const hint = typeof raw.source === 'string' && (SOURCES as readonly string[]).includes(raw.source) ? raw.source as Source : undefined;
    const { source: _drop, ...input } = raw;
    const screen = typeof input.screen === 'string' ? input.screen : 'wall';
    try {
      const r = await actions.dispatch(input, hint ?? (who.kind === 'api' ? 'api' : 'touch'), principalOf(c, screen));
      return c.json({ ...stateJson(r.screen), outcome: r.outcome, ...(r.orderId ? { orderId: r.orderId } : {}) }, r.outcome === 'pending' ? 202 : 200);
    } catch (err) {
      if (err instanceof ActionError) return c.json({ error: err.message, ...(err.valid ? { valid: err.valid } : {}) }, err.status);
      throw err;
    }
  });

  api.get('/actions/log', access, (c) => {
    const q = logQuery.safeParse(c.req.query());
    if (!q.success) return c.json({ error: 'invalid request' }, 400);
    return c.json({ items: actions.log(q.data), ...q.data });
  });

  api.get('/screens/:id', access, (c) => {
    const id = c.req.param('id');
    if (!screenId.safeParse(id).success) return c.json({ error: 'invalid screen id' }, 400);
    if (!actions.knows(id)) return c.json({ error: `no such screen "${id}"` }, 404);
    return c.json(stateJson(id));
  });

  return api;
}
