// Administration indicators: headline figures vs target, category tiles, a
// category's table (value, target, trend with gaps, month and year), and the
// drill-down of one indicator by district, gender and age band. The catalogue's
// target is the city's: a district's (or a group's) count or total is shown
// beside it, never judged against it (data.ts, targetApplies).
import type { RenderCtx } from '../context.js';
import { AsOf, Badge, Fig, Panel, Pager, DistrictLabel } from '../components.js';
import { categories, headlineDefs, indicatorDefs, onTarget, targetApplies, type IndicatorDefView } from '../data.js';
import { categoryName, t } from '../i18n.js';
import { decimalsFor, fig, headlineFig, num } from '../format.js';
import { staleAt } from '../freshness.js';
import { monthlySeries, Sparkline } from '../charts/sparkline.js';
import { Bars } from '../charts/bars.js';
import { Choropleth, type MapValue } from '../map/choropleth.js';
import { DistrictIndex } from '../map/district-index.js';
import { byKind, type Dep, type PanelDecl, type PanelDef } from './types.js';
import type { IndicatorValueRow } from '../../gateway/store/store.js';

const indicatorDeps = byKind('indicator-value', 'indicator-def');
/** The figures `indicator:{id}:{district}` of one district (a breakdown's key is longer and does not end so). */
const districtFigures = (district: string): Dep[] => [{ kind: 'indicator-value', keyPrefix: 'indicator:', district }];
const indicatorOf = (key: string, district: string): string | null =>
  key.startsWith('indicator:') && key.endsWith(`:${district}`) ? key.slice('indicator:'.length, key.length - district.length - 1) : null;

function name(ctx: RenderCtx, d: IndicatorDefView) {
  return d.name[ctx.lang] || d.name.en;
}

function StatusBadge(p: { ctx: RenderCtx; ok: boolean | null }) {
  if (p.ok === null) return <Badge tone="muted">—</Badge>;
  return p.ok ? <Badge tone="good">{t(p.ctx.lang, 'onTarget')}</Badge> : <Badge tone="bad">{t(p.ctx.lang, 'offTarget')}</Badge>;
}

/** One precision for an indicator's value, its target and its other figures (from the unit, else the values). */
function defDecimals(d: IndicatorDefView, values: (number | null | undefined)[]): number {
  return decimalsFor([...values, d.target], { unit: d.unit });
}

/** "1,000 events" but "75.0%". */
function withUnit(figure: string, unit: string) {
  if (!unit) return <span class="num">{figure}</span>;
  return <><span class="num">{figure}</span>{unit === '%' ? '' : ' '}<span class="unit">{unit}</span></>;
}

function valueFig(ctx: RenderCtx, d: IndicatorDefView, row: IndicatorValueRow | undefined, district: string, o: { cls?: string; decimals: number; headline?: boolean }) {
  const cls = o.cls ?? 'num';
  if (!row) return <span class={cls}>—</span>;
  const text = o.headline ? headlineFig(ctx.lang, row.value, o.decimals) : fig(ctx.lang, row.value, o.decimals);
  return (
    <Fig ctx={ctx} k={`indicator:${d.id}:${district}`} ts={row.ts} staleAt={staleAt(ctx.fresh, { kind: 'indicator', period: row.period, periodKind: d.period })} class={cls}>
      <span class="v">{text}</span>{d.unit ? <span class="unit">{d.unit}</span> : null}
    </Fig>
  );
}

function latestMap(ctx: RenderCtx, district: string) {
  return new Map(ctx.store.latestIndicatorValues({ district }).map((r) => [r.indicator, r]));
}

/**
 * Headline tiles: name, value + unit, target + unit, on/off-target badge. Four
 * (2 × 2) fit half a wall column with room for long names and units; six do
 * not without clipping or shrinking the figures below what reads at 3 m.
 */
export function headlineDecl(o: { district?: string } = {}): PanelDecl {
  return { id: 'p-headline', deps: indicatorDeps, figures: districtFigures(o.district ?? 'city') };
}

