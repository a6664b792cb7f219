// What the wall must show legibly (found in screenshots of the demo): small
// readings at their precision, headline tiles with value, unit, target and
// status, captions that fit, and the pledge budget on one line.
import { describe, expect, it } from 'vitest';
import { setup } from './test-helpers.js';
import { FIXTURE_NOW, ingest, memoryStore, testConfig } from './test-fixtures.js';

const TS = '2026-11-23T09:59:00+09:00';
const CATS = ['administration', 'culture', 'environment', 'housing', 'jobs', 'safety', 'transport', 'welfare'];

function wallStore() {
  const store = memoryStore(testConfig());
  const def = (id: string, category: string, unit: string, target: number, value: number, headline = false, districts = ['city', '11230']) => {
    ingest(store, `scpm/v1/catalog/indicators/${id}`, { id, name: { en: id, ko: id }, unit, category, direction: 'up', target, period: 'month', headline, ts: '2026-10-20T00:00:00+09:00' });
    for (const district of districts) ingest(store, `scpm/v1/indicators/${id}/${district}/all/all`, { indicator: id, district, period: '2026-10', value, ts: '2026-11-01T00:00:00+09:00' });
  };
  def('eco-mileage-members', 'environment', 'members', 2_200_000, 2_159_615, true);
  def('cultural-events', 'culture', 'events', 1000, 1133, true);
  def('budget-execution-rate', 'administration', '%', 75, 69.74, true);
  def('homes-repaired', 'housing', 'households', 1000, 42, true);
  for (const c of CATS) for (let i = 0; i < 7; i++) def(`${c}-${i}`, c, '%', 50, 40 + i * 3);
  // a city-wide total beside district counts (the map must not scale to it)
  def('library-visitors', 'culture', 'visitors', 2_800_000, 2_750_000, false, ['city']);
  [['11230', 110_000], ['11140', 100_000], ['11010', 140_000], ['11020', 120_000]].forEach(([district, value]) =>
    ingest(store, `scpm/v1/indicators/library-visitors/${district}/all/all`, { indicator: 'library-visitors', district, period: '2026-10', value, ts: '2026-11-01T00:00:00+09:00' }));
  const urban = (metric: string, unit: string, values: number[]) =>
    ['11230', '11140', '11010', '11020'].forEach((district, i) => ingest(store, `scpm/v1/urban/${metric}/${district}`, { metric, district, value: values[i]!, unit, ts: TS }, FIXTURE_NOW));
  urban('o3', 'ppm', [0.031, 0.018, 0.044, 0.025]);
  urban('water-turbidity', 'NTU', [0.05, 0.06, 0.05, 0.07]); // close together: naive bin edges would read 0.05, 0.06, 0.06, 0.06, 0.07
  urban('pm25', 'ug/m3', [25, 31, 18, 22]);
  ingest(store, 'scpm/v1/pledges/pledge-01', { id: 'pledge-01', title: '100,000 public rental homes', area: 'housing', progress: 63, status: 'on-track',
    budget: { allocated: 1_200_000_000_000, executed: 702_000_000_000, currency: 'KRW' }, ts: TS });
  return store;
}

const page = async (path: string, language: 'en' | 'ko' = 'en') => (await setup({ store: wallStore(), language }).get(path)).text();

/** The element carrying a data-key, up to its closing tag (for the flat spans rendered here). */
function figure(html: string, key: string): string {
  const m = new RegExp(`<(\\w+)[^>]*data-key="${key}"[^>]*>(.*?)</\\1>`, 's').exec(html);
  expect(m, key).not.toBeNull();
  return m![0];
}

