// Request and response helpers of the display's routes: HTML (gzip when
// asked), the 401 page, which screen a request is for, the view a path names.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { gzipSync } from 'node:zlib';
import { identify, type AccessConfig } from '../../gateway/http/access.js';
import type { ActionsService } from '../../gateway/actions/service.js';
import { t, type Lang } from '../i18n.js';
import { districtName } from '../map/geo.js';
import { parseView, type View } from '../view.js';

export const SCREEN_COOKIE = 'scpm_screen';
const SCREEN_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export function htmlResponse(c: Context, body: string, status = 200, gz?: Uint8Array<ArrayBuffer>): Response {
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', vary: 'accept-encoding' };
  if (!gzip) return new Response(body, { status, headers });
  headers['content-encoding'] = 'gzip';
  return new Response(gz ?? new Uint8Array(gzipSync(body)), { status, headers });
}

/** There is no login page: the 401 says how a device is paired. */
export function unauthorizedPage(c: Context, lang: Lang): Response {
  return htmlResponse(c, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>401</title><link rel="stylesheet" href="/assets/wall.css"></head>` +
    `<body class="plain"><main class="plain"><h1>${t(lang, 'unauthorized')}</h1>` +
    '<p>Pair this device once: open <code>/pair?token=YOUR-DEVICE-TOKEN</code> (the token is in the office configuration, auth.deviceTokens), ' +
    'or use the kiosk on this machine. There is no login page.</p><p><a href="/public">Public view</a></p></main></body></html>', 401);
}

/** Which screen a request is for: only screens that exist (configured or paired), never one made by a GET. */
export function screenFor(c: Context, access: AccessConfig, actions: ActionsService): string {
  const who = identify(c, access);
  const q = c.req.query('screen');
  if (q && SCREEN_ID.test(q) && actions.knows(q)) return q;
  const cookie = getCookie(c, SCREEN_COOKIE);
  if (cookie && SCREEN_ID.test(cookie) && actions.knows(cookie)) return cookie;
  return who.kind === 'device' && actions.knows(who.id) ? who.id : 'wall';
}

/** The view a page path names (after `prefix`), or null for an unknown page or district. */
export function viewFromRequest(c: Context, prefix: string): View | null {
  const path = c.req.path.slice(prefix.length) || '/';
  const v = parseView(path, c.req.query());
  if (v?.district && !districtName(v.district)) return null;
  return v;
}
