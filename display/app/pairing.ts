// /pair?token=…: a device token pairs a wall or tablet (its cookie), the API
// token pairs a technician's laptop (the setup page). Rate-limited per address.
import type { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { DEVICE_COOKIE, TECHNICIAN_COOKIE, tokenEquals } from '../../gateway/http/access.js';
import { PerKeyRateLimit } from '../../gateway/util/rate-limit.js';
import { rateLimitedLog } from '../../gateway/log/rate-limited.js';
import { remoteKey } from '../remote.js';
import { secureHeaders } from '../security.js';
import type { DisplayDeps } from './deps.js';
import { unauthorizedPage } from './http.js';

export function mountPairing(app: Hono, deps: DisplayDeps): void {
  const { access, logger } = deps;
  // A token is long, but guessing must cost time, and the log stays small.
  const tries = new PerKeyRateLimit(10, 1024, deps.now ?? Date.now);
  // The per-address limit does not bound the log: an outsider may have many addresses.
  const limited = rateLimitedLog(logger);
  app.get('/pair', secureHeaders, (c) => {
    const take = tries.take(remoteKey(c) ?? 'loopback');
    if (!take.ok) return c.text('too many pairing attempts; retry later', 429, { 'retry-after': String(take.retryAfterSeconds) });
    const token = c.req.query('token') ?? '';
    if (access.apiToken && tokenEquals(token, access.apiToken)) {
      // A technician's laptop: the setup page, and the API, from this browser (SameSite=Strict: never on another site's requests).
      setCookie(c, TECHNICIAN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 30 * 86_400 });
      logger.info('display: technician laptop paired');
      return c.redirect('/setup', 303);
    }
    const device = access.deviceTokens.find((d) => tokenEquals(token, d.token));
    if (!device) {
      limited('pairing-refused', 'warn', {}, 'display: pairing refused (unknown token)');
      return unauthorizedPage(c, deps.config.office.language);
    }
    setCookie(c, DEVICE_COOKIE, device.token, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 400 * 86_400 }); // browsers cap cookies at 400 days
    logger.info({ device: device.id }, 'display: device paired');
    return c.redirect('/', 303);
  });
}
