// Live pushes shared per view. Clients that show the same view (office or
// public, language, page and sub-page: `keyOf`) get the same bytes, so a
// change is rendered once per view and fanned out to that view's clients
// through the hub (which keeps each client's queue and backpressure).
// Two lanes per view:
//  - figures: a change to a figure a panel declares (`PanelDecl.figures`) is
//    rendered as that figure alone and written in the same event-loop turn
//    as the commit that caused it;
//  - panels: everything else about a panel (a map's colours and legend, a
//    list) keeps the coalescing window: a change after a quiet spell is
//    pushed at once and opens the window; changes within it are merged into
//    one push at its end. A panel whose change was already shown as a figure
//    patch is redrawn later: no sooner than MIN_DEFER_WINDOWS windows after
//    the patch that made it dirty, no later than MAX_DEFER_WINDOWS, and timed
//    from a patch: half the feed's period after one (at most half a window),
//    i.e. mid-way to the next value, or once the feed has paused for a period
//    (a map swap landing on the next patch delays it on the wall). Redraws due
//    at the window's end are drawn one view per event-loop turn (turn-queue.ts).
// The public mirror's views take their figure patches on the window
// (`patchEveryMs`): the first at once, then at most one per window with every
// figure changed since (a flood's commits are not each fanned out to a
// crowd). A change the store marks private (a private poll's, an order's)
// never reaches a public view: it would time what the public may not see.
import type { ChangeNotice } from '../../gateway/store/types.js';
import type { PanelDecl } from '../fragments/types.js';
import { FIGURES_EVENT, type Hub, type HubClient, type SseMessage } from './hub.js';
import type { FigureBody, FigureRow } from './figure-patch.js';
import { groupByKind, matchPanels, type PanelMatch } from './panel-match.js';
import { TurnQueue, type NextTurn } from './turn-queue.js';

export { FIGURES_EVENT };

export interface LiveViewsOptions<S> {
  hub: Hub<S>;
  windowMs: number;
  /** Clients with the same key see the same page. */
  keyOf(state: S): string;
  /**
   * How often this view's clients may get a figure patch: 0 (the office's walls, default) in the commit's own turn;
   * more (the public crowd) the first at once, then at most one per this many ms with every figure changed since.
   */
  patchEveryMs?(state: S): number;
  /** Whether this view is the public mirror's: it never sees a change marked private (`ChangeNotice.private`). */
  isPublic?(state: S): boolean;
  /** The panels of that view and their dependencies (static; no store read). */
  panelsOf(state: S): readonly PanelDecl[];
  /** Renders the named panels once (as out-of-band swaps). */
  renderPanels(state: S, ids: ReadonlySet<string>): string;
  /**
   * Renders figures: per panel id, the keys whose element to draw; missing figures are left out.
   * `shared` lives for one commit's changes: a figure drawn the same in several views is drawn once.
   */
  renderFigures(state: S, figures: ReadonlyMap<string, ReadonlySet<string>>, shared: Map<string, FigureBody>): FigureRow[];
  /** Where a window's redraw runs: a later event-loop turn (default), one view per turn. */
  nextTurn?: NextTurn;
}

/** A panel redraw behind figure patches waits at least, and at most, this many windows. */
export const MIN_DEFER_WINDOWS = 10;
export const MAX_DEFER_WINDOWS = 20;
/** A redraw between two values needs at least this much room after a patch (the wall's browser swaps a map in ~5 ms). */
const MIN_REDRAW_GAP_MS = 20;

/** A view's throttled figure patches: what changed since the last one, and the interval's timer. */
interface FigureLane { pending: Map<string, Set<string>>; timer: ReturnType<typeof setTimeout> }

interface Group {
  dirty: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
  /** A change that no patch has shown is waiting: the window's end pushes it, quiet or not. */
  urgent: boolean;
  openedAt: number;
  lastPatchAt: number;
  /** The time between the last two patches: the feed's pace, to time a redraw between two values. */
  patchPeriod: number;
}

