import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './index.js';
import { t } from '../i18n.js';
import { pledgeSummaryPanel, pledgesPanel } from '../fragments/pledges.js';

export function pledgesPage(ctx: RenderCtx, v: View): PageModel {
  const list = pledgesPanel(ctx, { perPage: 7, sub: v.sub });
  return { title: t(ctx.lang, 'pledges'), layout: 'l-pledges', panels: [pledgeSummaryPanel(ctx), list], subCount: list.subCount };
}
