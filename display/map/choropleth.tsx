// Server-rendered SVG choropleth of the 25 districts: an ordered-lightness
// (viridis-like) ramp in binned steps, each district's value written on it,
// a legend with the bin edges, and every district a link to its page.
import type { RenderCtx } from '../context.js';
import { districtMap } from './geo.js';
import { fig, num } from '../format.js';
import { isStale } from '../freshness.js';
import { districtText } from '../components.js';
import type { FigureEdit } from '../fragments/types.js';
import { DistrictIndex } from './district-index.js';
import type { LabelTone } from './drawn-tones.js';

/** Viridis, 6 steps, dark → light. */
export const RAMP = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

export interface MapValue { value: number | null; key: string; ts: string; staleAt: number | null }

export function bins(values: number[], n = RAMP.length): number[] {
  if (values.length === 0) return [];
  const lo = Math.min(...values), hi = Math.max(...values);
  if (hi - lo < 1e-9) return [lo];
  return Array.from({ length: n - 1 }, (_, i) => lo + ((i + 1) * (hi - lo)) / n);
}

export function binOf(edges: number[], v: number): number {
  let i = 0;
  while (i < edges.length && v >= edges[i]!) i++;
  return i;
}

/** A value rounded to the map's precision (what its label shows). */
const atDecimals = (v: number, decimals: number) => Number(v.toFixed(Math.min(20, Math.max(0, decimals))));

/**
 * Bin edges at the labels' precision: a district labelled "0.05" sits in the
 * bin "≥ 0.05", and no two legend entries read the same. Empty when every
 * value shows the same. Fewer than RAMP.length - 1 edges when the values are
 * too close for that many distinct steps.
 */
export function legendBins(values: number[], decimals: number, n = RAMP.length): number[] {
  const shown = values.map((v) => atDecimals(v, decimals));
  if (shown.length === 0) return [];
  const lo = Math.min(...shown), hi = Math.max(...shown);
  if (hi === lo) return [];
  const out: number[] = [];
  for (const e of bins(shown, n)) {
    const r = atDecimals(e, decimals);
    if (r > lo && r <= hi && (out.length === 0 || r > out[out.length - 1]!)) out.push(r);
  }
  return out;
}

/** Ramp step of bin i of edges.length + 1 bins, spread over the whole ramp when there are fewer bins than steps. */
export function rampStep(i: number, edgeCount: number): number {
  if (edgeCount === 0) return 2;
  return Math.round((i * (RAMP.length - 1)) / edgeCount);
}

/** The map's colour scale: bins at the labels' precision, a colour and a text tone per value. */
export function mapScale(values: Record<string, MapValue>, decimals: number, lowerIsBetter: boolean) {
  const m = districtMap();
  // Only the drawn districts make the bins (a city-wide total beside them would squash the scale).
  const present = m.shapes.map((s) => values[s.code]?.value).filter((v): v is number => v !== null && v !== undefined);
  const edges = legendBins(present, decimals);
  const step = (v: number) => {
    const i = rampStep(binOf(edges, atDecimals(v, decimals)), edges.length);
    return lowerIsBetter ? i : RAMP.length - 1 - i;
  };
  const color = (v: number | null) => (v === null ? 'none' : RAMP[step(v)] ?? RAMP[0]!);
  const textTone = (v: number | null): LabelTone => (v !== null && step(v) >= 3 ? 'dk' : 'lt');
  return { edges, color, textTone };
}

export type MapScale = ReturnType<typeof mapScale>;

/** The tone of every label a map with these values draws (a district without a value has none). */
export function labelTones(values: Record<string, MapValue>, scale: MapScale): Map<string, LabelTone> {
  const out = new Map<string, LabelTone>();
  for (const s of districtMap().shapes) {
    const v = values[s.code]?.value;
    if (v !== null && v !== undefined) out.set(s.code, scale.textTone(v));
  }
  return out;
}

type MapLabelProps = { ctx: RenderCtx; code: string; v: MapValue | undefined; decimals: number; tone: LabelTone };

