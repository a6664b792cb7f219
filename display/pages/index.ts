// Page models: which panels a view shows, and how many wall sub-pages it has.
import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import { spec, type PanelSpec } from '../fragments/types.js';
import { overviewPage, overviewPanels } from './overview.js';
import { urbanPage, urbanPanels } from './urban.js';
import { opinionPage, opinionPanels } from './opinion.js';
import { adminPage, adminPanels } from './admin.js';
import { pledgesPage, pledgesPanels } from './pledges.js';
import { districtPage, districtPanels } from './district.js';
import { camerasPage, camerasPanels } from './cameras.js';
import type { PageModel } from './page-model.js';
import { detailDecl, detailPanel } from '../fragments/detail.js';
import { indicatorDetailDecl, indicatorDetailPanel } from '../fragments/indicators.js';

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
  const detail = detailSpec(v);
  if (detail) {
    m.panels.push(detail.build(ctx));
    m.layout += ' has-detail';
  }
  return m;
}

function detailSpec(v: View): PanelSpec | null {
  const open = v.open;
  if (!open) return null;
  if (open.startsWith('indicator:')) {
    const id = open.slice('indicator:'.length);
    return spec(indicatorDetailDecl({ id }), (ctx) => indicatorDetailPanel(ctx, { id, district: v.district ?? undefined }));
  }
  return spec(detailDecl(open), (ctx) => detailPanel(ctx, open));
}

/**
 * The panels a view shows and what each depends on, from the view alone (no
 * store read): the live path matches changes against these, then builds only
 * the panels it must draw.
 */
export function pagePanels(v: View): PanelSpec[] {
  if (v.camera || v.page === 'cameras') return camerasPanels(v);
  let specs: PanelSpec[];
  switch (v.page) {
    case 'urban': specs = urbanPanels(v); break;
    case 'opinion': specs = opinionPanels(v); break;
    case 'admin': specs = adminPanels(v); break;
    case 'pledges': specs = pledgesPanels(v); break;
    case 'district': specs = districtPanels(v); break;
    default: specs = overviewPanels(v);
  }
  const detail = detailSpec(v);
  return detail ? [...specs, detail] : specs;
}

/** The larger of the paginated panels' counts. */
export function maxSub(...panels: { subCount?: number }[]): number {
  return Math.max(1, ...panels.map((p) => p.subCount ?? 1));
}
