// Headers for every display response: a CSP with no inline script and no eval.
import type { MiddlewareHandler } from 'hono';

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The office pages' CSP once cameras exist: MSE plays from blob: URLs (and nowhere else is it widened). */
export const CSP_WITH_CAMERAS = `${CSP}; media-src 'self' blob:`;

function setHeaders(h: Headers, csp: string): void {
  h.set('Content-Security-Policy', csp);
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('Referrer-Policy', 'no-referrer');
  h.set('X-Frame-Options', 'DENY');
  h.set('Cross-Origin-Opener-Policy', 'same-origin');
  h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

export const secureHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  setHeaders(c.res.headers, CSP);
};

/** The office's page routes: as `secureHeaders`, with media-src for the camera player while cameras are configured. */
export function officeSecureHeaders(cameras: () => boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    setHeaders(c.res.headers, cameras() ? CSP_WITH_CAMERAS : CSP);
  };
}
