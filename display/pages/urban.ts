import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './page-model.js';
import { t } from '../i18n.js';
import { incidentsDecl, incidentsPanel } from '../fragments/incidents.js';
import { mapDecl, mapPanel } from '../fragments/urban.js';
import { spec, type PanelSpec } from '../fragments/types.js';
import { AIR_METRICS } from '../data.js';

export function urbanPanels(v: View): PanelSpec[] {
  const metric = v.metric && AIR_METRICS.includes(v.metric) ? v.metric : 'pm25';
  return [
    spec(incidentsDecl(), (ctx) => incidentsPanel(ctx, { perPage: 4, sub: v.sub, timeline: true })),
    spec(mapDecl({ id: 'p-map', metric }), (ctx) => mapPanel(ctx, { id: 'p-map', title: t(ctx.lang, 'airQuality'), metric, choices: AIR_METRICS, path: '/urban', index: true })),
    spec(mapDecl({ id: 'p-traffic', metric: 'traffic-speed' }), (ctx) => mapPanel(ctx, { id: 'p-traffic', title: t(ctx.lang, 'traffic'), metric: 'traffic-speed', path: '/urban' })),
    spec(mapDecl({ id: 'p-water', metric: 'water-turbidity' }), (ctx) => mapPanel(ctx, { id: 'p-water', title: t(ctx.lang, 'waterQuality'), metric: 'water-turbidity', path: '/urban' })),
  ];
}

export function urbanPage(ctx: RenderCtx, v: View): PageModel {
  const panels = urbanPanels(v).map((s) => s.build(ctx));
  return { title: t(ctx.lang, 'urban'), layout: 'l-urban', panels, subCount: panels[0]!.subCount ?? 1 };
}
