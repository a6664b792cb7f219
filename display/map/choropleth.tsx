// Server-rendered SVG choropleth of the 25 districts: an ordered-lightness
// (viridis-like) ramp in binned steps, each district's value written on it,
// a legend with the bin edges, and every district a link to its page.
import type { RenderCtx } from '../context.js';
import { districtMap } from './geo.js';
import { num } from '../format.js';
import { isStale } from '../freshness.js';
import { districtText } from '../components.js';

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

export function Choropleth(p: {
  ctx: RenderCtx; values: Record<string, MapValue>; unit: string; decimals?: number; selected?: string | null;
  /** true: low values are good; the ramp is reversed so "bad" stays dark-on-light consistent. */
  lowerIsBetter?: boolean; label: string; linkBase: string;
}) {
  const m = districtMap();
  const present = Object.values(p.values).map((v) => v.value).filter((v): v is number => v !== null);
  const edges = bins(present);
  const dec = p.decimals ?? 0;
  const color = (v: number | null) => {
    if (v === null) return 'none';
    const i = edges.length === 1 ? 2 : binOf(edges, v);
    return RAMP[p.lowerIsBetter ? i : RAMP.length - 1 - i] ?? RAMP[0]!;
  };
  const textTone = (v: number | null) => {
    if (v === null) return 'lt';
    const i = edges.length === 1 ? 2 : binOf(edges, v);
    const r = p.lowerIsBetter ? i : RAMP.length - 1 - i;
    return r >= 3 ? 'dk' : 'lt';
  };
  return (
    <figure class="map">
      <svg class="choropleth" viewBox={`0 0 ${m.width} ${m.height}`} role="img" aria-label={p.label}>
        {m.shapes.map((s) => {
          const v = p.values[s.code];
          const stale = v ? isStale(v.staleAt, p.ctx.now, p.ctx.link.up) : false;
          return (
            <a href={`${p.linkBase}/district/${s.code}`} data-action="select-district" data-district={s.code} aria-label={districtText(p.ctx, s.code)}>
              <path d={s.d} fill={color(v?.value ?? null)} class={`d${v?.value === null || !v ? ' nodata' : ''}${s.code === p.selected ? ' sel' : ''}${stale ? ' stale' : ''}`} />
            </a>
          );
        })}
        {m.shapes.map((s) => {
          const v = p.values[s.code];
          if (!v || v.value === null) return null;
          const stale = isStale(v.staleAt, p.ctx.now, p.ctx.link.up);
          return (
            <text x={s.cx} y={s.cy} class={`mv ${textTone(v.value)}`} data-key={v.key} data-ts={v.ts}
              data-stale-at={v.staleAt === null ? undefined : String(v.staleAt)} data-stale={stale ? 'true' : undefined}>{num(p.ctx.lang, v.value, dec)}</text>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="legend-t">{p.unit}</span>
        {edges.length > 1
          ? [edges[0]! - (edges[1]! - edges[0]!), ...edges].map((e, i) => {
              const c = RAMP[p.lowerIsBetter ? i : RAMP.length - 1 - i]!;
              return <span class="sw"><svg width="28" height="20" aria-hidden="true"><rect width="28" height="20" fill={c} /></svg><span class="num">{i === 0 ? `< ${num(p.ctx.lang, edges[0]!, dec)}` : `≥ ${num(p.ctx.lang, e, dec)}`}</span></span>;
            })
          : null}
        <span class="sw"><svg width="28" height="20" aria-hidden="true"><rect width="28" height="20" class="nodata-sw" /></svg>—</span>
      </figcaption>
    </figure>
  );
}
