import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './page-model.js';
import { t } from '../i18n.js';
import { pledgeSummaryDecl, pledgeSummaryPanel, pledgesDecl, pledgesPanel } from '../fragments/pledges.js';
import { spec, type PanelSpec } from '../fragments/types.js';

export function pledgesPanels(v: View): PanelSpec[] {
  return [
    spec(pledgeSummaryDecl(), (ctx) => pledgeSummaryPanel(ctx)),
    spec(pledgesDecl(), (ctx) => pledgesPanel(ctx, { perPage: 7, sub: v.sub })),
  ];
}

export function pledgesPage(ctx: RenderCtx, v: View): PageModel {
  const panels = pledgesPanels(v).map((s) => s.build(ctx));
  return { title: t(ctx.lang, 'pledges'), layout: 'l-pledges', panels, subCount: panels[1]!.subCount ?? 1 };
}
