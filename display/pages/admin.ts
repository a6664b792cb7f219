import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './index.js';
import { categoryName, t } from '../i18n.js';
import { categoryPanel, tilesPanel } from '../fragments/indicators.js';

export function adminPage(ctx: RenderCtx, v: View): PageModel {
  if (!v.category) return { title: t(ctx.lang, 'admin'), layout: 'l-admin', panels: [tilesPanel(ctx)], subCount: 1 };
  const cat = categoryPanel(ctx, { category: v.category, perPage: 7, sub: v.sub, pathBase: `/admin/${v.category}` });
  return { title: `${t(ctx.lang, 'admin')} · ${categoryName(ctx.lang, v.category)}`, layout: 'l-category', panels: [cat], subCount: cat.subCount };
}
