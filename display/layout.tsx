// The page shell: header (title, link banner, clock), <main> with the panels,
// and the touch nav bar at the bottom edge where hands reach. No inline script.
import type { RenderCtx } from './context.js';
import type { View } from './view.js';
import { TOP_PAGES, viewPath } from './view.js';
import type { PageModel } from './pages/page-model.js';
import { LANG_NAMES, LANGS, t, type Lang } from './i18n.js';
import type { ScreenState } from '../gateway/actions/service.js';
import type { GestureEntry, VoiceCommandEntry } from '../gateway/catalog/index.js';
import { clock } from './format.js';

export const HTMX_CONFIG = JSON.stringify({
  extensions: 'sse,scpm', includeIndicatorCSS: false, history: false, mode: 'same-origin',
  sse: { pauseOnBackground: false, reconnectDelay: 250, reconnectMaxDelay: 15000 },
});

export function Banner(p: { ctx: RenderCtx; oob?: boolean }) {
  const { ctx } = p;
  const full = ctx.isPublic ? null : ctx.store.fullState();
  const text = ctx.link.up ? '' : ctx.link.since ? t(ctx.lang, 'linkDownSince', { t: clock(ctx.link.since, ctx.timeZone) }) : t(ctx.lang, 'linkDownNever');
  return (
    <div id="banner" role="status" aria-live="polite" class={ctx.link.up ? 'up' : 'down'} hx-swap-oob={p.oob ? 'true' : undefined}
      data-since={ctx.link.since ? String(ctx.link.since) : undefined}>
      {ctx.link.up ? <span class="link-ok"><span aria-hidden="true">●</span> {t(ctx.lang, 'linkUp')}</span> : <span class="link-down"><span aria-hidden="true">⚠</span> {text}</span>}
      {full ? <span class="store-full" data-store-full={full.cause}><span aria-hidden="true">⚠</span> {t(ctx.lang, 'diskFull')}</span> : null}
    </div>
  );
}

export function Title(p: { ctx: RenderCtx; model: PageModel; oob?: boolean }) {
  return (
    <h1 id="title" hx-swap-oob={p.oob ? 'true' : undefined}>
      <span class="office">{p.ctx.officeName}{p.ctx.isPublic ? ` · ${t(p.ctx.lang, 'publicMirror')}` : ''}</span>
      <span class="page-name">{p.model.title}</span>
    </h1>
  );
}

export interface NavLinks { prev: string; next: string }

export function Nav(p: { ctx: RenderCtx; view: View; links: NavLinks; oob?: boolean }) {
  const { ctx, view } = p;
  const b = ctx.base;
  const top = view.page === 'district' ? null : view.page;
  return (
    <nav id="nav" aria-label={t(ctx.lang, 'navPages')} hx-swap-oob={p.oob ? 'true' : undefined}>
      <a href={`${b}/`} class="btn home" data-action="home"><span aria-hidden="true">⌂</span> {t(ctx.lang, 'home')}</a>
      <a href={p.links.prev} class="btn" data-action="previous-page" aria-label={t(ctx.lang, 'previous')}>◀</a>
      {TOP_PAGES.map((pg) => (
        <a href={`${b}${viewPath({ page: pg, district: null, category: null, sub: 0, open: null, metric: null, camera: null })}`} class={`btn tab${top === pg ? ' on' : ''}`}
          aria-current={top === pg ? 'page' : undefined} data-action="navigate" data-page={pg}>{t(ctx.lang, pg)}</a>
      ))}
      <a href={p.links.next} class="btn" data-action="next-page" aria-label={t(ctx.lang, 'next')}>▶</a>
      {ctx.isPublic ? null : <a href={`${b}/`} class="btn" data-action="back"><span aria-hidden="true">↩</span> {t(ctx.lang, 'back')}</a>}
      {!ctx.isPublic && ctx.cameras.length > 0 ? <a href={`${b}/cameras`} class={`btn tab${view.page === 'cameras' ? ' on' : ''}`} data-action="navigate" data-page="cameras">{t(ctx.lang, 'cameras')}</a> : null}
      {ctx.isPublic ? null : <a href="#" class="btn" data-action="show-help" aria-label={t(ctx.lang, 'help')}>?</a>}
      {LANGS.map((l) => (l === ctx.lang || ctx.langBases[l] === undefined ? null
        : <a href={`${ctx.langBases[l]}${viewPath(view)}`} class="btn lang" lang={l} hreflang={l}>{LANG_NAMES[l]}</a>))}
    </nav>
  );
}

