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

/** The headers every display response carries (a response written straight to Node's takes them from here). */
export function securityHeaders(csp: string = CSP): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}

function setHeaders(h: Headers, csp: string): void {
  for (const [k, v] of Object.entries(securityHeaders(csp))) h.set(k, v);
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
