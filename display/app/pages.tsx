// Rendering shared by the office pages, the public mirror and the live
// pushes: a render context, the help lists, the ring links, a whole page.
import type { Navigator } from '../../gateway/actions/navigator.js';
import { ringNext } from '../../gateway/actions/reduce.js';
import { makeCtx, type RenderCtx } from '../context.js';
import { Page, type HelpLists } from '../layout.js';
import { displayNavigator } from '../navigator.js';
import { pageModel } from '../pages/index.js';
import { viewPath, type View } from '../view.js';
import type { DisplayDeps } from './deps.js';
import type { Lang } from '../i18n.js';
import { DrawnMaps } from '../map/drawn-tones.js';

export interface PageKit {
  /** `lang`: the public reader's language (the office app is always in the office's). */
  ctxFor(isPublic: boolean, base: string, screen: string | null, lang?: Lang): RenderCtx;
  /** What can be said and gestured on a screen (the catalog's entries for it). */
  helpFor(screen: string | null): HelpLists;
  navLinks(ctx: RenderCtx, v: View): { prev: string; next: string };
  pageHtml(ctx: RenderCtx, view: View, eventsUrl: string, assetBase: string): string;
}

export function createPageKit(deps: DisplayDeps): PageKit {
  const { config, store, actions } = deps;
  const now = deps.now ?? Date.now;
  const drawnMaps = new DrawnMaps();
  const ctxFor = (isPublic: boolean, base: string, screen: string | null, lang?: Lang): RenderCtx =>
    makeCtx({ store, config, now: now(), link: deps.link(), isPublic, base, screen, lang, cameras: () => deps.catalog?.list('camera') ?? [], drawnMaps });
  /**
   * `during`: the render this navigation belongs to, whose store reads it shares, and whose audience it counts
   * with (the public mirror's sub-pages hold no private poll).
   */
  const navigator = (during: RenderCtx): Navigator => displayNavigator(() => ({ ...ctxFor(during.isPublic, during.base, during.screen, during.lang), memo: during.memo }));
  const helpFor = (screen: string | null) => ({
    gestures: screen ? deps.catalog?.list('gesture').filter((g) => g.screen === screen) ?? [] : [],
    voice: deps.catalog?.list('voice-command').filter((v) => v.heard) ?? [],
    microphone: actions.has('voice'),
  });
  const navLinks = (ctx: RenderCtx, v: View) => {
    const nav = navigator(ctx);
    return { prev: `${ctx.base}${viewPath(ringNext(v, nav, -1))}`, next: `${ctx.base}${viewPath(ringNext(v, nav, 1))}` };
  };
  const pageHtml = (ctx: RenderCtx, view: View, eventsUrl: string, assetBase: string) => {
    const model = pageModel(ctx, view);
    const screen = ctx.screen ? actions.state(ctx.screen) : null;
    return '<!doctype html>' + String(<Page ctx={ctx} view={view} model={model} links={navLinks(ctx, view)} buildId={deps.buildId} eventsUrl={eventsUrl} assetBase={assetBase} screen={screen} help={helpFor(ctx.screen)} />);
  };
  return { ctxFor, helpFor, navLinks, pageHtml };
}
