import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Metrics } from '../../gateway/metrics.js';
import type { ChangeNotice } from '../../gateway/store/types.js';
import type { PanelDecl } from '../fragments/types.js';
import { Hub, type SseMessage } from './hub.js';
import { FIGURES_EVENT, LiveViews, MAX_DEFER_WINDOWS, MIN_DEFER_WINDOWS } from './views.js';
import type { FigureRow } from './figure-patch.js';

interface S { view: string }

/** Two views: a map page (a heavy panel with figures, and a list) and a text page. */
const PANELS: Record<string, PanelDecl[]> = {
  '/urban': [
    { id: 'p-map', deps: [{ kind: 'urban', keyPrefix: 'urban:pm25:' }], figures: [{ kind: 'urban', keyPrefix: 'urban:pm25:' }] },
    { id: 'p-incidents', deps: [{ kind: 'incident' }] },
  ],
  '/pledges': [{ id: 'p-pledges', deps: [{ kind: 'pledge' }] }],
};

const reading = (district: string): ChangeNotice => ({ kind: 'urban', key: `urban:pm25:${district}`, ts: 't', district });
const incident: ChangeNotice = { kind: 'incident', key: 'incident:1', ts: 't' };

/** `nextTurn`: where a window's redraw runs; at once unless a test takes the turns itself. */
function setup(windowMs = 100, patchEveryMs?: (s: S) => number, nextTurn: (run: () => void) => void = (run) => run()) {
  const metrics = new Metrics();
  const hub = new Hub<S>({ windowMs, maxQueue: 8, metrics, render: () => [] });
  const renders = { panels: [] as string[], figures: [] as string[] };
  let failFigures = false;
  const live = new LiveViews<S>({
    hub, windowMs, patchEveryMs, nextTurn,
    keyOf: (s) => s.view,
    // A view named `public:/page` is that page on the public mirror.
    isPublic: (s) => s.view.startsWith('public:'),
    panelsOf: (s) => PANELS[s.view.replace(/^public:/, '')] ?? [],
    renderPanels: (s, ids) => {
      renders.panels.push(`${s.view}:${[...ids].sort().join(',')}`);
      return [...ids].sort().map((id) => `<section id="${id}">`).join('');
    },
    renderFigures: (s, figures, shared) => {
      if (failFigures) throw new Error('template bug');
      const rows: FigureRow[] = [];
      for (const [panel, keys] of figures) {
        for (const key of keys) {
          let html = shared.get(key);
          if (!html) {
            renders.figures.push(`${s.view}:${key}`);
            shared.set(key, (html = `<text data-key="${key}">`));
          }
          rows.push([panel, key, html]);
        }
      }
      return rows;
    },
  });
  const clients: { state: S; written: SseMessage[] }[] = [];
  const connect = (view: string) => {
    const written: SseMessage[] = [];
    hub.add({ view }, { write: async (m) => { written.push(m); } });
    clients.push({ state: { view }, written });
    return written;
  };
  return { hub, live, metrics, renders, connect, fail: (v: boolean) => { failFigures = v; } };
}

