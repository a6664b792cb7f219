// Open incidents with their timeline: received → dispatched → on scene → closed, minutes elapsed.
import type { RenderCtx } from '../context.js';
import { Age, AsOf, DistrictLabel, Fig, Panel, Pager, Badge } from '../components.js';
import { emptyListKnownAt, openIncidentCount, openIncidents, type IncidentView } from '../data.js';
import { kindName, t } from '../i18n.js';
import { minutesBetween, num, clock } from '../format.js';
import { staleAt } from '../freshness.js';
import { byKind, type PanelDecl, type PanelDef } from './types.js';

export const incidentsDecl = (o: { id?: string } = {}): PanelDecl => ({ id: o.id ?? 'p-incidents', deps: byKind('incident') });

const STEPS = [['receivedAt', 'received'], ['dispatchedAt', 'dispatched'], ['onSceneAt', 'onScene'], ['closedAt', 'closed']] as const;

function Timeline(p: { ctx: RenderCtx; i: IncidentView }) {
  const { ctx, i } = p;
  return (
    <ol class="timeline">
      {STEPS.map(([field, label], idx) => {
        const at = i[field];
        const prev = idx === 0 ? null : i[STEPS[idx - 1]![0]];
        const done = at !== null;
        return (
          <li class={done ? 'done' : 'todo'}>
            <span class="tl-mark" aria-hidden="true">{done ? '●' : '○'}</span>
            <span class="tl-label">{t(ctx.lang, label)}</span>
            <span class="tl-time num">{done ? clock(at, ctx.timeZone) : '—'}</span>
            {done && prev !== null && idx > 0 ? <span class="tl-min num">+{num(ctx.lang, minutesBetween(prev, at))} {t(ctx.lang, 'minutes')}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

export function incidentRow(ctx: RenderCtx, i: IncidentView, timeline: boolean) {
  const sev = i.severity ?? 0;
  return (
    <Fig ctx={ctx} tag="li" k={`incident:${i.id}`} ts={i.ts} staleAt={staleAt(ctx.fresh, { kind: 'incident' })} class={`inc sev${Math.min(5, sev)}`}>
      <a class="row-link" href={`${ctx.base}/urban?open=incident:${encodeURIComponent(i.id)}`} data-action="open" data-item={`incident:${i.id}`}>
        <span class="inc-kind"><Badge tone={sev >= 4 ? 'bad' : sev >= 3 ? 'warn' : 'info'} icon={sev >= 4 ? '▲' : '■'}>{kindName(ctx.lang, i.kind)} {sev ? `${t(ctx.lang, 'severity')} ${sev}` : ''}</Badge></span>
        <span class="inc-title">{i.title}</span>
        <span class="inc-where"><DistrictLabel ctx={ctx} code={i.district} short /></span>
        <span class="inc-status">{t(ctx.lang, i.status === 'on-scene' ? 'onScene' : i.status === 'dispatched' ? 'dispatched' : i.status === 'closed' ? 'closed' : 'received')} · <Age ctx={ctx} ms={i.receivedAt} /></span>
      </a>
      {timeline ? <Timeline ctx={ctx} i={i} /> : null}
    </Fig>
  );
}

export function incidentsPanel(ctx: RenderCtx, o: { id?: string; district?: string; perPage: number; sub: number; timeline: boolean }): PanelDef & { subCount: number } {
  const { total: count, newestTs } = openIncidentCount(ctx, o.district);
  const subCount = Math.max(1, Math.ceil(count / o.perPage));
  const sub = Math.min(o.sub, subCount - 1);
  const shown = count ? openIncidents(ctx, { district: o.district, offset: sub * o.perPage, limit: o.perPage }) : [];
  const id = o.id ?? 'p-incidents';
  // An empty list's count has no item to date it: it is as old as the last word that the list is empty.
  const emptyAt = count ? null : emptyListKnownAt(ctx, 'incident');
  const ts = count ? newestTs : emptyAt === null ? '' : new Date(emptyAt).toISOString();
  return {
    ...incidentsDecl(o), subCount,
    render: (oob) => (
      <Panel id={id} oob={oob} class="incidents" title={t(ctx.lang, 'openIncidents')}
        extra={<span class="big-count"><Fig ctx={ctx} k={o.district ? `count:incidents:open:${o.district}` : 'count:incidents:open'} ts={ts} staleAt={null} class="num">{num(ctx.lang, count)}</Fig></span>}
        asOf={count ? <Pager ctx={ctx} sub={sub} count={subCount} /> : <AsOf ctx={ctx} ms={emptyAt} />}>
        {shown.length ? <ul class="inc-list">{shown.map((i) => incidentRow(ctx, i, o.timeline))}</ul> : <p class="empty">{t(ctx.lang, 'none')}</p>}
      </Panel>
    ),
  };
}