/**
 * One district's value label (a live figure) as data: what the full map draws (MapLabel) and what a figure patch
 * sends as an edit, without rendering and re-reading HTML for each value.
 */
export function mapLabel(p: MapLabelProps): FigureEdit | null {
  const s = districtMap().shapes.find((x) => x.code === p.code);
  const v = p.v;
  if (!s || !v || v.value === null) return null;
  const attrs: Record<string, string> = { x: String(s.cx), y: String(s.cy), class: `mv ${p.tone}`, 'data-key': v.key, 'data-ts': v.ts };
  if (v.staleAt !== null) attrs['data-stale-at'] = String(v.staleAt);
  if (isStale(v.staleAt, p.ctx.now, p.ctx.link.up)) attrs['data-stale'] = 'true';
  return { tag: 'text', attrs, text: fig(p.ctx.lang, v.value, p.decimals) };
}

/** One district's value label, drawn. */
export function MapLabel(p: MapLabelProps) {
  const l = mapLabel(p);
  return l ? <text {...l.attrs}>{l.text}</text> : null;
}

export function Choropleth(p: {
  ctx: RenderCtx; values: Record<string, MapValue>; unit: string; decimals?: number; selected?: string | null;
  /** true: low values are good; the ramp is reversed so "bad" stays dark-on-light consistent. */
  lowerIsBetter?: boolean; label: string; linkBase: string;
  /** The scale computed for these values already (else computed here). */
  scale?: MapScale;
  /**
   * Under the legend, a button per district (a page's big map: its shapes touch and some are small): its element id,
   * and whether this is a live redraw (the wall keeps the buttons it has).
   */
  index?: { id: string; kept: boolean };
}) {
  const m = districtMap();
  const dec = p.decimals ?? 0;
  const { edges, color, textTone } = p.scale ?? mapScale(p.values, dec, !!p.lowerIsBetter);
  return (
    <figure class="map">
      <svg class="choropleth" viewBox={`0 0 ${m.width} ${m.height}`} role="group" aria-label={p.label}>
        {m.shapes.map((s) => {
          const v = p.values[s.code];
          const stale = v ? isStale(v.staleAt, p.ctx.now, p.ctx.link.up) : false;
          return (
            <a href={`${p.linkBase}/district/${s.code}`} data-action="select-district" data-district={s.code} aria-label={districtText(p.ctx, s.code)}>
              {/* Its stale deadline too: the page fades the colour when the reading ages, as it marks the label. */}
              <path d={s.d} fill={color(v?.value ?? null)} class={`d${v?.value === null || !v ? ' nodata' : ''}${s.code === p.selected ? ' sel' : ''}`}
                data-stale-at={v && v.staleAt !== null ? String(v.staleAt) : undefined} data-stale={stale ? 'true' : undefined} />
            </a>
          );
        })}
        {m.shapes.map((s) => {
          const v = p.values[s.code];
          return <MapLabel ctx={p.ctx} code={s.code} v={v} decimals={dec} tone={textTone(v?.value ?? null)} />;
        })}
      </svg>
      <figcaption class="legend">
        <span class="legend-t">{p.unit}</span>
        {edges.length > 0
          ? [Number.NEGATIVE_INFINITY, ...edges].map((e, i) => {
              const r = rampStep(i, edges.length);
              const c = RAMP[p.lowerIsBetter ? r : RAMP.length - 1 - r]!;
              return <span class="sw"><svg width="28" height="20" aria-hidden="true"><rect width="28" height="20" fill={c} /></svg><span class="num">{i === 0 ? `< ${num(p.ctx.lang, edges[0]!, dec)}` : `≥ ${num(p.ctx.lang, e, dec)}`}</span></span>;
            })
          : null}
        <span class="sw"><svg width="28" height="20" aria-hidden="true"><rect width="28" height="20" class="nodata-sw" /></svg>—</span>
      </figcaption>
      {p.index ? <DistrictIndex ctx={p.ctx} id={p.index.id} kept={p.index.kept} linkBase={p.linkBase} selected={p.selected ?? null} /> : null}
    </figure>
  );
}
