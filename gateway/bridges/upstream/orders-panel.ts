// The orders part of the city link's setup panel: counts by state, and the
// orders that need a technician (refused by the broker, or never confirmed by
// the city), with what to check. Every text is escaped here.
import type { OrderRow, OrderState } from '../../store/types.js';

export interface OrdersPanelModel {
  topic: string;
  counts: Record<OrderState, number>;
  refused: readonly OrderRow[];
  unconfirmed: readonly OrderRow[];
  unconfirmedAfterSeconds: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const when = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

function rows(list: readonly OrderRow[], extra: (o: OrderRow) => string): string {
  return list.map((o) => `<tr data-order="${esc(o.id)}"><td>${esc(o.id)}</td><td>${esc(o.text.slice(0, 80))}</td><td>${o.attempts}</td>${extra(o)}</tr>`).join('');
}

export function ordersPanel(m: OrdersPanelModel): string {
  const c = m.counts;
  const parts = [
    '<section class="orders-panel">',
    '<h3>Orders to the city</h3>',
    `<p data-key="orders:counts">${c.queued} queued · ${c.refused} refused · ${c.sent} sent · ${c.unconfirmed} unconfirmed · ${c.received} received</p>`,
  ];
  if (m.refused.length > 0) {
    parts.push(
      `<p>The city broker refuses this office's orders. Its ACL must allow publishing to <code>${esc(m.topic)}</code>; they are retried (at most hourly) and never dropped.</p>`,
      '<table><thead><tr><th>order</th><th>text</th><th>attempts</th><th>reason</th><th>next try</th></tr></thead><tbody>',
      rows(m.refused, (o) => `<td>${esc(o.lastError ?? '')}</td><td>${esc(when(o.nextAttemptAt))}</td>`),
      '</tbody></table>',
    );
  }
  if (m.unconfirmed.length > 0) {
    parts.push(
      `<p>The broker acknowledged these orders but the city did not answer within ${m.unconfirmedAfterSeconds} s. On MQTT 3.1.1 a broker ACL that denies <code>${esc(m.topic)}</code> looks exactly like this: ask the city to check it.</p>`,
      '<table><thead><tr><th>order</th><th>text</th><th>attempts</th><th>sent</th></tr></thead><tbody>',
      rows(m.unconfirmed, (o) => `<td>${esc(when(o.sentAt))}</td>`),
      '</tbody></table>',
    );
  }
  parts.push('</section>');
  return parts.join('');
}
