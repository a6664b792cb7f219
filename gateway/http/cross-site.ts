// One guard for every state-changing route: a request another site's page
// made is refused (403). Browsers say where a request comes from in
// `Sec-Fetch-Site` (cross-site, same-site, same-origin, none) and, on every
// POST, in `Origin`; a page on another site (or on a sibling host of the same
// site) can still fire a no-cors POST at the kiosk's loopback gateway, which
// trusts loopback. Requests without fetch metadata (curl with a token, the
// kiosk's own scripts on older engines, other programs) pass as before: the
// guard stops browsers acting for another page, not clients.
import type { Context, MiddlewareHandler } from 'hono';

export type CrossSiteReason = 'sec-fetch-site' | 'origin';

/** Why a request is refused as cross-site, or null when it may go on. Pure: headers and the request's own URL. */
export function crossSiteReason(headers: Headers, requestUrl: string): CrossSiteReason | null {
  const site = headers.get('sec-fetch-site')?.trim().toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return 'sec-fetch-site';
  const origin = headers.get('origin');
  if (origin === null) return null;
  // `Origin: null` (a sandboxed frame, a redirect across sites) or anything unparseable is not ours.
  let given: string;
  let own: string;
  try {
    given = new URL(origin).origin;
    own = new URL(requestUrl).origin;
  } catch {
    return 'origin';
  }
  return given === 'null' || given !== own ? 'origin' : null;
}

export interface CrossSiteOptions {
  /** Told of each refusal (a counter, a rate-limited log line); never given header values to log verbatim. */
  onRefused?: (reason: CrossSiteReason, c: Context) => void;
}

/**
 * Refuses (403 JSON) a request whose `Sec-Fetch-Site` is `cross-site` or
 * `same-site`, or whose `Origin` is present and is not this gateway's own
 * origin (scheme, Host header and port of the request). Put it on each
 * state-changing route (before access checks or body parsing).
 */
export function crossSiteGuard(opts: CrossSiteOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const reason = crossSiteReason(c.req.raw.headers, c.req.url);
    if (reason !== null) {
      opts.onRefused?.(reason, c);
      return c.json({ error: 'cross-site request refused', reason }, 403);
    }
    await next();
  };
}
