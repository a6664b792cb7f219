// Whether a page GET may move its screen: only a same-origin navigation.
// Browsers say so in fetch metadata (Sec-Fetch-Site: same-origin, or none
// for one typed or started by the kiosk). Where they send none (plain http to
// a LAN address), the paired device's SameSite=Strict cookie proves it: the
// browser sends it on same-site requests only.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { DEVICE_COOKIE } from '../gateway/http/access.js';

export function sameOriginNavigation(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  return getCookie(c, DEVICE_COOKIE) !== undefined;
}
