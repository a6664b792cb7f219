// The orders part of the city link's setup panel: counts, the orders that need
// a technician with what to check, and every text escaped.
import { describe, it, expect } from 'vitest';
import { ordersPanel } from './orders-panel.js';
import type { OrderRow } from '../../store/types.js';

const row = (over: Partial<OrderRow>): OrderRow => ({
  id: 'ord-1', text: 'Report by 15:00', ref: null, createdAt: '2026-11-29T10:00:00+09:00', createdMs: 0, source: { screen: 'wall', via: 'touch' },
  principal: 'api', test: false, state: 'queued', stateAt: 0, sentAt: null, attempts: 0, refusals: 0, lastError: null, refusedCode: null, nextAttemptAt: null, city: null, ...over,
});
const counts = { queued: 1, sent: 2, refused: 0, unconfirmed: 0, received: 3 };

describe('orders setup panel', () => {
  it('shows the counts and nothing to fix when all is well', () => {
    const html = ordersPanel({ topic: 'scpm/v1/offices/o1/orders', counts, refused: [], unconfirmed: [], unconfirmedAfterSeconds: 300 });
    expect(html).toContain('1 queued · 0 refused · 2 sent · 0 unconfirmed · 3 received');
    expect(html).not.toContain('<table>');
  });

  it('lists refused and unconfirmed orders with the ACL hint, escaping every text', () => {
    const html = ordersPanel({
      topic: 'scpm/v1/offices/<o1>/orders',
      counts: { ...counts, refused: 1, unconfirmed: 1 },
      refused: [row({ id: 'ord-r', text: '<script>alert(1)</script>', state: 'refused', attempts: 4, lastError: '0x87 Not authorized', refusedCode: 0x87, nextAttemptAt: Date.parse('2026-11-29T01:00:00Z') })],
      unconfirmed: [row({ id: 'ord-u', text: 'Quote " and \' & more', state: 'unconfirmed', attempts: 1, sentAt: Date.parse('2026-11-29T00:00:00Z') })],
      unconfirmedAfterSeconds: 300,
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<o1>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('0x87 Not authorized');
    expect(html).toContain('2026-11-29T01:00:00.000Z');
    expect(html).toContain('ACL must allow publishing to <code>scpm/v1/offices/&#60;o1&#62;/orders</code>');
    expect(html).toContain('within 300 s');
    expect(html).toContain('data-order="ord-u"');
    expect(html).toContain('Quote &#34; and &#39; &#38; more');
  });
});
