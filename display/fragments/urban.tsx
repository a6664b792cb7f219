// Urban readings: a district map per metric, and one district's every metric.
import { memo, type RenderCtx } from '../context.js';
import { AsOf, Fig, Panel } from '../components.js';
import { Choropleth, labelTones, mapLabel, mapScale, type MapValue } from '../map/choropleth.js';
import { metricName, t } from '../i18n.js';
import { decimalsFor, fig, knownDecimals } from '../format.js';
import { staleAt } from '../freshness.js';
import { LOWER_IS_BETTER, sortMetrics } from '../data.js';
import { Sparkline } from '../charts/sparkline.js';
import { districtName } from '../map/geo.js';
import type { PanelDecl, PanelDef } from './types.js';
import type { UrbanLatestRow as UrbanRow } from '../../gateway/store/store.js';

/**
 * When a reading was true at the latest, by the gateway's clock: its ts, or when it came if the ts is ahead (a city
 * clock running fast is accepted up to the skew limit, and must not keep a reading fresh for that much longer).
 */
const measuredMs = (r: UrbanRow) => Math.min(r.tsMs, r.receivedAt);

/** One read per metric per render (a map, its figures, a district's precisions share it). */
function metricValues(ctx: RenderCtx, metric: string) {
  return memo(ctx, `urban-metric:${metric}`, () => readMetricValues(ctx, metric));
}

/** A reading as the map draws it. */
const mapValueOf = (ctx: RenderCtx, metric: string, r: UrbanRow): MapValue =>
  ({ value: r.value, key: `urban:${metric}:${r.district}`, ts: r.ts, staleAt: staleAt(ctx.fresh, { kind: 'urban', tsMs: measuredMs(r) }) });

/** A metric's latest rows, once per render. */
const metricRows = (ctx: RenderCtx, metric: string) => memo(ctx, `urban-rows:${metric}`, () => ctx.store.urbanLatest({ metric, limit: 100 }));

function readMetricValues(ctx: RenderCtx, metric: string) {
  const rows = metricRows(ctx, metric);
  const values: Record<string, MapValue> = {};
  let unit = '';
  let newest = 0;
  for (const r of rows) {
    values[r.district] = mapValueOf(ctx, metric, r);
    unit = r.unit ?? unit;
    newest = Math.max(newest, measuredMs(r));
  }
  // One precision for the map's labels and its legend: the metric's, else the unit's, else the values'.
  const decimals = decimalsFor(rows.map((r) => r.value), { metric, unit });
  return { values, unit, newest: newest || null, decimals };
}

/** The metric's colour scale, once per render (the map's colours and its labels' tones). */
function metricScale(ctx: RenderCtx, metric: string) {
  const { values, decimals } = metricValues(ctx, metric);
  return memo(ctx, `urban-scale:${metric}`, () => mapScale(values, decimals, LOWER_IS_BETTER.has(metric)));
}

/** A metric's map: redrawn (colours, legend) on any reading of the metric; each district's value is a figure. */
export function mapDecl(o: { id: string; metric: string }): PanelDecl {
  const dep = { kind: 'urban' as const, keyPrefix: `urban:${o.metric}:` };
  return { id: o.id, deps: [dep], figures: [dep] };
}

