// The open item (incident, complaint, poll, pledge) drawn over the page.
import type { RenderCtx } from '../context.js';
import { Age, DistrictLabel, Panel } from '../components.js';
import { complaintById, incidentById, pledges, polls } from '../data.js';
import { kindName, t } from '../i18n.js';
import { incidentRow } from './incidents.js';
import { complaintItem, pollBlock } from './opinion.js';
import { pledgeRow } from './pledges.js';
import type { PanelDecl, PanelDef } from './types.js';

export const detailDecl = (item: string): PanelDecl => ({ id: 'p-detail', deps: [{ key: item }] });

export function detailPanel(ctx: RenderCtx, item: string): PanelDef {
  const [kind, ...rest] = item.split(':');
  const id = rest.join(':');
  const close = <a href="?" class="btn close" data-action="close" aria-label={t(ctx.lang, 'close')}>✕ {t(ctx.lang, 'close')}</a>;
  return {
    ...detailDecl(item),
    render: (oob) => {
      let body = <p class="empty">{t(ctx.lang, 'noData')}</p>;
      if (kind === 'incident') {
        const i = incidentById(ctx, id);
        if (i) body = (
          <div>
            <ul class="inc-list">{incidentRow(ctx, i, true)}</ul>
            <dl class="facts">
              <dt>{t(ctx.lang, 'district')}</dt><dd><DistrictLabel ctx={ctx} code={i.district} /></dd>
              {i.address ? <><dt>📍</dt><dd>{i.address}</dd></> : null}
              {i.units.length ? <><dt>{t(ctx.lang, 'units')}</dt><dd>{i.units.join(', ')}</dd></> : null}
              {i.cameras.length ? <><dt>{t(ctx.lang, 'cameras')}</dt><dd>{i.cameras.length}</dd></> : null}
            </dl>
          </div>
        );
      } else if (kind === 'complaint') {
        const c = complaintById(ctx, id);
        if (c) body = (
          <div>
            <ul class="cmp-list">{complaintItem(ctx, c)}</ul>
            <dl class="facts">
              <dt>{t(ctx.lang, 'district')}</dt><dd><DistrictLabel ctx={ctx} code={c.district} /></dd>
              <dt>{t(ctx.lang, 'ageLabel')}</dt><dd><Age ctx={ctx} ms={c.reportedAt} /></dd>
              {c.department ? <><dt>{t(ctx.lang, 'department')}</dt><dd>{c.department}</dd></> : null}
              <dt>{kindName(ctx.lang, c.category)}</dt><dd>{c.summary ?? t(ctx.lang, 'summaryHidden')}</dd>
            </dl>
          </div>
        );
      } else if (kind === 'poll') {
        const p = polls(ctx).find((x) => x.id === id);
        if (p) body = <ul class="poll-list">{pollBlock(ctx, p)}</ul>;
      } else if (kind === 'pledge') {
        const p = pledges(ctx).find((x) => x.id === id);
        if (p) body = <ul class="pledge-list">{pledgeRow(ctx, p)}</ul>;
      }
      return <Panel id="p-detail" oob={oob} class="detail" title={t(ctx.lang, kind === 'incident' ? 'incidents' : kind === 'poll' ? 'polls' : kind === 'pledge' ? 'pledges' : 'latestComplaints')} extra={close}>{body}</Panel>;
    },
  };
}
