// The camera pages: the tiles by district (/cameras), and one camera full
// screen over whatever the screen showed (/cameras/{id}).
import type { RenderCtx } from '../context.js';
import type { View } from '../view.js';
import type { PageModel } from './page-model.js';
import { t } from '../i18n.js';
import { cameraFullPanel, cameraTilesPanel } from '../fragments/cameras.js';
import { spec, type PanelSpec } from '../fragments/types.js';

/** Camera pages depend on no city data (the cameras come from the configuration). */
export function camerasPanels(v: View): PanelSpec[] {
  const camera = v.camera;
  if (camera) return [spec({ id: 'p-camera', deps: [] }, (ctx) => cameraFullPanel(ctx, camera))];
  return [spec({ id: 'p-cameras', deps: [] }, (ctx) => cameraTilesPanel(ctx))];
}

export function camerasPage(ctx: RenderCtx, v: View): PageModel {
  if (v.camera) {
    const cam = ctx.cameras.find((c) => c.id === v.camera);
    return { title: cam ? cam.name[ctx.lang] : t(ctx.lang, 'cameras'), layout: 'l-camera', panels: [cameraFullPanel(ctx, v.camera)], subCount: 1 };
  }
  return { title: t(ctx.lang, 'cameras'), layout: 'l-cameras', panels: [cameraTilesPanel(ctx)], subCount: 1 };
}