/** Both office languages, the office's own first (captions and the overlay are read by whoever stands there). */
function Both(p: { lang: Lang; text: { en: string; ko: string }; class?: string }) {
  const other: Lang = p.lang === 'en' ? 'ko' : 'en';
  return (
    <span class={p.class}>
      <span lang={p.lang}>{p.text[p.lang]}</span>
      <span class="second" lang={other}>{p.text[other]}</span>
    </span>
  );
}

const OVERLAY_TEXT = {
  help: { en: 'What you can do on this page', ko: '이 화면에서 할 수 있는 것' },
  say: { en: 'Say', ko: '말하기' },
  gesture: { en: 'Gesture', ko: '제스처' },
  none: { en: 'No gesture device or microphone is connected; touch works everywhere.', ko: '연결된 제스처 장치나 마이크가 없습니다. 터치는 어디서나 됩니다.' },
  confirm: { en: 'Confirm', ko: '확인' },
  cancel: { en: 'Cancel', ko: '취소' },
  listening: { en: 'Listening…', ko: '듣는 중…' },
  muted: { en: 'Microphone off', ko: '마이크 꺼짐' },
  talk: { en: 'Talk', ko: '말하기' },
  micOn: { en: 'Microphone on', ko: '마이크 켜기' },
  close: { en: 'Close', ko: '닫기' },
};

export interface HelpLists {
  gestures: GestureEntry[];
  voice: VoiceCommandEntry[];
  /** An office microphone listens: the page offers push-to-talk (or, muted, to turn it back on). */
  microphone?: boolean;
}

/** Push-to-talk: opens a listening window; muted, it turns the microphone back on instead. */
function TalkButton(p: { lang: Lang; state: ScreenState }) {
  return p.state.muted
    ? <a href="#" class="btn ptt off" data-action="unmute"><span aria-hidden="true">🔇</span> <Both lang={p.lang} text={OVERLAY_TEXT.micOn} /></a>
    : <a href="#" class="btn ptt" data-action="listen" aria-pressed={p.state.listening ? 'true' : 'false'}><span aria-hidden="true">🎙</span> <Both lang={p.lang} text={OVERLAY_TEXT.talk} /></a>;
}

/** What is drawn over the page: a caption, a pending confirmation, the listening state, the help overlay. */
export function Overlay(p: { ctx: RenderCtx; state: ScreenState | null; help?: HelpLists; oob?: boolean }) {
  const { ctx, state } = p;
  const lang = ctx.lang;
  if (ctx.isPublic || !state) return <div id="overlay" hx-swap-oob={p.oob ? 'true' : undefined} />;
  const help = p.help ?? { gestures: [], voice: [] };
  return (
    <div id="overlay" hx-swap-oob={p.oob ? 'true' : undefined} data-help={state.help ? 'true' : undefined} data-listening={state.listening ? 'true' : undefined} data-muted={state.muted ? 'true' : undefined}>
      {state.listening ? <div class="listening" role="status"><span aria-hidden="true">🎙</span> <Both lang={lang} text={OVERLAY_TEXT.listening} /></div> : null}
      {state.muted ? <div class="mic-off" role="status"><span aria-hidden="true">🔇</span> <Both lang={lang} text={OVERLAY_TEXT.muted} /></div> : null}
      {state.caption ? <div class="caption" role="status" aria-live="polite">{state.caption}</div> : null}
      {help.microphone ? <TalkButton lang={lang} state={state} /> : null}
      {state.pending ? (
        <div class="pending" role="alertdialog" aria-label={state.pending.label[lang]} data-expires={String(state.pending.expiresAt)}>
          <Both lang={lang} text={state.pending.label} class="question" />
          <div class="choices">
            <a href="#" class="btn confirm" data-action="confirm"><Both lang={lang} text={OVERLAY_TEXT.confirm} /></a>
            <a href="#" class="btn cancel" data-action="cancel"><Both lang={lang} text={OVERLAY_TEXT.cancel} /></a>
          </div>
        </div>
      ) : null}
      {state.help ? (
        <section class="help" aria-label={OVERLAY_TEXT.help[lang]}>
          <h2><Both lang={lang} text={OVERLAY_TEXT.help} /></h2>
          {help.voice.length ? (
            <div class="say"><h3><Both lang={lang} text={OVERLAY_TEXT.say} /></h3>
              <ul>{help.voice.slice(0, 12).map((v) => <li lang={v.lang}>“{v.text}”</li>)}</ul>
              {help.voice.length > 12 ? <a href="/help/voice" class="more"><Both lang={lang} text={{ en: `All ${help.voice.length} commands`, ko: `명령 ${help.voice.length}개 모두` }} /></a> : null}</div>
          ) : null}
          {help.gestures.length ? (
            <div class="gesture"><h3><Both lang={lang} text={OVERLAY_TEXT.gesture} /></h3>
              <ul>{help.gestures.map((g) => <li><span class="key">{g.key}</span> {g.cue ? <Both lang={lang} text={g.cue} /> : g.action}</li>)}</ul></div>
          ) : null}
          {help.voice.length === 0 && help.gestures.length === 0 ? <p><Both lang={lang} text={OVERLAY_TEXT.none} /></p> : null}
          <a href="#" class="btn" data-action="hide-help"><Both lang={lang} text={OVERLAY_TEXT.close} /></a>
        </section>
      ) : null}
    </div>
  );
}

