import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './index.js';
import { t } from '../i18n.js';
import { complaintsPanel, pipelinePanel, pollsPanel, trendsPanel } from '../fragments/opinion.js';

export function opinionPage(ctx: RenderCtx, v: View): PageModel {
  const cmp = complaintsPanel(ctx, { kind: 'complaint', perPage: 7, sub: v.sub });
  const sug = complaintsPanel(ctx, { kind: 'suggestion', perPage: 3, sub: v.sub });
  const polls = pollsPanel(ctx, { max: 2, sub: v.sub });
  return {
    title: t(ctx.lang, 'opinion'), layout: 'l-opinion',
    panels: [pipelinePanel(ctx, { ageing: true }), cmp, sug, polls, trendsPanel(ctx, { max: 6 })],
    subCount: Math.max(cmp.subCount, sug.subCount, polls.subCount),
  };
}