describe('readable figures on the wall', () => {
  it('shows ozone and turbidity at their precision in the district list, the map and its legend', async () => {
    const district = await page('/district/11230');
    expect(figure(district, 'urban:o3:11230')).toMatch(/>0\.031 <span class="unit">ppm<\/span>/);
    expect(figure(district, 'urban:water-turbidity:11230')).toMatch(/>0\.05 <span class="unit">NTU<\/span>/);
    expect(figure(district, 'urban:pm25:11230')).toMatch(/>25 <span class="unit">/); // whole µg/m³, not "25.0"
    const ozone = await page('/urban?metric=o3');
    expect(ozone).toMatch(/<text[^>]*data-key="urban:o3:11230" data-ts="[^"]+" data-stale-at="\d+"[^>]*>0\.031<\/text>/);
    const water = /<figcaption class="legend">.*?<\/figcaption>/s.exec((await page('/urban')).split('id="p-water"')[1]!)![0];
    // legend edges at the labels' precision, never twice the same: "< 0.06", "≥ 0.06", "≥ 0.07"
    expect([...water.matchAll(/>((?:&lt;|≥) [\d.]+)</g)].map((m) => m[1]!.replace('&lt;', '<'))).toEqual(['< 0.06', '≥ 0.06', '≥ 0.07']);
    expect(ozone).not.toMatch(/>0\.0<|≥ 0\.0<|< 0\.0</);
  });

  it('scales an indicator map to its districts, not to the city-wide total', async () => {
    const html = await page('/admin/culture?open=indicator:library-visitors');
    const legend = /<figcaption class="legend">.*?<\/figcaption>/s.exec(html)![0];
    const edges = [...legend.matchAll(/(?:&lt;|≥) ([\d,]+)</g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(edges.length).toBeGreaterThan(1);
    for (const e of edges) expect(e).toBeLessThanOrEqual(140_000);
  });

  it('shows a headline tile with abbreviated value, unit, spaced target and status badge', async () => {
    const html = await page('/');
    const tile = /<li class="kpi off">(?:(?!<\/li>).)*eco-mileage-members(?:(?!<\/li>).)*<\/li>/s.exec(html)![0];
    expect(tile).toMatch(/<span class="kpi-val num" data-key="indicator:eco-mileage-members:city" data-ts="[^"]+" data-stale-at="\d+"><span class="v">2\.16M<\/span><span class="unit">members<\/span><\/span>/);
    expect(tile).toMatch(/Target <span class="num">2\.20M<\/span> <span class="unit">members<\/span>/);
    expect(tile).toContain('off target</span>');
    const events = /<li class="kpi ok">(?:(?!<\/li>).)*cultural-events(?:(?!<\/li>).)*<\/li>/s.exec(html)![0];
    expect(events).toMatch(/Target <span class="num">1,000<\/span> <span class="unit">events<\/span>/);
    expect(events).toContain('on target</span>');
    // a rate keeps its precision beside its target; a whole count gets no ".0"
    expect(html).toMatch(/<span class="v">69\.7<\/span><span class="unit">%<\/span>/);
    expect(html).toMatch(/Target <span class="num">75\.0<\/span><span class="unit">%<\/span>/);
    expect(await page('/district/11230')).toMatch(/<span class="v">42<\/span><span class="unit">households<\/span>/);
    expect(await page('/', 'ko')).toContain('<span class="v">216만</span>');
  });

  it('captions district category tiles in one short line, with the on/off key once in the header', async () => {
    const html = await page('/district/11230');
    const tiles = html.split('id="p-tiles"')[1]!;
    expect((tiles.match(/<li class="tile/g) ?? []).length).toBe(8);
    // a district's tile says how many of its indicators the city's target could judge (totals are not)
    expect(tiles).toContain('<span class="tile-sub">7 of 7 judged</span>');
    expect(tiles).not.toContain('on target / off target');
    expect(tiles).toMatch(/class="tiles-key".*on target.*off target/s);
    expect(tiles).toMatch(/data-key="count:indicators:culture:11230:on" data-ts="[^"]+"/);
    expect(await page('/district/11230', 'ko')).toContain('<span class="tile-sub">7개 중 7개 평가</span>');
    expect(await page('/admin')).toContain('<span class="tile-sub">7 indicators</span>');
    expect(await page('/admin', 'ko')).toContain('<span class="tile-sub">지표 7개</span>');
  });

  it('writes the pledge budget as one phrase and its share under it', async () => {
    const html = await page('/pledges');
    expect(html).toContain('<span class="pl-money num">₩702.0B / ₩1.20T</span>');
    expect(html).toMatch(/<span class="pl-share num">59%<\/span>/);
    expect(html).not.toContain('(59%)');
    expect(html).toMatch(/data-key="pledge:pledge-01" data-ts="[^"]+" data-stale-at="\d+"/);
  });
});
