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
//    patch is redrawn later: in the first quiet gap of half a window after
//    the last patch, no sooner than MIN_DEFER_WINDOWS windows after the
//    patch that made it dirty and no later than MAX_DEFER_WINDOWS. The figure
//    is on the wall already; a map swap costs the wall's browser a full
//    re-raster of the map, and one landing on the next patch delays it (a
//    10/s feed against a 100 ms window would put every map swap on the next
//    value's frame).
// The public mirror's views take no figure patches (`patchesFigures`): their
// figures are panel redraws on the plain window, so a flood's commits are
// not each fanned out to a crowd of viewers.
import type { ChangeNotice } from '../../gateway/store/types.js';
import { anyMatches, type PanelDecl } from '../fragments/types.js';
import { FIGURES_EVENT, type Hub, type HubClient, type SseMessage } from './hub.js';

export { FIGURES_EVENT };

export interface LiveViewsOptions<S> {
  hub: Hub<S>;
  windowMs: number;
  /** Clients with the same key see the same page. */
  keyOf(state: S): string;
  /**
   * Whether this view's clients get figure patches in the commit's turn (the office's walls). A view that does not
   * (the public mirror, whose crowd can be large) gets its figures as panel redraws on the plain window: at most two
   * pushes per window per client, however many commits a flood makes.
   */
  patchesFigures?(state: S): boolean;
  /** The panels of that view and their dependencies (static; no store read). */
  panelsOf(state: S): readonly PanelDecl[];
  /** Renders the named panels once (as out-of-band swaps). */
  renderPanels(state: S, ids: ReadonlySet<string>): string;
  /**
   * Renders figures: per panel id, the keys whose element to draw; missing figures are left out.
   * `shared` lives for one commit's changes: a figure drawn the same in several views is drawn once.
   */
  renderFigures(state: S, figures: ReadonlyMap<string, ReadonlySet<string>>, shared: Map<string, string>): [string, string, string][];
}

/** A panel redraw behind figure patches waits at least, and at most, this many windows. */
export const MIN_DEFER_WINDOWS = 10;
export const MAX_DEFER_WINDOWS = 20;

interface Group {
  dirty: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
  /** A change that no patch has shown is waiting: the window's end pushes it, quiet or not. */
  urgent: boolean;
  openedAt: number;
  lastPatchAt: number;
}

export class LiveViews<S> {
  private readonly groups = new Map<string, Group>();

  private readonly now: () => number;

  constructor(private readonly o: LiveViewsOptions<S> & { now?: () => number }) {
    this.now = o.now ?? Date.now;
  }

  /** Open coalescing windows (at most one per distinct view). */
  get openWindows(): number { return this.groups.size; }

  /** A commit's changes: figure patches now, panels per the window, each rendered once per view. */
  changed(notices: readonly ChangeNotice[]): void {
    if (notices.length === 0) return;
    const shared = new Map<string, string>();
    for (const [key, clients] of this.byView()) {
      const state = clients[0]!.state;
      const patches = this.o.patchesFigures?.(state) ?? true;
      const now = new Set<string>();
      const later = new Set<string>();
      const figures = new Map<string, Set<string>>();
      for (const d of this.o.panelsOf(state)) {
        for (const n of notices) {
          if (patches && anyMatches(d.figures, n)) {
            let keys = figures.get(d.id);
            if (!keys) figures.set(d.id, (keys = new Set()));
            keys.add(n.key);
            later.add(d.id);
          } else if (anyMatches(d.deps, n) || anyMatches(d.figures, n)) now.add(d.id);
        }
      }
      if (now.size === 0 && later.size === 0) continue;
      const group = this.groups.get(key);
      // A push right now redraws every dirty panel of the view: no patch is needed for those.
      const pushNow = !group?.timer && now.size > 0;
      const patched = !pushNow && figures.size > 0 && this.sendFigures(clients, figures, shared);
      this.mark(key, now, later, pushNow, patched);
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

  /** Whether a patch went out (false: none of the figures is drawn now, or the render failed). */
  private sendFigures(clients: HubClient<S>[], figures: Map<string, Set<string>>, shared: Map<string, string>): boolean {
    let rows: [string, string, string][];
    try {
      rows = this.o.renderFigures(clients[0]!.state, figures, shared);
    } catch {
      this.o.hub.countRenderError();
      return false;
    }
    if (rows.length === 0) return false;
    const msgs: SseMessage[] = [{ event: FIGURES_EVENT, data: JSON.stringify(rows) }];
    for (const c of clients) this.o.hub.send(c, msgs);
    return true;
  }

  private mark(key: string, now: Set<string>, later: Set<string>, pushNow: boolean, patched: boolean): void {
    let g = this.groups.get(key);
    const t = this.now();
    if (!g) this.groups.set(key, (g = { dirty: new Set(), timer: null, urgent: false, openedAt: t, lastPatchAt: 0 }));
    for (const id of now) g.dirty.add(id);
    for (const id of later) g.dirty.add(id);
    if (patched) g.lastPatchAt = t;
    // A change no patch has shown (a list, a figure not drawn yet) keeps the plain window.
    if (now.size > 0 || (later.size > 0 && !patched)) g.urgent = true;
    if (g.timer) return; // merged into the push at the window's end
    if (pushNow) {
      this.flush(key, g);
      g.urgent = false;
      this.arm(key, g, this.o.windowMs);
    } else {
      g.openedAt = t;
      this.arm(key, g, g.urgent ? this.o.windowMs : this.quietMs());
    }
  }

  private quietMs(): number { return Math.max(1, Math.round(this.o.windowMs / 2)); }

  private arm(key: string, g: Group, ms: number): void {
    if (this.o.windowMs <= 0) {
      this.flush(key, g);
      this.groups.delete(key);
      return;
    }
    g.timer = setTimeout(() => {
      g.timer = null;
      const t = this.now();
      if (!g.urgent && g.dirty.size > 0) {
        const open = t - g.openedAt;
        const wait = Math.max(MIN_DEFER_WINDOWS * this.o.windowMs - open, this.quietMs() - (t - g.lastPatchAt));
        if (wait > 0 && open < MAX_DEFER_WINDOWS * this.o.windowMs) {
          this.arm(key, g, Math.min(wait, MAX_DEFER_WINDOWS * this.o.windowMs - open)); // patches are still coming: wait for a gap
          return;
        }
      }
      // The push at the end closes the window: the next change is a first change again.
      this.flush(key, g);
      this.groups.delete(key);
    }, ms);
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
