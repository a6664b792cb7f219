import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './page-model.js';
import { t } from '../i18n.js';
import { complaintsDecl, complaintsPanel, pipelineDecl, pipelinePanel, pollsDecl, pollsPanel, trendsDecl, trendsPanel } from '../fragments/opinion.js';
import { spec, type PanelSpec } from '../fragments/types.js';

export function opinionPanels(v: View): PanelSpec[] {
  return [
    spec(pipelineDecl(), (ctx) => pipelinePanel(ctx, { ageing: true })),
    spec(complaintsDecl({ kind: 'complaint' }), (ctx) => complaintsPanel(ctx, { kind: 'complaint', perPage: 7, sub: v.sub })),
    spec(complaintsDecl({ kind: 'suggestion' }), (ctx) => complaintsPanel(ctx, { kind: 'suggestion', perPage: 3, sub: v.sub })),
    spec(pollsDecl(), (ctx) => pollsPanel(ctx, { max: 2, sub: v.sub })),
    spec(trendsDecl(), (ctx) => trendsPanel(ctx, { max: 6 })),
  ];
}

export function opinionPage(ctx: RenderCtx, v: View): PageModel {
  const panels = opinionPanels(v).map((s) => s.build(ctx));
  return { title: t(ctx.lang, 'opinion'), layout: 'l-opinion', panels, subCount: Math.max(1, ...panels.map((p) => p.subCount ?? 1)) };
}
