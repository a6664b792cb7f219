// Public opinion panels: the complaint pipeline, latest complaints and
// suggestions, polls with live tallies, media trends.
import type { RenderCtx } from '../context.js';
import { Age, AsOf, DistrictLabel, Fig, Panel, Pager, Badge } from '../components.js';
import { complaintPipeline, emptyListKnownAt, latestComplaints, polls, stageOf, trends, type ComplaintView, type PollView } from '../data.js';
import { kindName, t } from '../i18n.js';
import { compact, num, percent, dateShort } from '../format.js';
import { staleAt } from '../freshness.js';
import { Funnel } from '../charts/funnel.js';
import { Meter } from '../charts/bars.js';
import { byKind, type PanelDecl, type PanelDef } from './types.js';

export const pipelineDecl = (): PanelDecl => ({ id: 'p-pipeline', deps: byKind('complaint') });
export const complaintsDecl = (o: { kind: 'complaint' | 'suggestion' }): PanelDecl => ({ id: o.kind === 'complaint' ? 'p-complaints' : 'p-suggestions', deps: byKind('complaint') });
export const pollsDecl = (): PanelDecl => ({ id: 'p-polls', deps: byKind('poll') });
export const trendsDecl = (): PanelDecl => ({ id: 'p-trends', deps: byKind('trend') });

const STAGE_LABEL = { reported: 'report', received: 'reception', 'in-progress': 'handling', done: 'done' } as const;

export function pipelinePanel(ctx: RenderCtx, o: { district?: string; ageing?: boolean } = {}): PanelDef {
  return {
    ...pipelineDecl(),
    render: (oob) => {
      const { counts, oldest, ageing, latestTs } = complaintPipeline(ctx, { kind: 'complaint', district: o.district });
      const any = latestTs !== '';
      const suffix = o.district ? `:${o.district}` : '';
      // No complaint to date the counts: they are as old as the last word that there is none (as open incidents).
      const emptyAt = any ? null : emptyListKnownAt(ctx, 'complaint');
      const ts = any || emptyAt === null ? latestTs : new Date(emptyAt).toISOString();
      const stages = (['reported', 'received', 'in-progress', 'done'] as const).map((s) => ({
        label: t(ctx.lang, STAGE_LABEL[s]),
        value: counts[s],
        count: <Fig ctx={ctx} k={`count:complaints:${s}${suffix}`} ts={ts} staleAt={staleAt(ctx.fresh, { kind: 'count' })} class="num">{num(ctx.lang, counts[s])}</Fig>,
        sub: s !== 'done' && oldest[s] !== null ? <span>{t(ctx.lang, 'oldest')} <Age ctx={ctx} ms={oldest[s]} /></span> : undefined,
      }));
      const days = (n: string) => t(ctx.lang, 'days', { n });
      const buckets = [`< ${days('1')}`, days('1–3'), days('3–7'), `> ${days('7')}`];
      const maxA = Math.max(1, ...ageing);
      return (
        <Panel id="p-pipeline" oob={oob} class="pipeline" title={t(ctx.lang, 'complaintPipeline')} asOf={any ? undefined : <AsOf ctx={ctx} ms={emptyAt} />}>
          <Funnel stages={stages} />
          {o.ageing ? (
            <div class="ageing" aria-label={t(ctx.lang, 'complaintAgeing')}>
              {ageing.map((n, i) => (
                <div class="age-b"><span class="age-l">{buckets[i]}</span><Meter ratio={n / maxA} tone={i >= 3 ? 'bad' : i === 2 ? 'warn' : 'ok'} width={140} height={18} /><span class="num">{num(ctx.lang, n)}</span></div>
              ))}
            </div>
          ) : null}
        </Panel>
      );
    },
  };
}

function summaryText(ctx: RenderCtx, c: ComplaintView) {
  return c.summary === null ? <span class="muted">{t(ctx.lang, 'summaryHidden')}</span> : <span class="summary">{c.summary}</span>;
}

