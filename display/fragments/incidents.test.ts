// Open incidents: the count from the store, one page in the wall's order, and never the whole table read for it
// (a feed that never closes its incidents must not make every render read tens of thousands of rows).
import { describe, expect, it } from 'vitest';
import { recordListLimits, setup } from '../test-helpers.js';
import { FIXTURE_NOW, memoryStore, testConfig } from '../test-fixtures.js';

const MIN = 60_000;

describe('open incidents panel', () => {
  it('counts every open incident, lists the most severe first however old, and reads only a page of rows', async () => {
    const store = memoryStore(testConfig());
    const n = 3000;
    store.transaction(() => {
      for (let i = 0; i < n; i++) {
        const at = new Date(FIXTURE_NOW - i * MIN).toISOString();
        store.apply({ kind: 'incident', data: { id: `inc-${i}`, kind: 'fire', title: `Fire ${i}`, district: i % 2 ? '11230' : '11680', status: 'received', severity: 1 + (i % 3), receivedAt: at, ts: at } }, FIXTURE_NOW);
      }
      // The oldest of all, and the only one of severity 5.
      const old = new Date(FIXTURE_NOW - 40 * 24 * 60 * MIN).toISOString();
      store.apply({ kind: 'incident', data: { id: 'inc-old', kind: 'flood', title: 'Old flood', district: '11230', status: 'dispatched', severity: 5, receivedAt: old, ts: old } }, FIXTURE_NOW);
      store.apply({ kind: 'incident', data: { id: 'inc-closed', kind: 'fire', title: 'Closed', district: '11230', status: 'closed', severity: 5, receivedAt: old, ts: new Date(FIXTURE_NOW).toISOString() } }, FIXTURE_NOW);
    });
    const limits = recordListLimits(store, 'incident');
    const d = setup({ store, now: FIXTURE_NOW + MIN });
    const html = await (await d.get('/')).text();
    const panel = html.slice(html.indexOf('id="p-incidents"'), html.indexOf('</section>', html.indexOf('id="p-incidents"')));
    expect(panel).toMatch(/data-key="count:incidents:open"[^>]*>3,001</);
    const rows = [...panel.matchAll(/data-key="incident:([^"]+)"/g)].map((m) => m[1]);
    expect(rows[0]).toBe('inc-old');
    expect(rows).not.toContain('inc-closed');
    // Then severity 3 (i % 3 === 2), the latest received first.
    expect(rows.slice(1, 3)).toEqual(['inc-2', 'inc-5']);
    expect(panel).toMatch(/class="pager"[^>]*>1 \/ \d+</);
    expect(limits.length).toBeGreaterThan(0);
    expect(Math.max(...limits)).toBeLessThanOrEqual(200);
    // A district's page counts its own.
    const district = await (await d.get('/district/11230')).text();
    expect(district).toMatch(/data-key="count:incidents:open:11230"[^>]*>1,501</);
  });
});