describe('live views: a change rendered once per view', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a figure patch to every client of the view in the commit\'s own turn, drawn once', async () => {
    const t = setup();
    const a = t.connect('/urban');
    const b = t.connect('/urban');
    const other = t.connect('/pledges');
    t.live.changed([reading('11230')]);
    // No timer, no await: the patch is queued and its write started synchronously.
    for (const w of [a, b]) {
      expect(w).toHaveLength(1);
      expect(w[0]!.event).toBe(FIGURES_EVENT);
      expect(JSON.parse(w[0]!.data)).toEqual([['p-map', 'urban:pm25:11230', '<text data-key="urban:pm25:11230">']]);
    }
    expect(other).toHaveLength(0);
    expect(t.renders.figures).toEqual(['/urban:urban:pm25:11230']);
    expect(t.renders.panels).toEqual([]); // the map itself waits
  });

  it('gives a public view nothing for a private change, and the rest of a commit as before', async () => {
    const t = setup(100);
    const office = t.connect('/urban');
    const pub = t.connect('public:/urban');
    const secret: ChangeNotice = { ...incident, key: 'incident:2', private: true };
    t.live.changed([secret]);
    expect(office.map((m) => m.data)).toEqual(['<section id="p-incidents">']);
    expect(pub).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(pub).toEqual([]);
    expect(t.live.openWindows).toBe(0);
    // A commit with both: the public view gets what the public change alone would have given it.
    t.live.changed([secret, reading('11230')]);
    expect(pub.map((m) => m.event)).toEqual([FIGURES_EVENT]);
    await vi.advanceTimersByTimeAsync(MAX_DEFER_WINDOWS * 100);
    expect(pub.map((m) => m.data).slice(1)).toEqual(['<section id="p-map">']);
    expect(office.map((m) => m.data).slice(1)).toEqual(['<section id="p-incidents"><section id="p-map">']);
  });

  it('redraws the panel behind the patches in the first quiet gap, no sooner than MIN_DEFER windows', async () => {
    const t = setup(100);
    const w = t.connect('/urban');
    t.live.changed([reading('11230')]);
    await vi.advanceTimersByTimeAsync(100);
    t.live.changed([reading('11230')]); // a 10/s feed
    await vi.advanceTimersByTimeAsync(100);
    t.live.changed([reading('11230')]);
    expect(t.renders.panels).toEqual([]);
    await vi.advanceTimersByTimeAsync(MIN_DEFER_WINDOWS * 100);
    expect(t.renders.panels).toEqual(['/urban:p-map']); // once, for the three changes
    expect(w.filter((m) => m.event === FIGURES_EVENT)).toHaveLength(3);
    expect(w.at(-1)!.data).toBe('<section id="p-map">');
  });

  it('redraws a panel behind a steady stream of patches at most MAX_DEFER windows late', async () => {
    const t = setup(100);
    t.connect('/urban');
    for (let ms = 0; ms < MAX_DEFER_WINDOWS * 100 + 50; ms += 5) {
      t.live.changed([reading('11230')]);
      await vi.advanceTimersByTimeAsync(5);
    }
    expect(t.renders.panels).toEqual(['/urban:p-map']);
  });

  it('times the redraw behind a steady feed mid-way between two values, never on one', async () => {
    const t = setup(100);
    const w = t.connect('/urban');
    const t0 = Date.now();
    const at: number[] = [];
    t.live.changed([reading('11230')]);
    for (let i = 0; i < 40; i++) { // 10/s for 4 s: 10 windows are 10 values, the phase a window-timed redraw locks to
      for (let ms = 0; ms < 100; ms++) {
        const before = w.length;
        await vi.advanceTimersByTimeAsync(1); // a timer due with the next value runs first
        if (w.slice(before).some((m) => !m.event)) at.push(Date.now() - t0);
      }
      t.live.changed([reading('11230')]);
    }
    expect(at.length).toBeGreaterThanOrEqual(2);
    for (const ms of at) expect(ms % 100).toBe(50);
  });

  it('keeps the window for a list: a lone change at once, the rest merged at the window\'s end', async () => {
    const t = setup(100);
    const a = t.connect('/urban');
    const b = t.connect('/urban');
    t.live.changed([incident]);
    expect(t.renders.panels).toEqual(['/urban:p-incidents']);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.map((m) => m.data)).toEqual(['<section id="p-incidents">']);
    expect(b.map((m) => m.data)).toEqual(['<section id="p-incidents">']);
    t.live.changed([incident]);
    t.live.changed([incident]);
    await vi.advanceTimersByTimeAsync(99);
    expect(t.renders.panels).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.renders.panels).toEqual(['/urban:p-incidents', '/urban:p-incidents']);
    // The window closed with that push: the next lone change goes at once again.
    await vi.advanceTimersByTimeAsync(500);
    t.live.changed([incident]);
    expect(t.renders.panels).toHaveLength(3);
  });

  it('a push at once carries the figures too: no patch is sent for a panel drawn now', async () => {
    const t = setup(100);
    const w = t.connect('/urban');
    t.live.changed([incident, reading('11230')]);
    expect(t.renders.figures).toEqual([]);
    expect(t.renders.panels).toEqual(['/urban:p-incidents,p-map']);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.map((m) => m.event ?? 'html')).toEqual(['html']);
  });

  it('renders once per distinct view, whatever the number of its clients', async () => {
    const t = setup(0);
    for (let i = 0; i < 10; i++) t.connect('/urban');
    for (let i = 0; i < 10; i++) t.connect('/pledges');
    t.live.changed([incident, { kind: 'pledge', key: 'pledge:1', ts: 't' }]);
    expect(t.renders.panels.sort()).toEqual(['/pledges:p-pledges', '/urban:p-incidents']);
    expect(t.live.openWindows).toBe(0);
  });

  it('a figure render that throws costs that patch only (counted); the panel still follows', async () => {
    const t = setup(100);
    const w = t.connect('/urban');
    t.fail(true);
    expect(() => t.live.changed([reading('11230')])).not.toThrow();
    expect(t.metrics.counter('scpm_display_render_errors_total', '').total()).toBe(1);
    // Nothing showed the change: the panel goes with the plain window.
    await vi.advanceTimersByTimeAsync(100);
    expect(w.map((m) => m.data)).toEqual(['<section id="p-map">']);
    t.fail(false);
    t.live.changed([reading('11230')]);
    expect(w.at(-1)!.event).toBe(FIGURES_EVENT);
  });

  it('holds at most one window per view, and none after close', async () => {
    const t = setup(100);
    t.connect('/urban');
    t.connect('/pledges');
    for (let i = 0; i < 50; i++) t.live.changed([reading(String(11000 + i)), incident, { kind: 'pledge', key: `pledge:${i}`, ts: 't' }]);
    expect(t.live.openWindows).toBe(2);
    t.live.close();
    expect(t.live.openWindows).toBe(0);
  });

  it('draws the redraws of views due in the same tick one view per event-loop turn; a push drawn now takes its view\'s', async () => {
    const turns: (() => void)[] = [];
    const t = setup(100, undefined, (run) => turns.push(run));
    t.connect('/urban');
    t.connect('public:/urban');
    t.connect('/pledges');
    t.live.changed([reading('11000')]); // both map views patched: their redraws come due in the same tick
    await vi.advanceTimersByTimeAsync(MAX_DEFER_WINDOWS * 100);
    expect(t.renders.panels).toEqual([]);
    expect(turns).toHaveLength(1); // one turn is asked for at a time
    turns.shift()!();
    expect(t.renders.panels).toEqual(['/urban:p-map']);
    expect(turns).toHaveLength(1);
    // Before the public view's turn, a change pushed at once for it draws its waiting map with it, once.
    t.live.changed([{ kind: 'urban', key: 'urban:no2:11000', ts: 't', district: '11000' }, incident]);
    expect(t.renders.panels).toEqual(['/urban:p-map', '/urban:p-incidents', 'public:/urban:p-incidents,p-map']);
    turns.shift()!();
    expect(t.renders.panels).toHaveLength(3);
    expect(turns).toHaveLength(0);
  });

  it('a list change while a map waits behind patches goes within a window, not with the deferred redraw', async () => {
    const t = setup(100);
    const a = t.connect('/urban');
    t.live.changed([reading('11000')]); // patched; the map's redraw waits 10–20 windows
    await vi.advanceTimersByTimeAsync(300);
    t.live.changed([incident]);
    await vi.advanceTimersByTimeAsync(100);
    expect(t.renders.panels).toEqual(['/urban:p-incidents,p-map']);
    expect(a.filter((m) => !m.event)).toHaveLength(1);
  });

  it('a throttled view (the public crowd) gets a flood as one patch at once, then one per window with every figure changed since', async () => {
    const t = setup(100, () => 100);
    const a = t.connect('/urban');
    for (let i = 0; i < 50; i++) {
      t.live.changed([reading(String(11000 + (i % 5)))]);
      await vi.advanceTimersByTimeAsync(2); // a commit every 2 ms: 50 commits within one window
    }
    const patches = a.filter((m) => m.event === FIGURES_EVENT).map((m) => (JSON.parse(m.data) as string[][]).map((r) => r[1]));
    expect(patches).toEqual([['urban:pm25:11000'], ['urban:pm25:11001', 'urban:pm25:11002', 'urban:pm25:11003', 'urban:pm25:11004', 'urban:pm25:11000']]);
    expect(t.renders.panels).toEqual([]); // the map's colours follow later, behind the patches
    await vi.advanceTimersByTimeAsync(MAX_DEFER_WINDOWS * 100);
    expect(a.filter((m) => m.event === FIGURES_EVENT)).toHaveLength(2);
    expect(t.renders.panels).toEqual(['/urban:p-map']);
    expect(t.live.openWindows).toBe(0);
    // Quiet for a window: the next patch goes at once again.
    t.live.changed([reading('11009')]);
    expect(a.at(-1)).toEqual({ event: FIGURES_EVENT, data: JSON.stringify([['p-map', 'urban:pm25:11009', '<text data-key="urban:pm25:11009">']]) });
  });

  it('a throttled patch that finds nothing to draw makes its panel urgent: the window\'s end redraws it', async () => {
    const t = setup(100, () => 100);
    const a = t.connect('/urban');
    t.live.changed([reading('11000')]);
    t.live.changed([reading('11001')]);
    t.fail(true);
    await vi.advanceTimersByTimeAsync(100); // the lane's patch fails
    expect(t.renders.panels).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(t.renders.panels).toEqual(['/urban:p-map']);
    expect(a.at(-1)?.event).toBeUndefined();
  });
});
