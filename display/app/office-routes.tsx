// The office's own pages: every page for a paired device or this machine,
// following (and, on a same-origin load, moving) its screen; its live stream;
// the list of voice commands.
import type { Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { identify, principalLabel, requireAccess } from '../../gateway/http/access.js';
import { VoiceHelpPage } from '../help-voice.js';
import { sameOriginNavigation } from '../same-origin.js';
import { officeSecureHeaders, secureHeaders } from '../security.js';
import { OFFICE_ONLY_ROUTES, PAGE_ROUTES, type DisplayDeps } from './deps.js';
import type { EventRoutes } from './events.js';
import { SCREEN_COOKIE, htmlResponse, screenFor, unauthorizedPage, viewFromRequest } from './http.js';
import type { PageKit } from './pages.js';

export function mountOfficeRoutes(app: Hono, deps: DisplayDeps, kit: PageKit, events: EventRoutes): void {
  const { access, actions, config } = deps;
  const lang = config.office.language;
  const screenOf = (c: Context) => screenFor(c, access, actions);
  app.get('/events', secureHeaders, requireAccess(access, ['loopback', 'device', 'api']), events.handler(false, '', screenOf));
  app.get('/help/voice', secureHeaders, (c) => {
    if (identify(c, access).kind === 'anonymous') return unauthorizedPage(c, lang);
    return htmlResponse(c, '<!doctype html>' + String(<VoiceHelpPage lang={lang} commands={deps.catalog?.list('voice-command') ?? []} />));
  });
  // The CSP lets the camera player stream (media-src blob:) once cameras exist; the wall can open one on any page.
  const officeSecured = officeSecureHeaders(() => (deps.catalog?.list('camera').length ?? 0) > 0);
  for (const route of [...PAGE_ROUTES, ...OFFICE_ONLY_ROUTES]) {
    app.get(route, officeSecured, (c) => {
      const who = identify(c, access);
      if (who.kind === 'anonymous') return unauthorizedPage(c, lang);
      const view = viewFromRequest(c, '');
      if (!view) return c.notFound();
      const screen = screenOf(c);
      // Only a same-origin page load moves a screen (an <img> or iframe on another site's page must not steer the wall);
      // any other GET shows the screen's stored state and changes nothing.
      let shown = actions.get(screen)!.view;
      if (sameOriginNavigation(c)) {
        const q = c.req.query('screen');
        if (q === screen) setCookie(c, SCREEN_COOKIE, q, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 365 * 86_400 });
        shown = actions.show(screen, view, principalLabel(who, screen))!.view;
      }
      const res = htmlResponse(c, kit.pageHtml(kit.ctxFor(false, '', screen), shown, '/events', ''));
      const cookie = c.res.headers.get('set-cookie');
      if (cookie) res.headers.append('set-cookie', cookie);
      return res;
    });
  }
}