export class LiveViews<S> {
  private readonly groups = new Map<string, Group>();
  private readonly lanes = new Map<string, FigureLane>();

  private readonly now: () => number;
  private readonly redraws: TurnQueue;

  constructor(private readonly o: LiveViewsOptions<S> & { now?: () => number }) {
    this.now = o.now ?? Date.now;
    this.redraws = new TurnQueue((key, ids) => this.draw(key, ids), o.nextTurn);
  }

  /** Open coalescing windows (at most one per distinct view). */
  get openWindows(): number { return this.groups.size + this.lanes.size; }

  /** A commit's changes: figure patches now, panels per the window, each rendered once per view. */
  changed(notices: readonly ChangeNotice[]): void {
    if (notices.length === 0) return;
    // What the public views may know of: a private change makes them no push at all, not even a redraw that would
    // tell them it exists and when it changed. Filtered once per commit, and only when there is one.
    const forPublic = notices.some((n) => n.private) ? notices.filter((n) => !n.private) : notices;
    const shared = new Map<string, FigureBody>();
    const grouped = groupByKind(notices);
    const groupedPublic = forPublic === notices ? grouped : groupByKind(forPublic);
    // Views of the same page share one panel list: one match per list (and audience, when they differ).
    const matches = new Map<readonly PanelDecl[], PanelMatch>();
    const publicMatches = forPublic === notices ? matches : new Map<readonly PanelDecl[], PanelMatch>();
    for (const [key, clients] of this.byView()) {
      const state = clients[0]!.state;
      const isPublic = this.o.isPublic?.(state) ?? false;
      if (isPublic && forPublic.length === 0) continue;
      const decls = this.o.panelsOf(state);
      const memo = isPublic ? publicMatches : matches;
      let m = memo.get(decls);
      if (!m) memo.set(decls, (m = matchPanels(decls, isPublic ? groupedPublic : grouped)));
      const { now, later, figures } = m;
      if (now.size === 0 && later.size === 0) continue;
      const group = this.groups.get(key);
      // A push right now redraws every dirty panel of the view: no patch is needed for those.
      const pushNow = !group?.timer && now.size > 0;
      const every = this.o.patchEveryMs?.(state) ?? 0;
      const patched = !pushNow && figures.size > 0
        && (every > 0 ? this.throttleFigures(key, clients, figures, every, shared) : this.sendFigures(clients, figures, shared));
      this.mark(key, now, later, pushNow, patched);
    }
  }

