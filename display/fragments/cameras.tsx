// Cameras on the wall: one camera full screen, or the tiles by district. The
// element (display/kit/camera-element.ts) carries only the camera's id; the
// player (assets/camera-player.js) streams it and says honestly whether it is
// live. Never on the public mirror.
import { raw } from 'hono/html';
import type { RenderCtx } from '../context.js';
import type { PanelDef } from './types.js';
import { Panel, districtText } from '../components.js';
import { cameraElementHtml } from '../kit/camera-element.js';
import { t } from '../i18n.js';

export function cameraFullPanel(ctx: RenderCtx, id: string): PanelDef {
  const cam = ctx.cameras.find((c) => c.id === id);
  const label = cam ? cam.name[ctx.lang] : id;
  return {
    id: 'p-camera',
    deps: [],
    render: (oob) => (
      <Panel id="p-camera" title={label} oob={oob} class="camera-full" extra={<a href="#" class="btn" data-action="close-camera">{t(ctx.lang, 'close')}</a>}>
        {cam ? raw(cameraElementHtml({ id, label, className: 'full', lang: ctx.lang })) : <p>{t(ctx.lang, 'noSuchCamera')}</p>}
      </Panel>
    ),
  };
}

export function cameraTilesPanel(ctx: RenderCtx): PanelDef {
  const byDistrict = new Map<string, typeof ctx.cameras[number][]>();
  for (const c of ctx.cameras) {
    const key = c.district ?? '';
    byDistrict.set(key, [...(byDistrict.get(key) ?? []), c]);
  }
  return {
    id: 'p-cameras',
    deps: [],
    render: (oob) => (
      <Panel id="p-cameras" title={t(ctx.lang, 'cameras')} oob={oob} class="camera-tiles">
        {ctx.cameras.length === 0 ? <p>{t(ctx.lang, 'noCameras')}</p> : [...byDistrict].map(([district, cams]) => (
          <section class="camera-district">
            <h3>{district ? districtText(ctx, district) : '—'}</h3>
            <div class="tiles">
              {cams.map((c) => (
                <a href={`${ctx.base}/cameras/${c.id}`} class="tile-link" data-action="open-camera" data-camera-id={c.id}>
                  {raw(cameraElementHtml({ id: c.id, label: c.name[ctx.lang], className: 'tile', variant: 'sub', lang: ctx.lang }))}
                </a>
              ))}
            </div>
          </section>
        ))}
      </Panel>
    ),
  };
}
