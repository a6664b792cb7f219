import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './page-model.js';
import { categoryName, t } from '../i18n.js';
import { categoryDecl, categoryPanel, tilesDecl, tilesPanel } from '../fragments/indicators.js';
import { spec, type PanelSpec } from '../fragments/types.js';

export function adminPanels(v: View): PanelSpec[] {
  const category = v.category;
  if (!category) return [spec(tilesDecl(), (ctx) => tilesPanel(ctx))];
  return [spec(categoryDecl(), (ctx) => categoryPanel(ctx, { category, perPage: 7, sub: v.sub, pathBase: `/admin/${category}` }))];
}

export function adminPage(ctx: RenderCtx, v: View): PageModel {
  const panels = adminPanels(v).map((s) => s.build(ctx));
  if (!v.category) return { title: t(ctx.lang, 'admin'), layout: 'l-admin', panels, subCount: 1 };
  return { title: `${t(ctx.lang, 'admin')} · ${categoryName(ctx.lang, v.category)}`, layout: 'l-category', panels, subCount: panels[0]!.subCount ?? 1 };
}
