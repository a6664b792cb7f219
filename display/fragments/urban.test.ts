// A reading whose ts is ahead of the gateway's clock (a city clock running
// fast, accepted up to the skew limit) goes stale by the urban rule counted
// from when it came, not from its future ts: it is never live for longer.
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { FIXTURE_NOW, ingest, loadFixtures, memoryStore, testConfig } from '../test-fixtures.js';
import { makeCtx } from '../context.js';
import { DrawnMaps } from '../map/drawn-tones.js';
import { mapPanel } from './urban.js';
import type { FigureEdit } from './types.js';

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

describe('a map label patched between two redraws', () => {
  it("keeps the tone drawn for its district's fill; before any drawing, it takes the current scale's", () => {
    const config = testConfig();
    const store = memoryStore(config);
    loadFixtures(store);
    const drawnMaps = new DrawnMaps();
    const ctx = () => makeCtx({ store, config, now: FIXTURE_NOW + MIN, link: { up: true, since: FIXTURE_NOW - 19 * MIN }, isPublic: false, base: '', screen: null, drawnMaps });
    const map = () => mapPanel(ctx(), { id: 'p-map', title: 'PM2.5', metric: 'pm25', path: '/urban' });
    const send = (value: number, sec: number) =>
      ingest(store, 'scpm/v1/urban/pm25/11230', { metric: 'pm25', district: '11230', value, unit: 'ug/m3', ts: `2026-11-23T10:00:${sec}+09:00` }, FIXTURE_NOW + MIN);
    const label = () => map().figure!(KEY) as FigureEdit;
    const drawnTone = (html: string) => html.match(new RegExp(`<text[^>]*class="mv (dk|lt)"[^>]*data-key="${KEY}"`))?.[1];

    // PM2.5 is better low: the highest value is drawn light (dark text), the lowest dark (light text).
    send(500, 10);
    expect(label()).toMatchObject({ attrs: { class: 'mv dk', 'data-key': KEY }, text: '500' }); // nothing drawn yet
    expect(drawnTone(String(map().render(false)))).toBe('dk');
    send(1, 20);
    // Still light under it until the redraw: the label keeps its dark text, with the new value.
    expect(label()).toMatchObject({ attrs: { class: 'mv dk', 'data-ts': '2026-11-23T10:00:20+09:00' }, text: '1' });
    expect(drawnTone(String(map().render(false)))).toBe('lt');
    send(2, 30);
    expect(label()).toMatchObject({ attrs: { class: 'mv lt' }, text: '2' });
  });
});
