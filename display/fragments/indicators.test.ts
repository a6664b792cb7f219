// District pages judge a district's figure against the city's target only when
// the indicator is a rate or level: a district's count (63 events) beside the
// city's target (1,000 events) gets no "off target" badge and is left out of
// the category tiles' on/off counts. City-wide pages keep judging everything.
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { FIXTURE_NOW, ingest, memoryStore, testConfig } from '../test-fixtures.js';

const VALUE_TS = '2026-11-01T00:00:00+09:00';

function districtStore() {
  const store = memoryStore(testConfig());
  const def = (id: string, category: string, unit: string, direction: 'up' | 'down', target: number, values: Record<string, number>, headline = false) => {
    ingest(store, `scpm/v1/catalog/indicators/${id}`, { id, name: { en: id, ko: `${id}-ko` }, unit, category, direction, target, period: 'month', headline, ts: '2026-10-20T00:00:00+09:00' });
    for (const [district, value] of Object.entries(values)) {
      ingest(store, `scpm/v1/indicators/${id}/${district}/all/all`, { indicator: id, district, period: '2026-10', value, history: [{ period: '2026-09', value: value * 0.98 }], ts: VALUE_TS });
    }
  };
  // culture: a count (district far below the city target) and a rate (district on target)
  def('cultural-events', 'culture', 'events', 'up', 1000, { city: 940, '11230': 63 }, true);
  def('culture-participation-rate', 'culture', '%', 'up', 75, { city: 71.3, '11230': 78.2 });
  def('library-visitors', 'culture', 'visitors', 'up', 2_800_000, { city: 2_550_000, '11230': 120_000 });
  // jobs: a rate below target in the district (must stay "off target")
  def('employment-rate', 'jobs', '%', 'up', 62, { city: 60.4, '11230': 58.1 }, true);
  def('jobs-created', 'jobs', 'jobs', 'up', 9000, { city: 8200, '11230': 410 });
  // welfare: a count that would read "on target" in every district (down: 400 ≤ 2,300): not judged either
  def('homeless-people', 'welfare', 'people', 'down', 2300, { city: 2550, '11230': 400 }, true);
  // environment: a level, lower is better, above target in the district
  def('pm25-monthly-mean', 'environment', 'ug/m3', 'down', 15, { city: 19.5, '11230': 21 }, true);
  // breakdowns of the district for the drill-down
  for (const [id, g, value] of [['cultural-events', 'female', 30], ['cultural-events', 'male', 33], ['employment-rate', 'female', 52.4], ['employment-rate', 'male', 64.0]] as const) {
    ingest(store, `scpm/v1/indicators/${id}/11230/${g}/all`, { indicator: id, district: '11230', period: '2026-10', value, breakdown: { gender: g, ageBand: 'all' }, ts: VALUE_TS });
  }
  return store;
}

const page = async (path: string, language: 'en' | 'ko' = 'en') => (await setup({ store: districtStore(), language }).get(path)).text();

/** The headline tile (li.kpi) of one indicator. */
function kpi(html: string, id: string): string {
  const m = new RegExp(`<li class="kpi[^"]*">(?:(?!</li>).)*data-key="indicator:${id}:[^"]+"(?:(?!</li>).)*</li>`, 's').exec(html);
  expect(m, id).not.toBeNull();
  return m![0];
}

/** The category table row of one indicator. */
function row(html: string, id: string): string {
  const m = new RegExp(`<tr[^>]*>(?:(?!</tr>).)*indicator:${id}(?:(?!</tr>).)*</tr>`, 's').exec(html);
  expect(m, id).not.toBeNull();
  return m![0];
}

/** A category tile and its on/off counts. */
function tile(html: string, district: string, category: string) {
  const m = new RegExp(`<li class="(tile[^"]*)">(?:(?!</li>).)*data-key="count:indicators:${category}:${district}:on"(?:(?!</li>).)*</li>`, 's').exec(html);
  expect(m, category).not.toBeNull();
  const count = (k: 'on' | 'off') => Number(new RegExp(`data-key="count:indicators:${category}:${district}:${k}"[^>]*>(?:<span[^>]*>[^<]*</span>)?([\\d,]+)<`).exec(m![0])![1]!.replace(/,/g, ''));
  return { cls: m![1]!, on: count('on'), off: count('off'), caption: /<span class="tile-sub">([^<]*)<\/span>/.exec(m![0])![1]! };
}

