// What a wall page looks like from 2–3 m, measured in the DOM of real Chromium
// (docs: /work/shared/docs/wall-display-ux.md): the size, colour and backdrop
// of every visible text, and the box of every control a hand can touch.
import type { Page } from 'playwright-core';

export interface TextSample {
  /** tag.class path of the element holding the text (its pseudo-element: `::after`). */
  where: string;
  text: string;
  /** Rendered font size in CSS px (SVG text scaled by its viewBox). */
  px: number;
  /** WCAG contrast of the text's colour against what is drawn behind it, both after every opacity on the way. */
  contrast: number;
}

export interface TargetSample {
  where: string;
  /** The part that can be touched (not clipped, scrolled out, or under a sticky bar). */
  x: number; y: number; w: number; h: number;
  /** Whether that is the whole control (not one scrolled half out of view). */
  whole: boolean;
  /** The district it opens (a map's shape or a district's button), if any. */
  district?: string;
}

export interface PageSample {
  texts: TextSample[];
  targets: TargetSample[];
  /** Scroll size of the document beyond the viewport (a scrollbar on the wall). */
  overflow: { x: number; y: number };
  /** Shown boxes whose content scrolls (a scrollbar inside the page). */
  scrollers: string[];
}

/** Measures the page as it is shown now (the viewport only: what is off screen or clipped by its panel is not seen). */
export function measurePage(page: Page): Promise<PageSample> {
  // The functions below run in the page: their sources go in one expression (with esbuild's name helper, if used).
  const lib = [parse, over, lum, ratio, name, path, layers, contrastOver, visibleRect, ground, shown, uncovered, sampleTexts, sampleTargets, sampleScrollers, samplePage];
  return page.evaluate(`(() => { const __name = (f) => f; ${lib.map((f) => f.toString()).join('\n')}\nreturn samplePage(); })()`) as Promise<PageSample>;
}

// ---- in the page ----

type RGBA = [number, number, number, number];
function parse(c: string): RGBA | null {
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (!m) return null;
  const p = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
  return [p[0]!, p[1]!, p[2]!, p.length > 3 ? p[3]! : 1];
}
function over(top: RGBA, under: RGBA): RGBA {
  const a = top[3];
  return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
}
function lum(c: RGBA): number {
  const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}