export function mapPanel(ctx: RenderCtx, o: { id: string; title: string; metric: string; choices?: string[]; selected?: string | null; path: string; index?: boolean }): PanelDef {
  return {
    ...mapDecl(o),
    figure: (key) => {
      const code = key.slice(`urban:${o.metric}:`.length);
      if (!districtName(code)) return null; // not a district the map draws
      // Until the map's redraw recolours the district, its label keeps the tone drawn for its fill (drawn-tones.ts).
      const drawn = ctx.drawnMaps.get(o.metric);
      const tone = drawn?.tones.get(code);
      if (drawn && tone) {
        const r = metricRows(ctx, o.metric).find((x) => x.district === code);
        return r ? mapLabel({ ctx, code, v: mapValueOf(ctx, o.metric, r), decimals: drawn.decimals, tone }) : null;
      }
      const { values, decimals } = metricValues(ctx, o.metric);
      const v = values[code];
      if (!v || v.key !== key) return null;
      return mapLabel({ ctx, code, v, decimals, tone: metricScale(ctx, o.metric).textTone(v.value) });
    },
    render: (oob) => {
      const { values, unit, newest, decimals } = metricValues(ctx, o.metric);
      const scale = metricScale(ctx, o.metric);
      ctx.drawnMaps.record(o.metric, { tones: labelTones(values, scale), decimals });
      return (
        <Panel id={o.id} oob={oob} class="mappanel" title={o.title} asOf={<AsOf ctx={ctx} ms={newest} />}
          extra={o.choices && o.choices.length > 1 ? (
            <nav class="choices" aria-label={t(ctx.lang, 'metricChoice')}>
              {o.choices.map((m) => (
                <a href={`${ctx.base}${o.path}?metric=${m}`} class={`chip btn${m === o.metric ? ' on' : ''}`} aria-current={m === o.metric ? 'true' : undefined}
                  data-action="navigate" data-metric={m}>{metricName(ctx.lang, m)}</a>
              ))}
            </nav>
          ) : null}>
          <Choropleth ctx={ctx} values={values} unit={o.choices && o.choices.length > 1 ? unit : `${metricName(ctx.lang, o.metric)} (${unit})`} decimals={decimals} lowerIsBetter={LOWER_IS_BETTER.has(o.metric)} scale={scale} selected={o.selected ?? null}
            label={`${metricName(ctx.lang, o.metric)} — ${t(ctx.lang, 'tapDistrict')}`} linkBase={ctx.base}
            index={o.index ? { id: `${o.id}-districts`, kept: oob } : undefined} />
        </Panel>
      );
    },
  };
}

const SPARK_WIDTH = 200;
/** The 24 h sparkline draws at most one reading per pixel: the last of each 7.2-minute bucket. */
const SPARK_BUCKET_MS = (24 * 3_600_000) / SPARK_WIDTH;

/** One district's every metric: each value a figure; the sparklines and ages follow with the panel. */
export function districtUrbanDecl(district: string): PanelDecl {
  const dep = { kind: 'urban' as const, district };
  return { id: 'p-durban', deps: [dep], figures: [dep] };
}

function DistrictMetricFig(p: { ctx: RenderCtx; district: string; r: UrbanRow }) {
  const { ctx, r } = p;
  // The same precision as the metric's map (ozone 0.031 ppm, never "0.0").
  const dec = knownDecimals({ metric: r.metric, unit: r.unit }) ?? metricValues(ctx, r.metric).decimals;
  return (
    <Fig ctx={ctx} k={`urban:${r.metric}:${p.district}`} ts={r.ts} staleAt={staleAt(ctx.fresh, { kind: 'urban', tsMs: measuredMs(r) })} class="m-val num">
      {fig(ctx.lang, r.value, dec)} <span class="unit">{r.unit ?? ''}</span>
    </Fig>
  );
}

export function districtUrbanPanel(ctx: RenderCtx, district: string): PanelDef {
  return {
    ...districtUrbanDecl(district),
    figure: (key) => {
      const rows = memo(ctx, `urban-district:${district}`, () => ctx.store.urbanLatest({ district, limit: 100 }));
      const r = rows.find((x) => `urban:${x.metric}:${district}` === key);
      return r ? <DistrictMetricFig ctx={ctx} district={district} r={r} /> : null;
    },
    render: (oob) => {
      const rows = ctx.store.urbanLatest({ district, limit: 100 });
      const order = sortMetrics(rows.map((r) => r.metric));
      const since = ctx.now - 24 * 3_600_000;
      return (
        <Panel id="p-durban" oob={oob} class="durban" title={t(ctx.lang, 'urbanMetrics')}>
          {rows.length ? (
            <ul class="metric-list">
              {order.map((m) => {
                const r = rows.find((x) => x.metric === m)!;
                const series = ctx.store.urbanSeries(m, district, since, { bucketMs: SPARK_BUCKET_MS }).map((s) => ({ x: String(s.tsMs), value: s.value }));
                return (
                  <li class="metric">
                    <span class="m-name">{metricName(ctx.lang, m)}</span>
                    <DistrictMetricFig ctx={ctx} district={district} r={r} />
                    <Sparkline series={series} width={SPARK_WIDTH} height={44} label={`${metricName(ctx.lang, m)} 24 h`} />
                    <AsOf ctx={ctx} ms={measuredMs(r)} />
                  </li>
                );
              })}
            </ul>
          ) : <p class="empty">{t(ctx.lang, 'noData')}</p>}
        </Panel>
      );
    },
  };
}
