// The local broker's panel on the technician's setup page: each configured
// device (never a password), and what the broker refused.
import { html } from 'hono/html';
import type { DeviceStat } from './device-stats.js';

const ago = (ms: number | null, now: number) => (ms === null ? '—' : `${Math.max(0, Math.round((now - ms) / 1000))} s ago`);

export function localBrokerPanel(p: { devices: DeviceStat[]; unknownLogins: number; listening: string | null; denied: Record<string, number>; now: number }): string {
  const rows = p.devices.map((d) => html`<tr data-device="${d.id}"><th scope="row">${d.id}</th><td>${d.username}</td>
    <td class="${d.connections > 0 ? 'ok' : 'off'}">${d.connections > 0 ? 'connected' : 'not connected'}</td><td>${ago(d.lastSeenMs, p.now)}</td>
    <td class="num">${d.messagesIn}</td><td class="num">${d.aclRefused}</td><td class="num">${d.failedLogins}</td></tr>`);
  return String(html`<p>${p.listening ? `listening on ${p.listening}` : 'not listening'}; refused: ${Object.entries(p.denied).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing'}; failed logins with an unknown username: ${p.unknownLogins}</p>
<table class="devices"><thead><tr><th>device</th><th>username</th><th>state</th><th>last seen</th><th>messages in</th><th>refused by ACL</th><th>failed logins</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7">no device is configured (localBroker.devices)</td></tr>`}</tbody></table>`);
}