  /** Drops every window (the display is closing). */
  close(): void {
    for (const g of this.groups.values()) if (g.timer) clearTimeout(g.timer);
    this.groups.clear();
    for (const l of this.lanes.values()) clearTimeout(l.timer);
    this.lanes.clear();
    this.redraws.clear();
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
  private sendFigures(clients: HubClient<S>[], figures: ReadonlyMap<string, ReadonlySet<string>>, shared: Map<string, FigureBody>): boolean {
    let rows: FigureRow[];
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

  /**
   * A throttled view's patch: at once when its lane is idle (true when it went out), else merged into the lane's
   * next one (true: it will go out within `every` ms; one that then finds nothing to draw makes its panels urgent).
   */
  private throttleFigures(key: string, clients: HubClient<S>[], figures: ReadonlyMap<string, ReadonlySet<string>>, every: number, shared: Map<string, FigureBody>): boolean {
    const lane = this.lanes.get(key);
    if (lane) {
      for (const [panel, keys] of figures) {
        const into = lane.pending.get(panel);
        if (into) for (const k of keys) into.add(k);
        else lane.pending.set(panel, new Set(keys));
      }
      return true;
    }
    const sent = this.sendFigures(clients, figures, shared);
    if (sent) this.openLane(key, every);
    return sent;
  }

  private openLane(key: string, every: number): void {
    const lane: FigureLane = {
      pending: new Map(),
      timer: setTimeout(() => {
        this.lanes.delete(key);
        if (lane.pending.size === 0) return; // quiet for a whole interval: the next patch goes at once
        const clients = this.byView().get(key);
        if (!clients) return;
        if (this.sendFigures(clients, lane.pending, new Map())) this.openLane(key, every);
        else this.mark(key, new Set(), new Set(lane.pending.keys()), false, false);
      }, every),
    };
    lane.timer.unref?.();
    this.lanes.set(key, lane);
  }

  private mark(key: string, now: ReadonlySet<string>, later: ReadonlySet<string>, pushNow: boolean, patched: boolean): void {
    let g = this.groups.get(key);
    const t = this.now();
    if (!g) this.groups.set(key, (g = { dirty: new Set(), timer: null, urgent: false, openedAt: t, lastPatchAt: 0, patchPeriod: 0 }));
    for (const id of now) g.dirty.add(id);
    for (const id of later) g.dirty.add(id);
    if (patched) {
      g.patchPeriod = g.lastPatchAt > 0 ? t - g.lastPatchAt : 0;
      g.lastPatchAt = t;
    }
    // A change no patch has shown (a list, a figure not drawn yet) keeps the plain window.
    const wasUrgent = g.urgent;
    if (now.size > 0 || (later.size > 0 && !patched)) g.urgent = true;
    if (g.timer) {
      // Merged into the push at the window's end; a redraw waiting behind patches must not hold it for 10–20 windows.
      if (g.urgent && !wasUrgent) {
        clearTimeout(g.timer);
        this.arm(key, g, this.o.windowMs);
      }
      return;
    }
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

  /**
   * How long after a patch a redraw behind it goes: half the feed's period, at most half a window; a feed too fast
   * to fit a redraw between two values waits for a pause of half a window (or MAX_DEFER_WINDOWS).
   */
  private redrawGapMs(g: Group): number {
    const half = Math.round(g.patchPeriod / 2);
    return half >= MIN_REDRAW_GAP_MS ? Math.min(half, this.quietMs()) : this.quietMs();
  }

  /** A redraw behind patches: how long it must still wait (0: now). */
  private deferredWaitMs(g: Group, t: number): number {
    const open = t - g.openedAt;
    const left = MAX_DEFER_WINDOWS * this.o.windowMs - open;
    if (left <= 0) return 0;
    if (open < MIN_DEFER_WINDOWS * this.o.windowMs) return MIN_DEFER_WINDOWS * this.o.windowMs - open;
    const since = t - g.lastPatchAt;
    const gap = this.redrawGapMs(g);
    if (since < gap) return Math.min(gap - since, left);
    // Past the gap after the last patch: the next value is near unless the feed paused; wait for it (its patch
    // re-arms this at its own gap), or for a whole period without one.
    const period = Math.max(g.patchPeriod, gap);
    if (since > gap + 2 && since < period + gap) return Math.min(period + gap - since, left);
    return 0;
  }

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
        const wait = this.deferredWaitMs(g, t);
        if (wait > 0) {
          this.arm(key, g, wait); // patches are still coming: wait for a gap between two of them
          return;
        }
      }
      // The push at the end closes the window: the next change is a first change again.
      if (g.dirty.size > 0) this.redraws.add(key, g.dirty);
      g.dirty = new Set();
      this.groups.delete(key);
    }, ms);
    g.timer.unref?.();
  }

  /** Draws the view's dirty panels now, with any of its redraws still waiting for their turn. */
  private flush(key: string, g: Group): void {
    const ids = g.dirty;
    g.dirty = new Set();
    for (const id of this.redraws.take(key) ?? []) ids.add(id);
    if (ids.size > 0) this.draw(key, ids);
  }

  private draw(key: string, ids: ReadonlySet<string>): void {
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