export function complaintItem(ctx: RenderCtx, c: ComplaintView) {
  const stage = stageOf(c.status);
  return (
    <Fig ctx={ctx} tag="li" k={`complaint:${c.id}`} ts={c.ts} staleAt={staleAt(ctx.fresh, { kind: 'complaint' })} class="cmp">
      <a class="row-link" href={`${ctx.base}/opinion?open=complaint:${encodeURIComponent(c.id)}`} data-action="open" data-item={`complaint:${c.id}`}>
        <span class="cmp-cat">{kindName(ctx.lang, c.category)}</span>
        <span class="cmp-where"><DistrictLabel ctx={ctx} code={c.district} short /></span>
        <span class="cmp-stage"><Badge tone={stage === 'done' ? 'good' : stage === 'in-progress' ? 'info' : 'warn'}>{t(ctx.lang, STAGE_LABEL[stage])}</Badge> <Age ctx={ctx} ms={c.reportedAt} /></span>
        <span class="cmp-sum">{summaryText(ctx, c)}</span>
      </a>
    </Fig>
  );
}

export function complaintsPanel(ctx: RenderCtx, o: { kind: 'complaint' | 'suggestion'; perPage: number; sub: number; district?: string }): PanelDef & { subCount: number } {
  // The open ones newest first, then the newest handled ones; counted and paged by the store.
  const latest = latestComplaints(ctx, { kind: o.kind, district: o.district });
  const total = latest.total;
  const subCount = Math.max(1, Math.ceil(total / o.perPage));
  const sub = Math.min(o.sub, subCount - 1);
  const id = o.kind === 'complaint' ? 'p-complaints' : 'p-suggestions';
  return {
    ...complaintsDecl(o), subCount,
    render: (oob) => {
      const shown = latest.page(sub * o.perPage, o.perPage);
      const cats = o.kind === 'complaint' ? latest.top(4) : [];
      return (
        <Panel id={id} oob={oob} class="complaints" title={t(ctx.lang, o.kind === 'complaint' ? 'latestComplaints' : 'suggestions')} asOf={total ? <Pager ctx={ctx} sub={sub} count={subCount} /> : <AsOf ctx={ctx} ms={emptyListKnownAt(ctx, 'complaint')} />}>
          {cats.length ? <p class="cats">{cats.map(({ category, n }) => <span class="chip">{kindName(ctx.lang, category)} <b class="num">{num(ctx.lang, n)}</b></span>)}</p> : null}
          {shown.length ? <ul class="cmp-list">{shown.map((c) => complaintItem(ctx, c))}</ul> : <p class="empty">{t(ctx.lang, 'none')}</p>}
        </Panel>
      );
    },
  };
}

export function pollBlock(ctx: RenderCtx, p: PollView) {
  const total = p.options.reduce((s, o) => s + o.votes, 0);
  const lead = Math.max(0, ...p.options.map((o) => o.votes));
  const open = p.status === 'open';
  return (
    <Fig ctx={ctx} tag="li" k={`poll:${p.id}`} ts={p.ts} staleAt={staleAt(ctx.fresh, { kind: 'poll', tsMs: p.tsMs, open })} class="poll">
      <a class="row-link" href={`${ctx.base}/opinion?open=poll:${encodeURIComponent(p.id)}`} data-action="open" data-item={`poll:${p.id}`}>
        <span class="poll-title">{p.title}</span>
        <span class="poll-meta">
          {/* LIVE only while the tally is fresh: wall.css hides it once the poll is marked stale (here or on the page). */}
          {open ? <span class="poll-live"><Badge tone="info">{t(ctx.lang, 'pollLive')}</Badge></span>
            : <Badge tone="muted">{t(ctx.lang, p.status === 'scheduled' ? 'pollScheduled' : 'pollClosed')}</Badge>}
          {p.visibility === 'private' ? <Badge tone="muted" icon="🔒">{t(ctx.lang, 'privatePoll')}</Badge> : null}
          {' '}<span class="num">{num(ctx.lang, p.totalVoters ?? total)}</span> {t(ctx.lang, 'voters')}
          {p.closesAt ? <span> · {t(ctx.lang, 'closes', { t: dateShort(ctx.lang, p.closesAt, ctx.timeZone) })}</span> : null}
          {' · '}<Age ctx={ctx} ms={p.tsMs || null} />
        </span>
      </a>
      <ul class="opts">
        {p.options.slice(0, 4).map((o) => (
          <li class={o.votes === lead && lead > 0 ? 'lead' : ''}>
            <span class="opt-l">{o.votes === lead && lead > 0 ? '★ ' : ''}{o.label}</span>
            <Meter ratio={total ? o.votes / total : 0} tone={o.votes === lead ? 'ok' : 'dim'} width={150} height={18} />
            <span class="opt-v num">{percent(ctx.lang, total ? (o.votes / total) * 100 : 0, 1)}</span>
            <span class="opt-n num">{compact(ctx.lang, o.votes)}</span>
          </li>
        ))}
      </ul>
    </Fig>
  );
}