function ratio(a: RGBA, b: RGBA): number { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x! + 0.05) / (y! + 0.05); }
function name(e: Element): string { return e.tagName.toLowerCase() + (e.getAttribute('class') ? '.' + e.getAttribute('class')!.trim().split(/\s+/).join('.') : '') + (e.id ? '#' + e.id : ''); }
function path(e: Element): string { const out: string[] = []; for (let x: Element | null = e; x && x !== document.body && out.length < 4; x = x.parentElement) out.unshift(name(x)); return out.join(' > '); }
/** Every backdrop colour behind `e` (the flat one and each colour of a gradient stripe), the worst is kept by the caller. */
function layers(e: Element): { bgs: RGBA[][]; groups: { at: number; opacity: number }[]; selfAt: number } {
  const chain: Element[] = [];
  for (let x: Element | null = e; x; x = x.parentElement) chain.unshift(x);
  const bgs: RGBA[][] = [];
  const groups: { at: number; opacity: number }[] = [];
  let selfAt = 0;
  chain.forEach((a) => {
    if (a === e) selfAt = bgs.length;
    const cs = getComputedStyle(a);
    const own: RGBA[] = [];
    const flat = parse(cs.backgroundColor);
    if (flat && flat[3] > 0) own.push(flat);
    const stripes = cs.backgroundImage.match(/rgba?\([^)]+\)/g) ?? [];
    bgs.push(own);
    if (stripes.length) bgs.push(stripes.map((s) => parse(s)!).filter((s) => s[3] > 0));
    const op = Number(cs.opacity);
    if (op < 1) groups.push({ at: bgs.length - (stripes.length ? 2 : 1), opacity: op });
  });
  return { bgs, groups, selfAt };
}
/** Worst contrast of colour `fg` drawn over `e`'s backdrop, every opacity group applied. */
function contrastOver(e: Element, fg: RGBA, backdrop?: RGBA, ground?: RGBA): number {
  const { bgs, groups, selfAt } = layers(e);
  // What is drawn right under the element (a map district under its label) lies under the element's own layer
  // (and outside its opacity).
  if (ground) { bgs.splice(selfAt, 0, [ground]); groups.forEach((g) => { if (g.at >= selfAt) g.at++; }); }
  // Each choice of stripe gives one backdrop; the flat layers always apply.
  const variants: RGBA[][] = [[]];
  for (const l of bgs) {
    if (l.length <= 1) { variants.forEach((v) => v.push(l[0] ?? [0, 0, 0, 0])); continue; }
    const next: RGBA[][] = [];
    for (const v of variants) { next.push([...v, [0, 0, 0, 0]]); for (const s of l) next.push([...v, s]); }
    variants.splice(0, variants.length, ...next.slice(0, 16));
  }
  let worst = Infinity;
  for (const v of variants) {
    // canvas under each layer index; text and backdrop composited up, then each group blended with what was under it.
    const under: RGBA[] = [];
    let canvas: RGBA = [255, 255, 255, 1];
    v.forEach((l, i) => { under[i] = canvas; canvas = over(l, canvas); });
    let bg = backdrop ? over(backdrop, canvas) : canvas;
    let text = over(fg, bg);
    for (const g of [...groups].reverse()) {
      const below = under[g.at]!;
      text = over([text[0], text[1], text[2], g.opacity], below);
      bg = over([bg[0], bg[1], bg[2], g.opacity], below);
    }
    worst = Math.min(worst, ratio(text, bg));
  }
  return Math.round(worst * 100) / 100;
}
/** The part of `r` not clipped away by an ancestor with hidden overflow, nor outside the viewport. */
function visibleRect(e: Element, r: DOMRect): DOMRect | null {
  let [l, t, rr, b] = [r.left, r.top, r.right, r.bottom];
  for (let x = e.parentElement; x; x = x.parentElement) {
    const cs = getComputedStyle(x);
    const paint = /paint|strict|content/.test(cs.contain);
    if (paint || cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
      const c = x.getBoundingClientRect();
      if (paint || cs.overflowX !== 'visible') { l = Math.max(l, c.left); rr = Math.min(rr, c.right); }
      if (paint || cs.overflowY !== 'visible') { t = Math.max(t, c.top); b = Math.min(b, c.bottom); }
    }
  }
  l = Math.max(l, 0); t = Math.max(t, 0); rr = Math.min(rr, innerWidth); b = Math.min(b, innerHeight);
  return rr - l >= 1 && b - t >= 1 ? new DOMRect(l, t, rr - l, b - t) : null;
}
/** The fill of the shape under an SVG label (a map district), with its fill-opacity. */
function ground(e: SVGTextElement): RGBA | undefined {
  const r = e.getBoundingClientRect();
  const under = document.elementsFromPoint(r.x + r.width / 2, r.y + r.height / 2).find((x) => x !== e && x instanceof SVGGeometryElement);
  if (!under) return undefined;
  const cs = getComputedStyle(under);
  const fill = parse(cs.fill);
  return fill ? [fill[0], fill[1], fill[2], fill[3] * Number(cs.fillOpacity)] : undefined;
}
function shown(e: Element): boolean {
  const cs = getComputedStyle(e);
  return cs.visibility !== 'hidden' && e.checkVisibility({ opacityProperty: false, visibilityProperty: true } as CheckVisibilityOptions);
}
function uncovered(v: DOMRect, bar: DOMRect): DOMRect | null {
  if (bar.left > v.left || bar.right < v.right || bar.bottom <= v.top || bar.top >= v.bottom) return v;
  const top = bar.top <= v.top ? bar.bottom : v.top;
  const bottom = bar.top > v.top ? bar.top : v.bottom;
  return bottom - top >= 1 ? new DOMRect(v.left, top, v.width, bottom - top) : null;
}