describe('city targets on district pages', () => {
  it('gives a count no on/off-target badge on a district headline, but shows the city target muted', async () => {
    const html = await page('/district/11230');
    const events = kpi(html, 'cultural-events');
    expect(events).not.toContain('off target');
    expect(events).not.toContain('on target');
    expect(events).not.toContain('class="badge');
    expect(events).toMatch(/^<li class="kpi nj">/);
    expect(events).toMatch(/<span class="kpi-target city-target">City target <span class="num">1,000<\/span> <span class="unit">events<\/span><\/span>/);
    // the live figure keeps its DOM contract
    expect(events).toMatch(/data-key="indicator:cultural-events:11230" data-ts="2026-11-01T00:00:00\+09:00" data-stale-at="\d+"[^>]*><span class="v">63<\/span><span class="unit">events<\/span>/);
    // a count that would pass (400 homeless ≤ 2,300) is not judged either
    expect(kpi(html, 'homeless-people')).not.toContain('class="badge');
  });

  it('still judges a rate or level on a district headline', async () => {
    const html = await page('/district/11230');
    const rate = kpi(html, 'employment-rate');
    expect(rate).toMatch(/^<li class="kpi off">/);
    expect(rate).toContain('off target</span>');
    expect(rate).toMatch(/Target <span class="num">62\.0<\/span><span class="unit">%<\/span>/);
    expect(kpi(html, 'pm25-monthly-mean')).toContain('off target</span>');
  });

  it('counts only judged indicators in the district tiles, and says how many could be judged', async () => {
    const html = (await page('/district/11230')).split('id="p-tiles"')[1]!;
    expect(tile(html, '11230', 'culture')).toEqual({ cls: 'tile ok', on: 1, off: 0, caption: '1 of 3 judged' });
    expect(tile(html, '11230', 'jobs')).toEqual({ cls: 'tile off', on: 0, off: 1, caption: '1 of 2 judged' });
    expect(tile(html, '11230', 'welfare')).toEqual({ cls: 'tile none', on: 0, off: 0, caption: '0 of 1 judged' });
    expect(html).toMatch(/data-key="count:indicators:culture:11230:off" data-ts="2026-11-01T00:00:00\+09:00"/);
  });

  it('shows a count in the district category table with the city target and no badge; a rate keeps its badge', async () => {
    const html = await page('/district/11230/culture');
    const events = row(html, 'cultural-events');
    expect(events).not.toContain('class="badge');
    expect(events).toContain('<span class="not-judged">district total</span>');
    expect(events).toMatch(/<td class="r city-target"><span class="cap">City target<\/span><span class="num">1,000<\/span><\/td>/);
    expect(events).not.toContain('class="target"'); // no city target line squashing the district's trend
    expect(events).toMatch(/data-key="indicator:cultural-events:11230" data-ts="[^"]+" data-stale-at="\d+"/);
    const rate = row(html, 'culture-participation-rate');
    expect(rate).toContain('on target</span>');
    expect(rate).toContain('class="target"');
    expect(row(await page('/district/11230/jobs'), 'employment-rate')).toContain('off target</span>');
  });

  it('colours a district breakdown of a count neutrally, and of a rate by the target', async () => {
    const events = (await page('/district/11230/culture?open=indicator:cultural-events')).split('id="p-detail"')[1]!;
    expect(events).toMatch(/class="bar-fg "/);
    expect(events).not.toMatch(/class="bar-fg (bad|ok)"/);
    const rate = (await page('/district/11230/jobs?open=indicator:employment-rate')).split('id="p-detail"')[1]!;
    expect(rate).toMatch(/class="bar-fg bad"/); // women 52.4% < 62%
    expect(rate).toMatch(/class="bar-fg ok"/); // men 64.0%
  });

  it('keeps judging counts city-wide', async () => {
    const home = await page('/');
    expect(kpi(home, 'cultural-events')).toContain('off target</span>'); // 940 < 1,000
    expect(kpi(home, 'homeless-people')).toContain('off target</span>'); // 2,550 > 2,300
    const admin = await page('/admin/culture');
    expect(row(admin, 'cultural-events')).toContain('off target</span>');
    expect(row(admin, 'cultural-events')).not.toContain('not-judged');
    const tiles = (await page('/admin')).split('id="p-tiles"')[1]!;
    expect(tile(tiles, 'city', 'culture')).toEqual({ cls: 'tile off', on: 0, off: 3, caption: '3 indicators' });
  });

  it('says it in Korean', async () => {
    const html = await page('/district/11230/culture', 'ko');
    expect(row(html, 'cultural-events')).toContain('<span class="not-judged">자치구 합계</span>');
    expect(row(html, 'cultural-events')).toContain('<span class="cap">시 목표</span>');
    const district = await page('/district/11230', 'ko');
    expect(kpi(district, 'cultural-events')).toContain('시 목표 <span class="num">1,000</span>');
    expect(tile(district.split('id="p-tiles"')[1]!, '11230', 'culture').caption).toBe('3개 중 1개 평가');
  });
});

describe('category tiles: freshness of the on/off counts', () => {
  /** Opening tags of the tiles' count figures. */
  const counts = (html: string) => html.match(/<span[^>]+data-key="count:indicators:[^"]+"[^>]*>/g) ?? [];

  it('go stale with the indicator values they judge (period past its rule), not only with the link', async () => {
    const fresh = counts(await (await setup().get('/admin')).text());
    expect(fresh.length).toBeGreaterThan(4);
    for (const c of fresh) {
      expect(c).toMatch(/data-stale-at="\d+"/);
      expect(c).not.toContain('data-stale="true"');
    }
    // Four months on, no new period has come: every value judged is stale, so is every count of them.
    const late = await (await setup({ now: FIXTURE_NOW + 120 * 86_400_000 }).get('/admin')).text();
    expect(counts(late).length).toBe(fresh.length);
    for (const c of counts(late)) expect(c).toContain('data-stale="true"');
  });
});

describe('headline tiles: each figure shows its age', () => {
  it('names the period of the value, judged or not, city-wide and in a district', async () => {
    const city = await page('/');
    expect(kpi(city, 'cultural-events')).toContain('<span class="kpi-period period">2026-10</span>');
    const district = await page('/district/11230');
    // A district's count (not judged against the city target) shows its period too.
    expect(kpi(district, 'cultural-events')).toContain('<span class="kpi-period period">2026-10</span>');
  });
});

describe('indicator detail: its figures show their age', () => {
  it('names the period of the district map and of the breakdowns', async () => {
    const html = await page('/district/11230/jobs?open=indicator:employment-rate');
    const detail = html.slice(html.indexOf('id="p-detail"'));
    expect(detail).toMatch(/<h3>By district<span class="period">2026-10<\/span><\/h3>/i);
    expect(detail).toMatch(/<h3>By gender · .*?<span class="period">2026-10<\/span><\/h3>/i);
  });
});
