import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './page-model.js';
import { categoryName } from '../i18n.js';
import { districtText } from '../components.js';
import { districtUrbanDecl, districtUrbanPanel, mapDecl, mapPanel } from '../fragments/urban.js';
import { categoryDecl, categoryPanel, headlineDecl, headlinePanel, tilesDecl, tilesPanel } from '../fragments/indicators.js';
import { incidentsDecl, incidentsPanel } from '../fragments/incidents.js';
import { pipelineDecl, pipelinePanel } from '../fragments/opinion.js';
import { spec, type PanelSpec } from '../fragments/types.js';
import { t } from '../i18n.js';

export function districtPanels(v: View): PanelSpec[] {
  const code = v.district!;
  const category = v.category;
  if (category) {
    return [spec(categoryDecl({ district: code }), (ctx) => categoryPanel(ctx, { category, district: code, perPage: 7, sub: v.sub, pathBase: `/district/${code}/${category}` }))];
  }
  return [
    spec(districtUrbanDecl(code), (ctx) => districtUrbanPanel(ctx, code)),
    spec(mapDecl({ id: 'p-map', metric: 'pm25' }), (ctx) => mapPanel(ctx, { id: 'p-map', title: t(ctx.lang, 'airQuality'), metric: 'pm25', selected: code, path: `/district/${code}`, index: true })),
    spec(headlineDecl({ district: code }), (ctx) => headlinePanel(ctx, { district: code, max: 4 })),
    spec(incidentsDecl(), (ctx) => incidentsPanel(ctx, { district: code, perPage: 3, sub: v.sub, timeline: false })),
    spec(pipelineDecl(), (ctx) => pipelinePanel(ctx, { district: code })),
    spec(tilesDecl(), (ctx) => tilesPanel(ctx, { district: code })),
  ];
}

export function districtPage(ctx: RenderCtx, v: View): PageModel {
  const code = v.district!;
  const name = districtText(ctx, code);
  const panels = districtPanels(v).map((s) => s.build(ctx));
  if (v.category) return { title: `${name} · ${categoryName(ctx.lang, v.category)}`, layout: 'l-category', panels, subCount: panels[0]!.subCount ?? 1 };
  return { title: name, layout: 'l-district', panels, subCount: panels[3]!.subCount ?? 1 };
}
