// The setup page's document: its sections as rendered now, the live stream
// it connects to, the language switch.
import { raw } from 'hono/html';
import { HTMX_CONFIG } from '../layout.js';
import type { SectionCtx } from './sections.js';
import { st, type SetupLang } from './text.js';

export function setupPageHtml(ctx: SectionCtx, sections: string[], buildId: string): string {
  const { lang } = ctx;
  const q = new URLSearchParams({ lang, ...(ctx.logBridge ? { bridge: ctx.logBridge } : {}), ...(ctx.logLevel ? { level: String(ctx.logLevel) } : {}) });
  const other: SetupLang = lang === 'en' ? 'ko' : 'en';
  return '<!doctype html>' + String(
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <meta name="color-scheme" content="dark" />
        <title>{st(lang, 'title')} · SCPM Edge</title>
        <link rel="stylesheet" href={`/assets/setup.css?v=${buildId}`} />
      </head>
      <body class="setup" data-lang={lang}>
        <div id="sse" hx-sse:connect={`/setup/events?${q.toString()}`} hx-swap="none" />
        <header><h1>{st(lang, 'title')}</h1><a class="btn" href={`/setup?lang=${other}`} lang={other}>{st(lang, 'language')}</a><a class="btn" href="/">wall</a></header>
        <main>{sections.map((h) => <>{raw(h)}</>)}</main>
        <script src="/assets/htmx.min.js?v=4.0.1" />
        <script src="/assets/hx-sse.min.js?v=4.0.1" />
        <script src={`/assets/setup.js?v=${buildId}`} />
      </body>
    </html>,
  );
}

/** There is no login page: the 401 says how a laptop is paired. */
export function setupUnauthorizedHtml(lang: SetupLang): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>401</title><link rel="stylesheet" href="/assets/setup.css"></head><body class="setup"><main><h1>401</h1>`
    + '<p>The setup page is for this machine, or a laptop paired with the API token once: open <code>/pair?token=API-TOKEN</code> (auth.apiToken in the office configuration). There is no login page.</p></main></body></html>';
}
