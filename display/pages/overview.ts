import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './index.js';
import { t } from '../i18n.js';
import { incidentsPanel } from '../fragments/incidents.js';
import { pipelinePanel, pollsPanel } from '../fragments/opinion.js';
import { mapPanel } from '../fragments/urban.js';
import { headlinePanel } from '../fragments/indicators.js';
import { AIR_METRICS } from '../data.js';

export function overviewPage(ctx: RenderCtx, v: View): PageModel {
  const metric = v.metric && AIR_METRICS.includes(v.metric) ? v.metric : 'pm25';
  const inc = incidentsPanel(ctx, { perPage: 3, sub: v.sub, timeline: false });
  const polls = pollsPanel(ctx, { max: 2 });
  return {
    title: t(ctx.lang, 'overview'), layout: 'l-overview',
    panels: [inc, mapPanel(ctx, { id: 'p-map', title: t(ctx.lang, 'airQuality'), metric, choices: ['pm25', 'pm10', 'o3'], path: '/' }), pipelinePanel(ctx, { ageing: true }), headlinePanel(ctx), polls],
    subCount: Math.max(inc.subCount, polls.subCount),
  };
}
