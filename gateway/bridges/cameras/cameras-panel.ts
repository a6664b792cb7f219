// The cameras' panel on the technician's setup page: each camera's state,
// stream facts and a test button, and the last openings of the view log.
import { html } from 'hono/html';
import type { CameraManager } from './manager.js';

export function camerasPanel(m: CameraManager, demoProblem: string | null): string {
  const rows = m.list().map((v) => html`<tr data-camera-row="${v.id}"><th scope="row">${v.id}</th><td>${v.state}</td><td>${v.codec ?? '—'}</td><td>${v.width && v.height ? `${v.width}×${v.height}` : '—'}</td>
<td class="num">${v.fps ?? '—'}</td><td class="num">${v.viewers}</td><td class="num">${v.restarts}</td><td>${v.lastError ?? ''}</td>
<td><button type="button" class="btn" data-bridge-action="/api/v1/cameras/setup/probe/${v.id}">test</button></td></tr>`);
  const log = m.viewLog().slice(-10).reverse().map((e) => html`<li>${new Date(e.at).toISOString().slice(11, 19)} ${e.who} ${e.event} ${e.camera}</li>`);
  return String(html`${demoProblem ? html`<p class="warn">${demoProblem}</p>` : ''}
<table class="compact"><thead><tr><th>camera</th><th>state</th><th>codec</th><th>size</th><th>fps</th><th>viewers</th><th>restarts</th><th>last error</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h4>views</h4><ol class="views">${log}</ol>`);
}