export function headlinePanel(ctx: RenderCtx, o: { district?: string; max?: number } = {}): PanelDef {
  const district = o.district ?? 'city';
  return {
    ...headlineDecl(o),
    figure: (key) => {
      const id = indicatorOf(key, district);
      const d = headlineDefs(indicatorDefs(ctx), o.max ?? 4).find((x) => x.id === id);
      if (!d) return null;
      const row = latestMap(ctx, district).get(d.id);
      return valueFig(ctx, d, row, district, { cls: 'kpi-val num', decimals: defDecimals(d, [row?.value]), headline: true });
    },
    render: (oob) => {
      const defs = headlineDefs(indicatorDefs(ctx), o.max ?? 4);
      const latest = latestMap(ctx, district);
      return (
        <Panel id="p-headline" oob={oob} class="headline" title={t(ctx.lang, 'headlineIndicators')}>
          <ul class="kpis">
            {defs.map((d) => {
              const row = latest.get(d.id);
              const judged = targetApplies(d, { district });
              const ok = judged ? onTarget(d, row?.value ?? null) : null;
              const dec = defDecimals(d, [row?.value]);
              const target = d.target === null ? '—' : withUnit(headlineFig(ctx.lang, d.target, dec), d.unit);
              return (
                <li class={`kpi ${!judged ? 'nj' : ok === null ? '' : ok ? 'ok' : 'off'}`}>
                  <a class="row-link" href={`${ctx.base}/admin/${d.category}?open=indicator:${d.id}`} data-action="navigate" data-page="admin" data-category={d.category} data-open={`indicator:${d.id}`}>
                    <span class="kpi-name">{name(ctx, d)}</span>
                    {valueFig(ctx, d, row, district, { cls: 'kpi-val num', decimals: dec, headline: true })}
                    {/* The figure's age: the period it is for (an indicator's ts is when it was sent, not what it describes). */}
                    {judged ? (
                      <span class="kpi-t">
                        {row ? <span class="kpi-period period">{row.period}</span> : null}
                        <span class="kpi-target">{t(ctx.lang, 'target')} {target}</span>
                        <StatusBadge ctx={ctx} ok={ok} />
                      </span>
                    ) : (
                      <span class="kpi-t">{row ? <span class="kpi-period period">{row.period}</span> : null}{d.target === null ? null : <span class="kpi-target city-target">{t(ctx.lang, 'cityTarget')} {target}</span>}</span>
                    )}
                  </a>
                </li>
              );
            })}
          </ul>
        </Panel>
      );
    },
  };
}

export const tilesDecl = (): PanelDecl => ({ id: 'p-tiles', deps: indicatorDeps });

/** The age of the tiles' counts: that of the oldest value among them (null when there is none). */
function oldestMs(defs: IndicatorDefView[], latest: Map<string, { ts: string }>): number | null {
  let oldest: number | null = null;
  for (const d of defs) {
    const ms = Date.parse(latest.get(d.id)?.ts ?? '');
    if (Number.isFinite(ms) && (oldest === null || ms < oldest)) oldest = ms;
  }
  return oldest;
}

