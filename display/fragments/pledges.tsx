// Pledges: progress, status (word + icon + colour), budget executed vs allocated.
import type { RenderCtx } from '../context.js';
import { Age, AsOf, Badge, Fig, Panel, Pager } from '../components.js';
import { emptyListKnownAt, pledges, type PledgeView } from '../data.js';
import { t } from '../i18n.js';
import { money, num, percent } from '../format.js';
import { staleAt } from '../freshness.js';
import { Meter } from '../charts/bars.js';
import { byKind, type PanelDecl, type PanelDef } from './types.js';

export const pledgesDecl = (): PanelDecl => ({ id: 'p-pledges', deps: byKind('pledge') });
export const pledgeSummaryDecl = (): PanelDecl => ({ id: 'p-plsum', deps: byKind('pledge') });

const TONE = { 'on-track': 'good', 'at-risk': 'warn', delayed: 'bad', done: 'good' } as const;
const ICON = { 'on-track': '✓', 'at-risk': '!', delayed: '✕', done: '★' } as const;

export function pledgeStatus(ctx: RenderCtx, s: string) {
  const k = s as keyof typeof TONE;
  return <Badge tone={TONE[k] ?? 'muted'} icon={ICON[k] ?? '–'}>{t(ctx.lang, s === 'done' ? 'pledge-done' : (s as 'on-track' | 'at-risk' | 'delayed')) ?? s}</Badge>;
}

export function pledgeRow(ctx: RenderCtx, p: PledgeView) {
  const exec = p.allocated ? (p.executed ?? 0) / p.allocated : null;
  return (
    <Fig ctx={ctx} tag="li" k={`pledge:${p.id}`} ts={p.ts} staleAt={staleAt(ctx.fresh, { kind: 'pledge', tsMs: p.tsMs })} class={`pledge st-${p.status}`}>
      <a class="row-link" href={`${ctx.base}/pledges?open=pledge:${encodeURIComponent(p.id)}`} data-action="open" data-item={`pledge:${p.id}`}>
        <span class="pl-title">{p.title}</span>
        <span class="pl-status">{pledgeStatus(ctx, p.status)} <Age ctx={ctx} ms={p.tsMs || null} /></span>
        <span class="pl-prog"><Meter ratio={p.progress / 100} tone={TONE[p.status as keyof typeof TONE] === 'bad' ? 'bad' : TONE[p.status as keyof typeof TONE] === 'warn' ? 'warn' : 'ok'} width={260} height={22} /> <b class="num">{percent(ctx.lang, p.progress)}</b></span>
        {/* executed / allocated on one line, its meter and share under it (never a wrapped "(59%)") */}
        <span class="pl-budget">{exec === null ? '—' : <>
          <span class="pl-money num">{money(ctx.lang, p.executed ?? 0, p.currency)} / {money(ctx.lang, p.allocated ?? 0, p.currency)}</span>
          <Meter ratio={exec} tone="dim" width={160} height={16} /> <span class="pl-share num">{percent(ctx.lang, exec * 100)}</span>
        </>}</span>
      </a>
    </Fig>
  );
}

export function pledgesPanel(ctx: RenderCtx, o: { perPage: number; sub: number }): PanelDef & { subCount: number } {
  const list = pledges(ctx);
  const subCount = Math.max(1, Math.ceil(list.length / o.perPage));
  const sub = Math.min(o.sub, subCount - 1);
  return {
    ...pledgesDecl(), subCount,
    render: (oob) => (
      <Panel id="p-pledges" oob={oob} class="pledges" title={`${t(ctx.lang, 'pledges')} · ${t(ctx.lang, 'progress')} · ${t(ctx.lang, 'budget')}`} asOf={list.length ? <Pager ctx={ctx} sub={sub} count={subCount} /> : <AsOf ctx={ctx} ms={emptyListKnownAt(ctx, 'pledge')} />}>
        {list.length ? <ul class="pledge-list">{list.slice(sub * o.perPage, (sub + 1) * o.perPage).map((p) => pledgeRow(ctx, p))}</ul> : <p class="empty">{t(ctx.lang, 'none')}</p>}
      </Panel>
    ),
  };
}

export function pledgeSummaryPanel(ctx: RenderCtx): PanelDef {
  return {
    ...pledgeSummaryDecl(),
    render: (oob) => {
      const list = pledges(ctx);
      const by = (s: string) => list.filter((p) => p.status === s).length;
      const alloc = list.reduce((s, p) => s + (p.allocated ?? 0), 0);
      const exec = list.reduce((s, p) => s + (p.executed ?? 0), 0);
      const newest = list.reduce((m, p) => (p.ts > m ? p.ts : m), '');
      const avg = list.length ? list.reduce((s, p) => s + p.progress, 0) / list.length : 0;
      // A sum is as old as its oldest part: it goes stale with the first pledge it counts that does.
      const staleOf = (ps: PledgeView[]) => ps.reduce<number | null>((m, p) => {
        const at = staleAt(ctx.fresh, { kind: 'pledge', tsMs: p.tsMs });
        return at !== null && (m === null || at < m) ? at : m;
      }, null);
      const oldest = list.length ? Math.min(...list.map((p) => p.tsMs)) : null;
      return (
        <Panel id="p-plsum" oob={oob} class="plsum" title={t(ctx.lang, 'pledges')} asOf={<AsOf ctx={ctx} ms={oldest} />}>
          <div class="big-fig"><Fig ctx={ctx} k="count:pledges:progress" ts={newest} staleAt={staleOf(list)} class="num key">{percent(ctx.lang, avg)}</Fig><span class="cap">{t(ctx.lang, 'progress')}</span></div>
          <ul class="status-counts">
            {(['on-track', 'at-risk', 'delayed', 'done'] as const).map((s) => (
              <li>{pledgeStatus(ctx, s)} <Fig ctx={ctx} k={`count:pledges:${s}`} ts={newest} staleAt={staleOf(list.filter((p) => p.status === s))} class="num">{num(ctx.lang, by(s))}</Fig></li>
            ))}
          </ul>
          <div class="budget-sum"><span class="cap">{t(ctx.lang, 'budget')}</span>
            <Meter ratio={alloc ? exec / alloc : 0} tone="ok" width={360} height={24} />
            <Fig ctx={ctx} k="count:pledges:budget" ts={newest} staleAt={staleOf(list)} class="num">{money(ctx.lang, exec)} / {money(ctx.lang, alloc)}</Fig></div>
        </Panel>
      );
    },
  };
}