function sampleTexts(): TextSample[] {
  const texts: TextSample[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const s = (n.textContent ?? '').trim();
    const e: Element | null = n.parentElement;
    if (!s || !e || ['SCRIPT', 'STYLE', 'TITLE', 'TEMPLATE'].includes(e.tagName) || !shown(e)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.some((r) => visibleRect(e, r))) continue;
    const cs = getComputedStyle(e);
    let px = parseFloat(cs.fontSize);
    let backdrop: RGBA | undefined;
    let fg = parse(cs.color)!;
    if (e instanceof SVGElement) {
      const m = (e as SVGGraphicsElement).getScreenCTM?.();
      if (m) px *= Math.hypot(m.a, m.b);
      fg = parse(cs.fill) ?? fg;
      // Text drawn over its own outline (paint-order: stroke) has that outline behind it.
      const stroke = parse(cs.stroke);
      if (stroke && cs.paintOrder.startsWith('stroke') && parseFloat(cs.strokeWidth) >= 2) backdrop = stroke;
    }
    texts.push({ where: path(e), text: s.slice(0, 40), px: Math.round(px * 10) / 10, contrast: contrastOver(e, fg, backdrop, e instanceof SVGTextElement ? ground(e) : undefined) });
  }
  // Labels CSS draws (the STALE mark).
  for (const e of Array.from(document.body.querySelectorAll('*'))) {
    for (const pseudo of ['::before', '::after']) {
      const cs = getComputedStyle(e, pseudo);
      const content = cs.content;
      if (!content || content === 'none' || content === 'normal' || !/[\p{L}\p{N}]/u.test(content) || cs.display === 'none' || !shown(e)) continue;
      if (!visibleRect(e, e.getBoundingClientRect())) continue;
      texts.push({ where: path(e) + pseudo, text: content.slice(0, 40), px: parseFloat(cs.fontSize), contrast: contrastOver(e, parse(cs.color)!) });
    }
  }
  return texts;
}

function sampleTargets(): TargetSample[] {
  const targets: TargetSample[] = [];
  const bars = Array.from(document.body.querySelectorAll('*'))
    .filter((x) => /sticky|fixed/.test(getComputedStyle(x).position) && getComputedStyle(x).pointerEvents !== 'none' && shown(x))
    .map((el) => ({ el, r: el.getBoundingClientRect() })).filter((b) => b.r.width > 0 && b.r.height > 0);
  /** `v` less the band of `bar` across it (a bar as wide as `v` over its top or bottom). */
  for (const e of Array.from(document.querySelectorAll('a[href], button, [data-action], [role="button"], input, select, textarea, [hx-post], [hx-get]'))) {
    if (!shown(e) || e.closest('[aria-hidden="true"]')) continue;
    if (e.parentElement?.closest('a[href], button, [data-action]')) continue; // the outer control is the target
    const full = e.getBoundingClientRect();
    let v = visibleRect(e, full);
    // The part under a sticky bar (a row scrolled under the nav on a tablet) cannot be touched.
    for (const bar of bars) if (v && !bar.el.contains(e)) v = uncovered(v, bar.r);
    if (!v) continue;
    // A control under another (a row scrolled under the sticky nav bar, a page under an overlay) cannot be touched.
    // (a link split over lines by a block inside it is hit in one of its fragments)
    const hit = (x: number, y: number) => { const top = document.elementFromPoint(x, y); return !!top && (e === top || e.contains(top)); };
    if (!hit(v.x + v.width / 2, v.y + v.height / 2) && !Array.from(e.getClientRects()).some((r) => hit(r.x + r.width / 2, r.y + r.height / 2))) continue;
    const r1 = (x: number) => Math.round(x * 10) / 10;
    const whole = v.width >= full.width - 0.5 && v.height >= full.height - 0.5;
    targets.push({ where: path(e), x: r1(v.x), y: r1(v.y), w: r1(v.width), h: r1(v.height), whole, district: e.getAttribute('data-district') ?? undefined });
  }
  return targets;
}

function sampleScrollers(): string[] {
  const scrollers: string[] = [];
  for (const e of Array.from(document.body.querySelectorAll('*'))) {
    const cs = getComputedStyle(e);
    if (!/auto|scroll/.test(cs.overflowY + cs.overflowX) || !shown(e)) continue;
    if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1) scrollers.push(path(e));
  }
  return scrollers;
}

function samplePage(): PageSample {
  const se = document.scrollingElement!;
  return { texts: sampleTexts(), targets: sampleTargets(), scrollers: sampleScrollers(), overflow: { x: se.scrollWidth - se.clientWidth, y: se.scrollHeight - se.clientHeight } };
}

/** Gap in px between two boxes (0 when they touch or overlap). */
export function gap(a: TargetSample, b: TargetSample): number {
  const dx = Math.max(0, b.x - (a.x + a.w), a.x - (b.x + b.w));
  const dy = Math.max(0, b.y - (a.y + a.h), a.y - (b.y + b.h));
  return Math.hypot(dx, dy);
}