export function Main(p: { ctx: RenderCtx; view: View; model: PageModel; oob?: boolean }) {
  const path = viewPath(p.view);
  return (
    <main id="main" class={p.model.layout} data-path={`${p.ctx.base}${path}`} data-sub={String(p.view.sub)} data-sub-count={String(p.model.subCount)}
      hx-swap-oob={p.oob ? 'true' : undefined}>
      {p.model.panels.map((panel) => panel.render(false))}
    </main>
  );
}

export function Page(p: { ctx: RenderCtx; view: View; model: PageModel; links: NavLinks; buildId: string; eventsUrl: string; assetBase: string; screen?: ScreenState | null; help?: HelpLists }) {
  const { ctx } = p;
  // The camera player and its styles, on office pages once cameras exist (any page can open one).
  const cameras = !ctx.isPublic && ctx.cameras.length > 0;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <meta name="color-scheme" content="dark" />
        <title>{`${p.model.title} · ${ctx.officeName}`}</title>
        <link rel="stylesheet" href={`${p.assetBase}/assets/wall.css?v=${p.buildId}`} />
        {cameras ? <link rel="stylesheet" href={`${p.assetBase}/assets/camera.css?v=${p.buildId}`} /> : null}
      </head>
      <body data-link={ctx.link.up ? 'up' : 'down'} data-build={p.buildId} data-screen={ctx.screen ?? undefined} data-public={ctx.isPublic ? 'true' : undefined}
        data-base={ctx.base} data-stale-label={t(ctx.lang, 'stale')} data-lang={ctx.lang} data-now={String(ctx.now)}>
        <div id="sse" hx-sse:connect={p.eventsUrl} hx-swap="none" />
        <header id="top">
          <Title ctx={ctx} model={p.model} />
          <Banner ctx={ctx} />
          <time id="clock" class="num" datetime={new Date(ctx.now).toISOString()} data-tz={ctx.timeZone}>{clock(ctx.now, ctx.timeZone)}</time>
        </header>
        <Main ctx={ctx} view={p.view} model={p.model} />
        <Nav ctx={ctx} view={p.view} links={p.links} />
        <Overlay ctx={ctx} state={p.screen ?? null} help={p.help} />
        <script src={`${p.assetBase}/assets/htmx.min.js?v=4.0.1`} />
        <script src={`${p.assetBase}/assets/hx-sse.min.js?v=4.0.1`} />
        <script src={`${p.assetBase}/assets/wall.js?v=${p.buildId}`} />
        {cameras ? <script src={`${p.assetBase}/assets/camera-player.js?v=${p.buildId}`} defer /> : null}
      </body>
    </html>
  );
}
