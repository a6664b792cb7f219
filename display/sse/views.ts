// Live pushes shared per view. Clients that show the same view (office or
// public, language, page and sub-page: `keyOf`) get the same bytes, so a
// change is rendered once per view and fanned out to that view's clients
// through the hub (which keeps each client's queue and backpressure).
// Two lanes per view:
//  - figures: a change to a figure a panel declares (`PanelDecl.figures`) is
//    rendered as that figure alone and written in the same event-loop turn
//    as the commit that caused it (the ingest group commit already merges a
//    burst into at most one commit per frame);
//  - panels: everything else about a panel (a map's colours and legend, a
//    list) keeps the coalescing window: a change after a quiet spell is
//    pushed at once and opens the window; changes within it are merged into
//    one push at its end. A panel whose change was already shown as a figure
//    patch is redrawn at the window's end, not at once, so the wall's next
//    frame carries the small patch only.
import type { ChangeNotice } from '../../gateway/store/types.js';
import { anyMatches, type PanelDecl } from '../fragments/types.js';
import type { Hub, HubClient, SseMessage } from './hub.js';

/** The event of a figure patch: data is JSON `[[panelId, dataKey, html], …]`. */
export const FIGURES_EVENT = 'scpm:figs';

export interface LiveViewsOptions<S> {
  hub: Hub<S>;
  windowMs: number;
  /** Clients with the same key see the same page. */
  keyOf(state: S): string;
  /** The panels of that view and their dependencies (static; no store read). */
  panelsOf(state: S): readonly PanelDecl[];
  /** Renders the named panels once (as out-of-band swaps). */
  renderPanels(state: S, ids: ReadonlySet<string>): string;
  /** Renders figures once: per panel id, the keys whose element to draw. Missing figures are left out. */
  renderFigures(state: S, figures: ReadonlyMap<string, ReadonlySet<string>>): [string, string, string][];
}

interface Group {
  dirty: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
}

export class LiveViews<S> {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly o: LiveViewsOptions<S>) {}

  /** Open coalescing windows (at most one per distinct view). */
  get openWindows(): number { return this.groups.size; }

  /** A commit's changes: figure patches now, panels per the window, each rendered once per view. */
  changed(notices: readonly ChangeNotice[]): void {
    if (notices.length === 0) return;
    for (const [key, clients] of this.byView()) {
      const state = clients[0]!.state;
      const now = new Set<string>();
      const later = new Set<string>();
      const figures = new Map<string, Set<string>>();
      for (const d of this.o.panelsOf(state)) {
        for (const n of notices) {
          if (anyMatches(d.figures, n)) {
            let keys = figures.get(d.id);
            if (!keys) figures.set(d.id, (keys = new Set()));
            keys.add(n.key);
            later.add(d.id);
          } else if (anyMatches(d.deps, n)) now.add(d.id);
        }
      }
      if (now.size === 0 && later.size === 0) continue;
      const group = this.groups.get(key);
      // A push right now redraws every dirty panel of the view: no patch is needed for those.
      const pushNow = !group?.timer && now.size > 0;
      if (!pushNow && figures.size > 0) this.sendFigures(clients, figures);
      this.mark(key, now, later, pushNow);
    }
  }

  /** Drops every window (the display is closing). */
  close(): void {
    for (const g of this.groups.values()) if (g.timer) clearTimeout(g.timer);
    this.groups.clear();
  }

  private byView(): Map<string, HubClient<S>[]> {
    const out = new Map<string, HubClient<S>[]>();
    for (const c of this.o.hub.all()) {
      const k = this.o.keyOf(c.state);
      const list = out.get(k);
      if (list) list.push(c);
      else out.set(k, [c]);
    }
    return out;
  }

  private sendFigures(clients: HubClient<S>[], figures: Map<string, Set<string>>): void {
    let rows: [string, string, string][];
    try {
      rows = this.o.renderFigures(clients[0]!.state, figures);
    } catch {
      this.o.hub.countRenderError();
      return;
    }
    if (rows.length === 0) return;
    const msgs: SseMessage[] = [{ event: FIGURES_EVENT, data: JSON.stringify(rows) }];
    for (const c of clients) this.o.hub.send(c, msgs);
  }

  private mark(key: string, now: Set<string>, later: Set<string>, pushNow: boolean): void {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { dirty: new Set(), timer: null }));
    for (const id of now) g.dirty.add(id);
    for (const id of later) g.dirty.add(id);
    if (g.timer) return; // merged into the push at the window's end
    if (pushNow) this.flush(key, g);
    this.openWindow(key, g);
  }

  private openWindow(key: string, g: Group): void {
    if (this.o.windowMs <= 0) {
      this.flush(key, g);
      this.groups.delete(key);
      return;
    }
    g.timer = setTimeout(() => {
      g.timer = null;
      // The push at the end closes the window: the next change is a first change again.
      this.flush(key, g);
      this.groups.delete(key);
    }, this.o.windowMs);
    g.timer.unref?.();
  }

  private flush(key: string, g: Group): void {
    if (g.dirty.size === 0) return;
    const ids = g.dirty;
    g.dirty = new Set();
    const clients = this.byView().get(key);
    if (!clients) return; // everyone left this view
    let html: string;
    try {
      html = this.o.renderPanels(clients[0]!.state, ids);
    } catch {
      this.o.hub.countRenderError();
      return;
    }
    if (!html) return;
    const msgs: SseMessage[] = [{ data: html }];
    for (const c of clients) this.o.hub.send(c, msgs);
  }
}
