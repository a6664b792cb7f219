import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './index.js';
import { categoryName } from '../i18n.js';
import { districtText } from '../components.js';
import { districtUrbanPanel, mapPanel } from '../fragments/urban.js';
import { categoryPanel, headlinePanel, tilesPanel } from '../fragments/indicators.js';
import { incidentsPanel } from '../fragments/incidents.js';
import { pipelinePanel } from '../fragments/opinion.js';
import { t } from '../i18n.js';

export function districtPage(ctx: RenderCtx, v: View): PageModel {
  const code = v.district!;
  const name = districtText(ctx, code);
  if (v.category) {
    const cat = categoryPanel(ctx, { category: v.category, district: code, perPage: 7, sub: v.sub, pathBase: `/district/${code}/${v.category}` });
    return { title: `${name} · ${categoryName(ctx.lang, v.category)}`, layout: 'l-category', panels: [cat], subCount: cat.subCount };
  }
  const inc = incidentsPanel(ctx, { district: code, perPage: 3, sub: v.sub, timeline: false });
  return {
    title: name, layout: 'l-district',
    panels: [
      districtUrbanPanel(ctx, code),
      mapPanel(ctx, { id: 'p-map', title: t(ctx.lang, 'airQuality'), metric: 'pm25', selected: code, path: `/district/${code}` }),
      headlinePanel(ctx, { district: code, max: 4 }),
      inc,
      pipelinePanel(ctx, { district: code }),
      tilesPanel(ctx, { district: code }),
    ],
    subCount: inc.subCount,
  };
}
