// The live side's rendering: a client's full redraw (shared per view through
// the resync cache) and its overlay, and the per-view panels and figures
// (display/sse/views.ts) — each drawn once for all the clients that show it.
import { Banner, Main, Nav, Overlay, Title } from '../layout.js';
import { pageModel, pagePanels } from '../pages/index.js';
import type { PanelSpec } from '../fragments/types.js';
import { Hub, RESYNC, type HubClient, type SseMessage } from '../sse/hub.js';
import { LiveViews } from '../sse/views.js';
import { figureBodyOf, type FigureBody, type FigureRow } from '../sse/figure-patch.js';
import { ResyncCache } from '../sse/resync-cache.js';
import { viewPath, type View } from '../view.js';
import type { ClientState, DisplayDeps } from './deps.js';
import type { PageKit } from './pages.js';

/** The overlay fragment's dirty id (help, caption, confirmation, listening). */
export const OVERLAY = 'overlay';
/** A full redraw is shared by the clients of a view for this long at most (ages on it are counted from its render). */
const RESYNC_MAX_AGE_MS = 250;

export interface Live {
  hub: Hub<ClientState>;
  views: LiveViews<ClientState>;
  resyncs: ResyncCache;
}

/** Clients with the same key see the same page: audience, link base, language and view. */
function viewKeys(): (s: ClientState) => string {
  const keys = new WeakMap<View, string>();
  // Asked for every client on every commit: kept per view object (a screen that moves gets a new one; an office
  // screen's clients share theirs, a public client parses its own, so one object never serves two audiences).
  return (s) => {
    let key = keys.get(s.view);
    if (key === undefined) keys.set(s.view, (key = `${s.isPublic ? 'public' : 'office'}|${s.base}|${s.lang}|${viewPath(s.view)}`));
    return key;
  };
}

/** A client's own push: a full redraw (shared with its view's other clients) or its overlay. */
function clientRender(deps: DisplayDeps, kit: PageKit, resyncs: ResyncCache, viewKey: (s: ClientState) => string) {
  return (client: HubClient<ClientState>, dirty: Set<string>, resync: boolean): SseMessage[] => {
    const s = client.state;
    const ctx = kit.ctxFor(s.isPublic, s.base, s.screen, s.lang);
    const overlay = () => String(<Overlay ctx={ctx} state={s.screen ? deps.actions.state(s.screen) : null} help={kit.helpFor(s.screen)} oob />);
    if (!resync && !dirty.has(RESYNC)) return dirty.has(OVERLAY) ? [{ data: overlay() }] : [];
    // An office screen's own overlay is added per client; the public mirror's is everyone's.
    const page = (withOverlay: boolean): SseMessage[] => {
      const model = pageModel(ctx, s.view);
      const html = [
        String(<Main ctx={ctx} view={s.view} model={model} oob />),
        String(<Nav ctx={ctx} view={s.view} links={kit.navLinks(ctx, s.view)} oob />),
        String(<Title ctx={ctx} model={model} oob />),
        String(<Banner ctx={ctx} oob />),
        withOverlay ? overlay() : '',
      ].join('');
      return [
        { event: 'scpm:state', data: JSON.stringify({ path: `${s.base}${viewPath(s.view)}`, link: ctx.link, build: deps.buildId, now: ctx.now }) },
        { data: html },
      ];
    };
    if (!s.screen) return resyncs.get(viewKey(s), () => page(true));
    const [state, body] = resyncs.get(`${viewKey(s)}|${s.screen}`, () => page(false));
    return [state!, { data: body!.data + overlay() }];
  };
}

/** The view's panels, declared without reading data (bounded cache: views are few, but the query part is open-ended). */
function panelSpecs(): (s: ClientState) => PanelSpec[] {
  const declared = new Map<string, PanelSpec[]>();
  return (s) => {
    const key = viewPath(s.view);
    let specs = declared.get(key);
    if (!specs) {
      if (declared.size >= 256) declared.clear();
      declared.set(key, (specs = pagePanels(s.view)));
    }
    return specs;
  };
}

/** Figures per panel, each drawn once per commit and audience (`shared`), as `[panelId, key, body]` rows. */
function figureRenderer(deps: DisplayDeps, kit: PageKit, specsOf: (s: ClientState) => PanelSpec[]) {
  return (s: ClientState, figures: ReadonlyMap<string, ReadonlySet<string>>, shared: Map<string, FigureBody>): FigureRow[] => {
    let ctx: ReturnType<PageKit['ctxFor']> | null = null;
    const rows: FigureRow[] = [];
    for (const p of specsOf(s)) {
      const keys = figures.get(p.id);
      if (!keys) continue;
      let panel: ReturnType<PanelSpec['build']> | null = null;
      for (const key of keys) {
        // A figure is drawn from its key alone (not the page's links or layout): the same in every view of this audience.
        const memoKey = `${s.isPublic}|${s.lang}|${p.id}|${key}`;
        let body = shared.get(memoKey);
        if (body === undefined) {
          ctx ??= kit.ctxFor(s.isPublic, s.base, null, s.lang);
          panel ??= p.build(ctx);
          const el = panel.figure?.(key);
          // Only a drawn figure is shared: whether a panel draws it can depend on the view (its sub-page).
          if (el) shared.set(memoKey, (body = figureBodyOf(el)));
        }
        if (body) rows.push([p.id, key, body]);
      }
    }
    return rows;
  };
}

export function createLive(deps: DisplayDeps, kit: PageKit): Live {
  const { config, metrics } = deps;
  const resyncs = new ResyncCache({ maxAgeMs: RESYNC_MAX_AGE_MS, maxEntries: 256, now: deps.now ?? Date.now });
  metrics.gauge('scpm_sse_resync_renders', 'Full live redraws rendered since start (clients of the same view share one).', () => resyncs.renders);
  const viewKey = viewKeys();
  const hub = new Hub<ClientState>({ windowMs: config.display.pushWindowMs, maxQueue: 8, metrics, render: clientRender(deps, kit, resyncs, viewKey) });
  const specsOf = panelSpecs();
  const views = new LiveViews<ClientState>({
    hub,
    windowMs: config.display.pushWindowMs,
    keyOf: viewKey,
    // The public mirror's crowd gets at most one figure patch per window (a flood's commits are not fanned out to every viewer).
    patchEveryMs: (s) => (s.isPublic ? config.display.pushWindowMs : 0),
    isPublic: (s) => s.isPublic,
    panelsOf: specsOf,
    renderPanels: (s, ids) => {
      const ctx = kit.ctxFor(s.isPublic, s.base, null, s.lang);
      return specsOf(s).filter((p) => ids.has(p.id)).map((p) => String(p.build(ctx).render(true))).join('');
    },
    renderFigures: figureRenderer(deps, kit, specsOf),
  });
  return { hub, views, resyncs };
}
