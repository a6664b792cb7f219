import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './index.js';
import { t } from '../i18n.js';
import { incidentsPanel } from '../fragments/incidents.js';
import { mapPanel } from '../fragments/urban.js';
import { AIR_METRICS } from '../data.js';

export function urbanPage(ctx: RenderCtx, v: View): PageModel {
  const metric = v.metric && AIR_METRICS.includes(v.metric) ? v.metric : 'pm25';
  const inc = incidentsPanel(ctx, { perPage: 4, sub: v.sub, timeline: true });
  return {
    title: t(ctx.lang, 'urban'), layout: 'l-urban',
    panels: [
      inc,
      mapPanel(ctx, { id: 'p-map', title: t(ctx.lang, 'airQuality'), metric, choices: AIR_METRICS, path: '/urban' }),
      mapPanel(ctx, { id: 'p-traffic', title: t(ctx.lang, 'traffic'), metric: 'traffic-speed', path: '/urban' }),
      mapPanel(ctx, { id: 'p-water', title: t(ctx.lang, 'waterQuality'), metric: 'water-turbidity', path: '/urban' }),
    ],
    subCount: inc.subCount,
  };
}
