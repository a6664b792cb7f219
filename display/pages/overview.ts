import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './page-model.js';
import { t } from '../i18n.js';
import { incidentsDecl, incidentsPanel } from '../fragments/incidents.js';
import { pipelineDecl, pipelinePanel, pollsDecl, pollsPanel } from '../fragments/opinion.js';
import { mapDecl, mapPanel } from '../fragments/urban.js';
import { headlineDecl, headlinePanel } from '../fragments/indicators.js';
import { spec, type PanelSpec } from '../fragments/types.js';
import { AIR_METRICS } from '../data.js';

export function overviewPanels(v: View): PanelSpec[] {
  const metric = v.metric && AIR_METRICS.includes(v.metric) ? v.metric : 'pm25';
  return [
    spec(incidentsDecl(), (ctx) => incidentsPanel(ctx, { perPage: 3, sub: v.sub, timeline: false })),
    spec(mapDecl({ id: 'p-map', metric }), (ctx) => mapPanel(ctx, { id: 'p-map', title: t(ctx.lang, 'airQuality'), metric, choices: ['pm25', 'pm10', 'o3'], path: '/', index: true })),
    spec(pipelineDecl(), (ctx) => pipelinePanel(ctx, { ageing: true })),
    spec(headlineDecl(), (ctx) => headlinePanel(ctx)),
    spec(pollsDecl(), (ctx) => pollsPanel(ctx, { max: 2 })),
  ];
}

export function overviewPage(ctx: RenderCtx, v: View): PageModel {
  const panels = overviewPanels(v).map((s) => s.build(ctx));
  return { title: t(ctx.lang, 'overview'), layout: 'l-overview', panels, subCount: Math.max(1, ...panels.map((p) => p.subCount ?? 1)) };
}
