// The serial bridge's panel on the setup page, from its data model: per
// device its port, protocol and state, frames in and rejected, the last
// frames (hex and decoded) and the last gesture with its action; the demo
// device's buttons. Escaped throughout.
import { html } from 'hono/html';
import type { SetupPanelModel } from './setup-panel.js';

export function renderSerialPanel(m: SetupPanelModel): string {
  const devices = m.devices.map((d) => html`<div class="serial-device" data-serial-device="${d.id}" data-open="${d.open ? 'true' : 'false'}">
<p><b>${d.id}</b>${d.simulated ? ' (simulated)' : ''}\u00b7 ${d.port}\u00b7 ${d.protocol} @ ${d.baudRate}\u00b7 screen ${d.screen}\u00b7 <span class="${d.open ? 'ok' : 'off'}">${d.status}</span></p>
<p>frames in ${d.framesIn}, rejected ${d.rejectedTotal}${d.rejected.length ? ` (${d.rejected.map((r) => `${r.reason} ${r.count}`).join(', ')})` : ''}, actions ${d.actions}, within the refractory window ${d.suppressed}${d.lastError ? html`; last error: ${d.lastError}` : ''}</p>
${d.lastGesture ? html`<p>last: <b>${d.lastGesture.key}</b> \u2192 ${d.lastGesture.action ?? 'nothing'} (${d.lastGesture.ago})</p>` : ''}
<table class="compact frames"><tbody>${d.frames.map((f) => html`<tr class="${f.ok ? '' : 'bad'}"><td>${f.ago}</td><td><code>${f.hex}</code></td><td>${f.decoded}</td></tr>`)}</tbody></table>
</div>`);
  const demo = m.demo
    ? html`<div class="serial-demo" data-demo-state="${m.demo.state}"><p>simulated device: ${m.demo.detail}</p>${m.demo.installHint ? html`<p><code>${m.demo.installHint}</code></p>` : html`<p class="send">${m.demo.gestures.map((g) => html`<button type="button" class="btn" data-bridge-action="/api/v1/serial/setup/send-gesture/${g}">${g}</button> `)}</p>`}</div>`
    : '';
  return String(html`${devices.length ? devices : html`<p>no serial device is configured (serial.devices)</p>`}${demo}`);
}
