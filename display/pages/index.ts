// Page models: which panels a view shows, and how many wall sub-pages it has.
import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PanelDef } from '../fragments/types.js';
import { overviewPage } from './overview.js';
import { urbanPage } from './urban.js';
import { opinionPage } from './opinion.js';
import { adminPage } from './admin.js';
import { pledgesPage } from './pledges.js';
import { districtPage } from './district.js';
import { camerasPage } from './cameras.js';
import { detailPanel } from '../fragments/detail.js';
import { indicatorDetailPanel } from '../fragments/indicators.js';

export interface PageModel {
  title: string;
  /** CSS layout class of <main>. */
  layout: string;
  panels: PanelDef[];
  /** Sub-pages this view splits into on the wall (≥ 1). */
  subCount: number;
}

export function pageModel(ctx: RenderCtx, v: View): PageModel {
  // A camera open on a screen is shown full screen, over whatever page it was opened from.
  if (v.camera || v.page === 'cameras') return camerasPage(ctx, v);
  let m: PageModel;
  switch (v.page) {
    case 'urban': m = urbanPage(ctx, v); break;
    case 'opinion': m = opinionPage(ctx, v); break;
    case 'admin': m = adminPage(ctx, v); break;
    case 'pledges': m = pledgesPage(ctx, v); break;
    case 'district': m = districtPage(ctx, v); break;
    default: m = overviewPage(ctx, v);
  }
  if (v.open) {
    const detail = v.open.startsWith('indicator:')
      ? indicatorDetailPanel(ctx, { id: v.open.slice('indicator:'.length), district: v.district ?? undefined })
      : detailPanel(ctx, v.open);
    m.panels.push(detail);
    m.layout += ' has-detail';
  }
  return m;
}

/** The larger of the paginated panels' counts. */
export function maxSub(...panels: { subCount?: number }[]): number {
  return Math.max(1, ...panels.map((p) => p.subCount ?? 1));
}
