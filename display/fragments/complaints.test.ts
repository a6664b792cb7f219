// The complaint pipeline and the latest list: counted by the store, one page read, never every open complaint (a
// city's desk can hold thousands open; each render read them all).
import { describe, expect, it } from 'vitest';
import { recordListLimits, setup } from '../test-helpers.js';
import { FIXTURE_NOW, memoryStore, testConfig } from '../test-fixtures.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('complaints on the wall', () => {
  it('counts every open complaint per stage, lists the newest open first, and reads only a page of rows', async () => {
    const store = memoryStore(testConfig());
    const statuses = ['reported', 'received', 'in-progress'];
    store.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const at = new Date(FIXTURE_NOW - i * MIN).toISOString();
        const reportedAt = new Date(FIXTURE_NOW - (i % 10) * DAY).toISOString();
        store.apply({ kind: 'complaint', data: { id: `c-${i}`, kind: 'complaint', category: i % 4 ? 'noise' : 'road', district: '11230', status: statuses[i % 3]!, summary: 'x', reportedAt, ts: at } } as never, FIXTURE_NOW);
      }
      for (let i = 0; i < 300; i++) {
        const at = new Date(FIXTURE_NOW - (i + 1) * 30_000).toISOString();
        store.apply({ kind: 'complaint', data: { id: `done-${i}`, kind: 'complaint', category: 'road', district: '11680', status: 'resolved', summary: 'x', reportedAt: at, ts: at } } as never, FIXTURE_NOW);
      }
    });
    const limits = recordListLimits(store, 'complaint');
    const d = setup({ store, now: FIXTURE_NOW + MIN });
    const html = await (await d.get('/opinion')).text();
    const fig = (key: string) => html.match(new RegExp(`data-key="${key}"[^>]*>([^<]*)<`))?.[1];
    expect([fig('count:complaints:reported'), fig('count:complaints:received'), fig('count:complaints:in-progress'), fig('count:complaints:done')]).toEqual(['1,000', '1,000', '1,000', '300']);
    const panel = html.slice(html.indexOf('id="p-complaints"'), html.indexOf('</section>', html.indexOf('id="p-complaints"')));
    // Open ones first (the newest), although 300 handled ones are newer than most of them.
    expect([...panel.matchAll(/data-key="complaint:([^"]+)"/g)].map((m) => m[1]).slice(0, 3)).toEqual(['c-0', 'c-1', 'c-2']);
    expect(panel).toMatch(/class="pager"[^>]*>1 \/ 458</); // (3,000 open + the newest 200 handled) / 7 a page
    expect(panel).toMatch(/<p class="cats"><span class="chip">Noise <b class="num">2,250<\/b><\/span><span class="chip">road <b class="num">750<\/b>/);
    expect(Math.max(0, ...limits)).toBeLessThanOrEqual(200);
    // A district counts its own: the handled ones are all in another.
    const district = await (await d.get('/district/11230')).text();
    expect(district).toMatch(/data-key="count:complaints:received:11230"[^>]*>1,000</);
    expect(district).toMatch(/data-key="count:complaints:done:11230"[^>]*>0</);
  });
});