export function tilesPanel(ctx: RenderCtx, o: { district?: string } = {}): PanelDef {
  const district = o.district ?? 'city';
  return {
    ...tilesDecl(),
    render: (oob) => {
      const defs = indicatorDefs(ctx);
      const latest = latestMap(ctx, district);
      const cats = categories(defs);
      return (
        <Panel id="p-tiles" oob={oob} class="tiles" title={`${t(ctx.lang, 'categories')} · ${num(ctx.lang, defs.length)}`} asOf={<AsOf ctx={ctx} ms={oldestMs(defs, latest)} />}
          extra={<span class="tiles-key"><span class="k-on"><span aria-hidden="true">✓ </span>{t(ctx.lang, 'onTarget')}</span> <span class="k-off"><span aria-hidden="true">✕ </span>{t(ctx.lang, 'offTarget')}</span></span>}>
          <ul class={`tile-grid${cats.length > 9 ? ' many' : ''}`}>
            {cats.map((c) => {
              const ds = defs.filter((d) => d.category === c);
              // Only indicators the city's target can judge here are counted (a district's totals are not).
              // A count is as old as the oldest value it judges: it goes stale with the first of them that does.
              let on = 0, off = 0, newest = '', due: number | null = null;
              for (const d of ds) {
                const r = latest.get(d.id);
                const ok = targetApplies(d, { district }) ? onTarget(d, r?.value ?? null) : null;
                if (ok === true) on++; else if (ok === false) off++;
                if (r && r.ts > newest) newest = r.ts;
                if (r && ok !== null) {
                  const at = staleAt(ctx.fresh, { kind: 'indicator', period: r.period, periodKind: d.period });
                  if (at !== null && (due === null || at < due)) due = at;
                }
              }
              const href = o.district ? `${ctx.base}/district/${o.district}/${c}` : `${ctx.base}/admin/${c}`;
              const caption = district !== 'city'
                ? t(ctx.lang, 'judgedOf', { j: num(ctx.lang, on + off), n: num(ctx.lang, ds.length) })
                : ds.length === 1 ? t(ctx.lang, 'indicatorOne') : t(ctx.lang, 'indicatorCount', { n: num(ctx.lang, ds.length) });
              return (
                <li class={`tile ${on + off === 0 ? 'none' : off > on ? 'off' : 'ok'}`}>
                  <a class="row-link" href={href} data-action="navigate" data-page={o.district ? 'district' : 'admin'} data-category={c} data-district={o.district}>
                    <span class="tile-name">{categoryName(ctx.lang, c)}</span>
                    <Fig ctx={ctx} k={`count:indicators:${c}:${district}:on`} ts={newest} staleAt={due} class="tile-on num"><span aria-hidden="true">✓ </span>{num(ctx.lang, on)}</Fig>
                    <Fig ctx={ctx} k={`count:indicators:${c}:${district}:off`} ts={newest} staleAt={due} class="tile-off num"><span aria-hidden="true">✕ </span>{num(ctx.lang, off)}</Fig>
                    <span class="tile-sub">{caption}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </Panel>
      );
    },
  };
}

/** Year average of the latest year's monthly values. */
function annual(rows: IndicatorValueRow[]): number | null {
  const months = rows.filter((r) => r.period.length === 7 && r.value !== null);
  if (!months.length) return rows.find((r) => r.period.length === 4)?.value ?? null;
  const year = months[0]!.period.slice(0, 4);
  const ys = months.filter((r) => r.period.startsWith(year)).map((r) => r.value!);
  return ys.reduce((a, b) => a + b, 0) / ys.length;
}

export function categoryDecl(o: { district?: string } = {}): PanelDecl {
  return { id: 'p-category', deps: indicatorDeps, figures: districtFigures(o.district ?? 'city') };
}

export function categoryPanel(ctx: RenderCtx, o: { category: string; district?: string; perPage: number; sub: number; pathBase: string }): PanelDef & { subCount: number } {
  const district = o.district ?? 'city';
  const defs = indicatorDefs(ctx).filter((d) => d.category === o.category);
  const subCount = Math.max(1, Math.ceil(defs.length / o.perPage));
  const sub = Math.min(o.sub, subCount - 1);
  const shown = defs.slice(sub * o.perPage, (sub + 1) * o.perPage);
  return {
    ...categoryDecl(o), subCount,
    figure: (key) => {
      const id = indicatorOf(key, district);
      const d = shown.find((x) => x.id === id);
      if (!d) return null;
      const latest = ctx.store.indicatorValues({ indicator: d.id, district, limit: 1 })[0];
      return valueFig(ctx, d, latest, district, { decimals: defDecimals(d, [latest?.value]) });
    },
    render: (oob) => {
      return (
        <Panel id="p-category" oob={oob} class="category" title={categoryName(ctx.lang, o.category)} asOf={<Pager ctx={ctx} sub={sub} count={subCount} />}>
          <table class="ind-table">
            <thead><tr><th>{t(ctx.lang, 'headlineIndicators')}</th><th class="r">{t(ctx.lang, 'monthly')}</th><th class="r">{t(ctx.lang, 'annual')}</th><th class="r">{t(ctx.lang, 'target')}</th><th>{t(ctx.lang, 'status')}</th><th>{t(ctx.lang, 'trend')}</th></tr></thead>
            <tbody>
              {shown.map((d) => {
                const rows = ctx.store.indicatorValues({ indicator: d.id, district, limit: 24 });
                const latest = rows[0];
                const judged = targetApplies(d, { district });
                const ok = judged ? onTarget(d, latest?.value ?? null) : null;
                const yr = annual(rows);
                const dec = defDecimals(d, [latest?.value]);
                return (
                  <tr class={ok === false ? 'off' : ''}>
                    <td><a class="row-link" href={`${ctx.base}${o.pathBase}?open=indicator:${d.id}`} data-action="open" data-item={`indicator:${d.id}`}>{name(ctx, d)}{latest ? <span class="period"> {latest.period}</span> : null}</a></td>
                    <td class="r">{valueFig(ctx, d, latest, district, { decimals: dec })}</td>
                    <td class="r num">{fig(ctx.lang, yr, dec)}</td>
                    {judged
                      ? <td class="r num">{fig(ctx.lang, d.target, dec)}</td>
                      : <td class="r city-target">{d.target === null ? '—' : <><span class="cap">{t(ctx.lang, 'cityTarget')}</span><span class="num">{fig(ctx.lang, d.target, dec)}</span></>}</td>}
                    <td>{judged ? <StatusBadge ctx={ctx} ok={ok} /> : <span class="not-judged">{t(ctx.lang, 'notJudged')}</span>}</td>
                    <td><Sparkline series={monthlySeries(rows.map((r) => ({ period: r.period, value: r.value })))} target={judged ? d.target : null} width={220} height={44} label={name(ctx, d)} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Panel>
      );
    },
  };
}

const AGE_BANDS = ['0-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-plus'];

export const indicatorDetailDecl = (o: { id: string }): PanelDecl => ({
  id: 'p-detail', deps: [{ kind: 'indicator-value', keyPrefix: `indicator:${o.id}:` }, { kind: 'indicator-def', key: `indicator-def:${o.id}` }],
});

export function indicatorDetailPanel(ctx: RenderCtx, o: { id: string; district?: string }): PanelDef {
  const district = o.district ?? 'city';
  return {
    ...indicatorDetailDecl(o),
    render: (oob) => {
      const d = indicatorDefs(ctx).find((x) => x.id === o.id);
      if (!d) return <Panel id="p-detail" oob={oob} class="detail" title={o.id}><p class="empty">{t(ctx.lang, 'noData')}</p></Panel>;
      const byDistrict = ctx.store.latestIndicatorValues({ indicator: d.id });
      const values: Record<string, MapValue> = {};
      for (const r of byDistrict) values[r.district] = { value: r.value, key: `indicator:${d.id}:${r.district}`, ts: r.ts, staleAt: staleAt(ctx.fresh, { kind: 'indicator', period: r.period, periodKind: d.period }) };
      const breakdowns = ctx.store.indicatorBreakdowns(d.id, district);
      // Map, legend and bars share one precision, the indicator's (never capped into "0.0").
      const dec = defDecimals(d, [...byDistrict.map((r) => r.value), ...breakdowns.map((r) => r.value)]);
      const bar = (r: IndicatorValueRow | undefined, label: string) => ({
        label, value: r?.value ?? 0,
        text: r ? <Fig ctx={ctx} k={`indicator:${d.id}:${district}:${r.gender}:${r.ageBand}`} ts={r.ts} staleAt={staleAt(ctx.fresh, { kind: 'indicator', period: r.period, periodKind: d.period })}>{withUnit(fig(ctx.lang, r.value, dec), d.unit)}</Fig> : '—',
        // a group's count is a share of the whole: only a rate or level is judged against the target
        tone: !targetApplies(d, { district, breakdown: true }) ? undefined : onTarget(d, r?.value ?? null) === false ? 'bad' : 'ok',
      });
      const g = (x: string) => breakdowns.find((r) => r.gender === x && r.ageBand === 'all');
      const a = (x: string) => breakdowns.find((r) => r.gender === 'all' && r.ageBand === x);
      const max = Math.max(1, ...breakdowns.map((r) => r.value ?? 0));
      // Each figure's age: the period it is for, the newest of what each part draws (an older one is marked stale).
      const period = (rows: IndicatorValueRow[]) => {
        const p = rows.reduce((m, r) => (r.period > m ? r.period : m), '');
        return p ? <span class="period">{p}</span> : null;
      };
      return (
        <Panel id="p-detail" oob={oob} class="detail ind-detail" title={name(ctx, d)}
          extra={<a href="?" class="btn close" data-action="close" aria-label={t(ctx.lang, 'close')}>✕ {t(ctx.lang, 'close')}</a>}>
          <div class="detail-grid">
            <div>
              <h3>{t(ctx.lang, 'byDistrict')}{period(byDistrict)}</h3>
              <Choropleth ctx={ctx} values={values} unit={d.unit} decimals={dec} lowerIsBetter={d.direction === 'down'} label={name(ctx, d)} linkBase={ctx.base} selected={o.district ?? null} />
            </div>
            <div>
              <h3>{t(ctx.lang, 'byGender')} · <DistrictLabel ctx={ctx} code={district} />{period(breakdowns)}</h3>
              <Bars max={max} bars={[bar(g('female'), t(ctx.lang, 'female')), bar(g('male'), t(ctx.lang, 'male'))]} />
              <h3>{t(ctx.lang, 'byAge')}</h3>
              <Bars max={max} bars={AGE_BANDS.map((x) => bar(a(x), x.replace('70-plus', '70+')))} />
              <DistrictIndex ctx={ctx} id="p-detail-districts" kept={oob} linkBase={ctx.base} selected={o.district ?? null} />
            </div>
          </div>
        </Panel>
      );
    },
  };
}
