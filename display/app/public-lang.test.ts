// The public mirror in every language: a citizen reads it in either, at
// /public/{lang} (and /{lang} on the public listener), whatever the office's;
// the office's own wall stays in the office's language. Its live stream
// pushes each reader the page in their language.
import { describe, expect, it } from 'vitest';
import { closedAfterEach, openSse, setup, type SseStream } from '../test-helpers.js';
import { ingest } from '../test-fixtures.js';

const eventsUrlOf = (html: string) => /hx-sse:connect="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
const switchOf = (html: string) => [...html.matchAll(/<a href="([^"]*)" class="btn lang" lang="(\w+)"/g)].map((m) => [m[1], m[2]]);

const open = closedAfterEach();

describe('public mirror, the reader\'s language', () => {
  it('serves each page in Korean under /public/ko in an English office, with a switch back to the same page', async () => {
    const t = setup({ language: 'en' });
    open.close = () => t.display.close();
    const ko = await (await t.get('/public/ko/urban?metric=pm10', {})).text();
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain('도시 현황');
    expect(ko).not.toContain('>Urban<');
    expect(ko).toContain(t.config.office.name.ko);
    expect(eventsUrlOf(ko)).toBe('/public/ko/events?path=%2Furban%3Fmetric%3Dpm10');
    expect(ko).toContain('data-base="/public/ko"');
    expect(switchOf(ko)).toEqual([['/public/urban?metric=pm10', 'en']]);
    // Its controls are named in it too (what a screen reader says).
    expect(ko).toContain('aria-label="화면"');
    expect(ko).toContain('aria-label="지표"');
    // Its page links stay in the language.
    expect(ko).toContain('href="/public/ko/opinion"');
    const en = await (await t.get('/public/urban?metric=pm10', {})).text();
    expect(en).toContain('<html lang="en">');
    expect(switchOf(en)).toEqual([['/public/ko/urban?metric=pm10', 'ko']]);
    // Each language also at its own address, the office's included (a link shared in either keeps working).
    expect(await (await t.get('/public/en/district/11230', {})).text()).toContain('<html lang="en">');
  });

  it('a poll\'s badges and the complaints\' ageing read in the page\'s language', async () => {
    const t = setup({ language: 'en' });
    open.close = () => t.display.close();
    const badges = (html: string) => [...html.matchAll(/<span class="badge (?:info|muted)">(?:<span[^>]*>[^<]*<\/span> )?([^<]+)<\/span>/g)].map((m) => m[1]);
    const enPage = await (await t.get('/public/opinion', {})).text();
    const koPage = await (await t.get('/public/ko/opinion', {})).text();
    // …and the complaints' ageing buckets.
    expect(enPage).toContain('>1–3 d<');
    expect(koPage).toContain('>1–3일<');
    expect(koPage).toContain('>&lt; 1일<');
    expect(koPage).not.toMatch(/>(&lt;|&gt;)? ?[\d–]+ d</);
    const [en, ko] = [badges(enPage), badges(koPage)];
    expect(en).toContain('LIVE');
    expect(ko).toContain('실시간');
    expect(ko.length).toBe(en.length);
    for (const b of ko) expect(b, 'an English badge on the Korean page').not.toMatch(/^(LIVE|open|closed|scheduled|private)$/);
  });

  it('the office\'s own pages stay in the office\'s language and have no switch', async () => {
    const t = setup({ language: 'ko' });
    open.close = () => t.display.close();
    const office = await (await t.get('/')).text();
    expect(office).toContain('<html lang="ko">');
    expect(switchOf(office)).toEqual([]);
    // In a Korean office the mirror's root is Korean, and English is under /public/en.
    const pub = await (await t.get('/public', {})).text();
    expect(pub).toContain('<html lang="ko">');
    expect(switchOf(pub)).toEqual([['/public/en/', 'en']]);
    expect(await (await t.get('/public/en/', {})).text()).toContain('<html lang="en">');
  });

  it('the public listener has the languages at /{lang}', async () => {
    const t = setup({ language: 'en' });
    open.close = () => t.display.close();
    const res = await t.display.publicApp.request('/ko/opinion');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="ko">');
    expect(eventsUrlOf(html)).toBe('/ko/events?path=%2Fopinion');
    expect(switchOf(html)).toEqual([['/opinion', 'en']]);
  });

  it('every mirror\'s home link and language switch lead to a page (the overview with its slash too)', async () => {
    const t = setup({ language: 'en' });
    open.close = () => t.display.close();
    const office = (p: string) => t.get(p, {});
    const listener = (p: string) => t.display.publicApp.request(p);
    for (const [get, start] of [[office, '/public/urban'], [office, '/public/ko/urban'], [listener, '/urban'], [listener, '/ko/urban']] as const) {
      const html = await (await get(start)).text();
      const home = /<a href="([^"]+)" class="btn home"/.exec(html)![1]!;
      expect(home, start).toMatch(/\/$/);
      for (const href of [home, ...switchOf(html).map(([h]) => h!), ...switchOf(await (await get(home)).text()).map(([h]) => h!)]) {
        expect((await get(href)).status, `${start} → ${href}`).toBe(200);
      }
    }
  });

  it('an unknown language, a doubled one or a camera under a language is no page', async () => {
    const t = setup({ language: 'en' });
    open.close = () => t.display.close();
    for (const path of ['/public/xx/urban', '/public/ko/ko/urban', '/public/ko/cameras', '/public/ko/cameras/cam-1', '/public/KO/urban', '/public/ko%2Furban']) {
      expect((await t.get(path, {})).status, path).toBe(404);
    }
    expect((await t.display.publicApp.request('/ko/cameras')).status).toBe(404);
  });

  it('a hostile ?path under a language costs the asker that language\'s overview, never a 500', async () => {
    const t = setup({ language: 'en', pushWindowMs: 0 });
    open.close = () => t.display.close();
    for (const path of ['%2Fadmin%2F%25zz', '%2Fcameras%2Fcam-1', '%2Fpublic%2Fko%2Furban', 'x'.repeat(5000)]) {
      const res = await t.get(`/public/ko/events?path=${path}`, {});
      expect(res.status, path.slice(0, 40)).toBe(200);
      const s = openSse(res);
      let m = await s.next();
      for (; m && m.event !== 'scpm:state'; m = await s.next());
      expect(JSON.parse(m!.data).path, path.slice(0, 40)).toBe('/public/ko/');
      expect((await s.next())?.data).toContain('<main id="main" class="l-overview"');
      await s.close();
    }
    // A NUL in the query is refused before any page is looked at, as everywhere on the office listener.
    expect((await t.get('/public/ko/events?path=%00', {})).status).toBe(400);
  });

  it('a change reaches each reader in their own language, the same bytes to the readers of one', async () => {
    const t = setup({ language: 'en', pushWindowMs: 0 });
    open.close = () => t.display.close();
    const en = openSse(await t.get('/public/events?path=%2F', {}));
    const ko = openSse(await t.get('/public/ko/events?path=%2F', {}));
    const ko2 = openSse(await t.get('/public/ko/events?path=%2F', {}));
    open.streams = [en, ko, ko2];
    const states: string[] = [];
    for (const s of open.streams) {
      let m = await s.next();
      for (; m && m.event !== 'scpm:state'; m = await s.next());
      states.push(JSON.parse(m!.data).path);
      expect((await s.next())?.data).toContain('id="p-incidents"'); // the full redraw
    }
    expect(states).toEqual(['/public/', '/public/ko/', '/public/ko/']);
    const n = ingest(t.store, 'scpm/v1/incidents/inc-lang', { id: 'inc-lang', kind: 'fire', title: 'Warehouse fire', district: '11230', status: 'received', receivedAt: '2026-11-23T10:00:30+09:00', ts: '2026-11-23T10:00:30+09:00' });
    expect(n).not.toBeNull();
    t.bus.emit('city:changed', [n!]);
    const [e, k, k2] = [await en.next(), await ko.next(), await ko2.next()];
    for (const m of [e, k, k2]) expect(m?.data).toContain('data-key="count:incidents:open" data-ts="2026-11-23T10:00:30+09:00"');
    expect(e!.data).toContain('Open incidents');
    expect(e!.data).not.toContain('진행 중 사건');
    expect(k!.data).toContain('진행 중 사건');
    expect(k!.data).not.toContain('Open incidents');
    expect(k2!.data).toBe(k!.data);
  });

  it('a figure drawn in words of the language (a headline in millions) is patched to each reader in theirs', async () => {
    const t = setup({ language: 'en', pushWindowMs: 0 });
    open.close = () => t.display.close();
    const en = openSse(await t.get('/public/events?path=%2F', {}));
    const ko = openSse(await t.get('/public/ko/events?path=%2F', {}));
    open.streams = [en, ko];
    for (const s of open.streams) {
      for (let m = await s.next(); m && m.event !== 'scpm:state'; m = await s.next());
      expect((await s.next())?.data).toContain('id="p-headline"');
    }
    const n = ingest(t.store, 'scpm/v1/indicators/employment-rate/city/all/all', { indicator: 'employment-rate', district: 'city', period: '2026-11', value: 2_159_615, ts: '2026-11-23T10:00:30+09:00' });
    expect(n).not.toBeNull();
    t.bus.emit('city:changed', [n!]);
    const figs = async (s: SseStream) => {
      for (let m = await s.next(); m; m = await s.next()) if (m.event === 'scpm:figs') return m.data;
      return '';
    };
    const [e, k] = [await figs(en), await figs(ko)];
    expect(e).toContain('indicator:employment-rate:city');
    expect(e).toContain('2.16M');
    expect(k).toContain('216만');
    expect(k).not.toContain('2.16M');
  });
});

