// A reading whose ts is ahead of the gateway's clock (a city clock running
// fast, accepted up to the skew limit) goes stale by the urban rule counted
// from when it came, not from its future ts: it is never live for longer.
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { FIXTURE_NOW, ingest, loadFixtures, memoryStore, testConfig } from '../test-fixtures.js';

const MIN = 60_000;
const KEY = 'urban:pm25:11230';

function storeWithFutureReading() {
  const store = memoryStore(testConfig());
  loadFixtures(store);
  // Stamped 8 min ahead of the gateway's clock, received at FIXTURE_NOW + 1 min (after the fixtures' own readings).
  ingest(store, `scpm/v1/urban/pm25/11230`, { metric: 'pm25', district: '11230', value: 99, unit: 'ug/m3', ts: new Date(FIXTURE_NOW + 9 * MIN).toISOString() }, FIXTURE_NOW + MIN);
  return store;
}
const tag = (html: string, sel: string) => html.match(new RegExp(`<[^>]+${sel}[^>]*>`))?.[0] ?? '';

describe('urban readings stamped in the future', () => {
  it('are stale 5 min after they came, on the map and on the district page', async () => {
    const store = storeWithFutureReading();
    const fresh = await (await setup({ store, now: FIXTURE_NOW + 2 * MIN }).get('/district/11230')).text();
    expect(tag(fresh, `data-key="${KEY}"`)).toContain(`data-stale-at="${FIXTURE_NOW + 6 * MIN}"`);
    expect(tag(fresh, `data-key="${KEY}"`)).not.toContain('data-stale="true"');
    const late = await (await setup({ store, now: FIXTURE_NOW + 7 * MIN }).get('/district/11230')).text();
    // Both the district's figure and the map's label (two elements with the key).
    const figs = late.match(new RegExp(`<[^>]+data-key="${KEY}"[^>]*>`, 'g')) ?? [];
    expect(figs.length).toBe(2);
    for (const f of figs) expect(f).toContain('data-stale="true"');
  });
});

describe("a district's 24 h sparklines", () => {
  it('draw at most one point per pixel however often a sensor reports', async () => {
    const store = memoryStore(testConfig());
    loadFixtures(store);
    // A reading every 2 s for the last day: 43,200 readings of one series.
    const day = 24 * 60 * MIN;
    for (let t = FIXTURE_NOW - day + 2000; t <= FIXTURE_NOW; t += 2000) {
      store.apply({ kind: 'urban', data: { metric: 'pm25', district: '11230', value: 10 + ((t / 2000) % 50), unit: 'ug/m3', ts: new Date(t).toISOString() } }, t);
    }
    expect(store.urbanSeries('pm25', '11230', FIXTURE_NOW - day).length).toBeGreaterThanOrEqual(43_200);
    const html = await (await setup({ store, now: FIXTURE_NOW }).get('/district/11230')).text();
    const panel = html.slice(html.indexOf('id="p-durban"'));
    const sparks = [...panel.matchAll(/<svg class="spark"[^>]*>.*?<\/svg>/gs)].map((m) => m[0]);
    expect(sparks.length).toBeGreaterThan(0);
    const line = (svg: string) => svg.match(/<path class="line" d="([^"]*)"/)?.[1] ?? '';
    const points = sparks.map((svg) => (line(svg).match(/[ML]/g) ?? []).length);
    // The busy series: one point per 7.2-minute bucket (200, or 201 when the day starts mid-bucket).
    expect(Math.max(...points)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...points)).toBeLessThanOrEqual(201);
    expect(html.length).toBeLessThan(200_000);
  });
});