export function pollsPanel(ctx: RenderCtx, o: { max: number; sub?: number }): PanelDef & { subCount: number } {
  const list = polls(ctx).filter((p) => p.status !== 'scheduled');
  const subCount = Math.max(1, Math.ceil(list.length / o.max));
  const sub = Math.min(o.sub ?? 0, subCount - 1);
  return {
    ...pollsDecl(), subCount,
    render: (oob) => (
      <Panel id="p-polls" oob={oob} class="polls" title={t(ctx.lang, 'livePolls')} asOf={list.length ? <Pager ctx={ctx} sub={sub} count={subCount} /> : <AsOf ctx={ctx} ms={emptyListKnownAt(ctx, 'poll')} />}>
        {list.length ? <ul class="poll-list">{list.slice(sub * o.max, (sub + 1) * o.max).map((p) => pollBlock(ctx, p))}</ul> : <p class="empty">{t(ctx.lang, 'none')}</p>}
      </Panel>
    ),
  };
}

export function trendsPanel(ctx: RenderCtx, o: { max: number }): PanelDef {
  return {
    ...trendsDecl(),
    render: (oob) => {
      const list = trends(ctx).slice(0, o.max);
      const max = Math.max(1, ...list.map((x) => x.mentions));
      const newest = list.reduce((m, x) => Math.max(m, x.tsMs), 0);
      return (
        <Panel id="p-trends" oob={oob} class="trends" title={t(ctx.lang, 'mediaTrends')} asOf={<AsOf ctx={ctx} ms={list.length ? newest || null : emptyListKnownAt(ctx, 'trend')} />}>
          {list.length ? (
            <ul class="trend-list">
              {list.map((x) => {
                const s = x.sentiment ?? 0;
                return (
                  <Fig ctx={ctx} tag="li" k={`trend:${x.id}`} ts={x.ts} staleAt={staleAt(ctx.fresh, { kind: 'trend', tsMs: x.tsMs, window: x.window })} class="trend">
                    <span class="tr-k">{x.keyword[ctx.lang] || x.keyword.en}{ctx.lang === 'en' && x.keyword.ko ? <span class="ko" lang="ko"> {x.keyword.ko}</span> : null}</span>
                    <Meter ratio={x.mentions / max} tone="ok" width={130} height={18} />
                    <span class="tr-n num">{num(ctx.lang, x.mentions)}</span>
                    <span class={`tr-s ${s < -0.15 ? 'neg' : s > 0.15 ? 'pos' : 'neu'}`}>{s < -0.15 ? '▼ ' : s > 0.15 ? '▲ ' : '◆ '}{num(ctx.lang, s, 2)}</span>
                  </Fig>
                );
              })}
            </ul>
          ) : <p class="empty">{t(ctx.lang, 'none')}</p>}
        </Panel>
      );
    },
  };
}
