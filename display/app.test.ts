import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { setup, readSse } from './test-helpers.js';
import { DEVICE_TOKEN, FIXTURE_NOW, XSS, ingest } from './test-fixtures.js';
import { createDisplay } from './index.js';

const PAGES = ['/', '/urban', '/opinion', '/admin', '/admin/jobs', '/pledges', '/district/11230', '/district/11230/jobs',
  '/urban?open=incident:inc-20261123-0040', '/opinion?open=complaint:cmp-88203', '/opinion?open=poll:poll-311', '/pledges?open=pledge:pledge-01',
  '/admin/jobs?open=indicator:employment-rate', '/?metric=pm10', '/opinion?p=2'];

describe('display routes', () => {
  it('counts every handled complaint and every open one, however many newer handled ones the store keeps', async () => {
    const t = setup();
    const iso = (ms: number) => new Date(ms).toISOString();
    // An open complaint older than everything else…
    ingest(t.store, 'scpm/v1/complaints/cmp-old-open', { id: 'cmp-old-open', kind: 'complaint', category: 'noise', district: '11230', summary: 'Old and still open', status: 'received',
      reportedAt: iso(FIXTURE_NOW - 30 * 86_400_000), receivedAt: iso(FIXTURE_NOW - 30 * 86_400_000), handledAt: null, ts: iso(FIXTURE_NOW - 30 * 86_400_000) });
    // …and far more handled ones than the latest lists show.
    for (let i = 0; i < 400; i++) {
      const at = FIXTURE_NOW - 10 * 86_400_000 + i * 60_000;
      ingest(t.store, `scpm/v1/complaints/cmp-done-${i}`, { id: `cmp-done-${i}`, kind: 'complaint', category: 'noise', district: '11230', summary: 'Fixed', status: 'resolved',
        reportedAt: iso(at), receivedAt: iso(at), handledAt: iso(at), ts: iso(at) });
    }
    const handled = t.store.countEntities('complaint', { statusIn: ['resolved', 'rejected'], payloadKind: 'complaint' });
    expect(handled).toBeGreaterThan(400);
    const html = await (await t.get('/opinion')).text();
    const figure = (stage: string) => new RegExp(`data-key="count:complaints:${stage}"[^>]*>([^<]+)<`).exec(html)?.[1];
    expect(figure('done')).toBe(handled.toLocaleString('en-US'));
    const open = t.store.listEntities('complaint', { statusIn: ['received'] }).filter((r) => r.data.kind !== 'suggestion').length;
    expect(figure('received')).toBe(String(open));
  });

  it('opens a handled complaint older than any list holds', async () => {
    const t = setup();
    const iso = (ms: number) => new Date(ms).toISOString();
    for (let i = 0; i < 250; i++) {
      const at = FIXTURE_NOW - 20 * 86_400_000 + i * 60_000;
      ingest(t.store, `scpm/v1/complaints/cmp-h-${i}`, { id: `cmp-h-${i}`, kind: 'complaint', category: 'noise', district: '11230', summary: i === 0 ? 'Fixed long ago' : 'Fixed',
        status: 'resolved', reportedAt: iso(at), receivedAt: iso(at), handledAt: iso(at), ts: iso(at) });
    }
    const html = await (await t.get('/opinion?open=complaint:cmp-h-0')).text();
    const detail = html.slice(html.indexOf('id="p-detail"'));
    expect(detail).toContain('Fixed long ago');
  });

  it('makes each store read once per page render, however many panels need it', async () => {
    const t = setup();
    const calls: string[] = [];
    const list = t.store.listEntities.bind(t.store);
    t.store.listEntities = ((kind: Parameters<typeof list>[0], o?: Parameters<typeof list>[1]) => {
      calls.push(`${kind} ${JSON.stringify(o)}`);
      return list(kind, o);
    }) as typeof t.store.listEntities;
    for (const path of ['/', '/opinion', '/district/11230']) {
      calls.length = 0;
      expect((await t.get(path)).status).toBe(200);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.length).toBe(new Set(calls).size);
    }
  });

  it('serves every page with live figures carrying data-key and data-ts', async () => {
    const { get } = setup();
    for (const path of PAGES) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toMatch(/^<!doctype html>/);
      expect(html, path).toContain('<body data-link="up"');
      const keys = html.match(/data-key="[^"]+" data-ts="[^"]*"/g) ?? [];
      expect(keys.length, path).toBeGreaterThan(0);
      expect(html, path).toContain('hx-sse:connect="/events"');
    }
  });

  it('uses the DOM contract keys', async () => {
    const { get } = setup();
    const overview = await (await get('/')).text();
    expect(overview).toMatch(/data-key="urban:pm25:11230"/);
    expect(overview).toMatch(/data-key="incident:inc-20261123-0043"/);
    expect(overview).toMatch(/data-key="count:complaints:received"/);
    expect(overview).toMatch(/data-key="indicator:[a-z0-9-]+:city"/);
    expect(overview).toMatch(/data-key="poll:poll-311"/);
    const detail = await (await get('/admin/jobs?open=indicator:employment-rate')).text();
    expect(detail).toMatch(/data-key="indicator:employment-rate:city:female:all"/);
    expect(detail).toMatch(/data-key="indicator:employment-rate:city:all:20-29"/);
    expect(await (await get('/pledges')).text()).toMatch(/data-key="pledge:pledge-01"/);
    expect(await (await get('/opinion')).text()).toMatch(/data-key="trend:fine-dust"/);
  });

  it('marks figures stale by age, and everything stale while the link is down', async () => {
    const fresh = setup();
    const ok = await (await fresh.get('/')).text();
    expect(ok).not.toMatch(/data-key="urban:pm25:11230"[^>]*data-stale="true"/);
    const late = setup({ now: FIXTURE_NOW + 10 * 60_000 });
    const html = await (await late.get('/')).text();
    expect(html).toMatch(/data-key="urban:pm25:11230" data-ts="[^"]+" data-stale-at="\d+" data-stale="true"/);
    expect(html).not.toMatch(/data-key="incident:[^"]+" data-ts="[^"]+" data-stale="true"/); // incidents only go stale with the link

    const down = setup({ linkUp: false });
    const d = await (await down.get('/')).text();
    expect(d).toContain('<body data-link="down"');
    expect(d).toContain('link down since 09:41 — showing stored data');
    const figs = d.match(/<[^>]+data-key="[^"]+"[^>]*>/g)!;
    expect(figs.length).toBeGreaterThan(20);
    for (const f of figs) expect(f).toContain('data-stale="true"');
  });

  it('marks the pledge stale after 45 days and an old indicator period', async () => {
    const { get } = setup();
    const html = await (await get('/pledges?p=2')).text();
    expect(html).toMatch(/data-key="pledge:pledge-10" data-ts="[^"]+" data-stale-at="\d+" data-stale="true"/);
    expect(await (await get('/pledges')).text()).not.toMatch(/data-key="pledge:pledge-01"[^>]*data-stale="true"/);
    const late = setup({ now: Date.parse('2027-01-20T00:00:00+09:00') });
    expect(await (await late.get('/admin/jobs')).text()).toMatch(/data-key="indicator:employment-rate:city" data-ts="[^"]+" data-stale-at="\d+" data-stale="true"/);
  });

  it('escapes citizen text everywhere', async () => {
    const { get, store } = setup();
    ingest(store, 'scpm/v1/polls/poll-x', { id: 'poll-x', title: '<script>alert(1)</script>', kind: 'policy', visibility: 'public', status: 'open', options: [{ id: 'a', label: '"><img src=x>', votes: 1 }], ts: '2026-11-23T09:59:00+09:00' });
    for (const path of ['/opinion?p=1', '/opinion?open=complaint:cmp-88203', '/']) {
      const html = await (await get(path)).text();
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<script>alert');
    }
    const page = await (await get('/opinion?open=complaint:cmp-88203')).text();
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(XSS).toBe('<img src=x onerror=alert(1)>');
  });

  it('sends a CSP without inline script or eval, and no javascript: URLs', async () => {
    const { get } = setup();
    for (const path of ['/', '/public', '/assets/wall.js']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const html = await (await get('/')).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/ on[a-z]+="/); // no inline handlers
    expect(html).not.toMatch(/ style="/);
    expect(html).toContain('&quot;extensions&quot;:&quot;sse,scpm&quot;');
  });

  it('answers an unpaired device with a plain 401 page that says how to pair', async () => {
    const { get } = setup();
    const res = await get('/', {});
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('/pair?token=');
    expect(html).not.toMatch(/<form|type="password"/);
    expect((await get('/events', {})).status).toBe(401);
    expect((await get('/api/v1/screens/wall', {})).status).toBe(401);
  });

  it('pairs a tablet once with an HttpOnly SameSite=Strict long-lived cookie', async () => {
    const { get } = setup();
    const bad = await get('/pair?token=wrong', {});
    expect(bad.status).toBe(401);
    const res = await get(`/pair?token=${DEVICE_TOKEN}`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^scpm_device=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)![1])).toBeGreaterThan(365 * 86_400);
    const page = await get('/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-screen="tablet-1"');
  });

  it('serves assets without access, gzipped, and keeps first load under 100 KB gzipped', async () => {
    const { get } = setup();
    let total = 0;
    const page = await get('/', { ...setup().auth, 'accept-encoding': 'gzip' });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    total += (await page.arrayBuffer()).byteLength;
    for (const f of ['wall.css', 'wall.js', 'htmx.min.js', 'hx-sse.min.js']) {
      const res = await get(`/assets/${f}`, { 'accept-encoding': 'gzip' });
      expect(res.status, f).toBe(200);
      total += (await res.arrayBuffer()).byteLength;
    }
    expect(total).toBeLessThan(100 * 1024);
    const plain = await (await get('/urban')).text();
    expect(gzipSync(plain).byteLength).toBeLessThan(40 * 1024);
    expect((await get('/assets/../../package.json', {})).status).toBe(404);
  });

  it('renders Korean with Korean units', async () => {
    const { get } = setup({ language: 'ko' });
    const html = await (await get('/pledges')).text();
    expect(html).toContain('lang="ko"');
    expect(html).toContain('7,020억 원');
    expect(html).toContain('공약');
  });
});

describe('public mirror', () => {
  const PUBLIC = ['/public', '/public/urban', '/public/opinion', '/public/admin', '/public/admin/jobs', '/public/pledges', '/public/district/11230',
    '/public/urban?open=incident:inc-20261123-0040', '/public/opinion?open=complaint:cmp-88200', '/public/opinion?open=poll:poll-313'];
  const LEAKS = ['Gangnam-daero', 'Olympic-ro', 'cam-11230', 'lat', '4-day week', 'Truck blocking', 'Streetlight out', 'Kim Citizen', '010-1234', 'orders', 'private'];

  it('needs no access and leaks nothing private', async () => {
    const { get } = setup();
    for (const path of PUBLIC) {
      const res = await get(path, {});
      expect(res.status, path).toBe(200);
      const html = await res.text();
      for (const leak of LEAKS) expect(html.includes(leak), `${path} leaks ${leak}`).toBe(false);
      expect(html).toContain('data-public="true"');
      expect(html).not.toContain('data-action="back"');
      expect(html).toMatch(/data-key="/);
    }
    // the office view does show them (so the test above means something)
    const office = await (await get('/urban?open=incident:inc-20261123-0040')).text();
    expect(office).toContain('Gangnam-daero');
    expect(await (await get('/opinion?open=poll:poll-313')).text()).toContain('4-day week');
  });

  it('shows complaint summaries only when the config allows it', async () => {
    const { get } = setup({ publicComplaintText: true });
    const html = await (await get('/public/opinion', {})).text();
    expect(html).toMatch(/Truck blocking|Streetlight out|Bags of rubbish/);
    expect(html).not.toContain('<img src=x');
  });

  it('serves the mirror at / on its own listener', async () => {
    const { display } = setup();
    const res = await display.publicApp.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-public="true"');
    expect(html).toContain('hx-sse:connect="/events?path=%2F"');
    expect(html).not.toContain('Gangnam-daero');
    expect((await display.publicApp.request('/urban')).status).toBe(200);
    expect((await display.publicApp.request('/assets/wall.css')).status).toBe(200);
    expect((await display.publicApp.request('/api/v1/actions', { method: 'POST' })).status).toBe(404);
  });
});

describe('screen actions', () => {
  it('navigates, pages, opens and goes back; records the source; emits screen:changed', async () => {
    const { act, bus } = setup();
    const seen: { screen: string; source: string }[] = [];
    bus.on('screen:changed', (c) => seen.push({ screen: c.screen, source: c.source }));
    let r = await act({ screen: 'wall', action: 'navigate', page: 'urban' });
    expect(r.status).toBe(200);
    let j = await r.json() as { screen: string; state: Record<string, unknown> };
    expect(j.state).toMatchObject({ page: 'urban', path: '/urban', source: 'api' });
    r = await act({ action: 'next-page', source: 'gesture' });
    j = await r.json();
    expect(j.state).toMatchObject({ page: 'urban', sub: 1, source: 'gesture' });
    r = await act({ action: 'next-page', source: 'voice' });
    r = await act({ action: 'next-page', source: 'voice' });
    j = await r.json();
    expect(j.state).toMatchObject({ page: 'opinion', sub: 0 });
    r = await act({ action: 'previous-page' });
    j = await r.json();
    expect(j.state).toMatchObject({ page: 'urban', sub: 2 });
    r = await act({ action: 'select-district', district: '11230', source: 'touch' });
    j = await r.json();
    expect(j.state).toMatchObject({ page: 'district', district: '11230', path: '/district/11230' });
    r = await act({ action: 'open', item: 'incident:inc-20261123-0042' });
    j = await r.json();
    expect(j.state).toMatchObject({ open: 'incident:inc-20261123-0042' });
    r = await act({ action: 'close' });
    expect((await r.json() as { state: { open: unknown } }).state.open).toBeNull();
    r = await act({ action: 'back' });
    expect((await r.json() as { state: { page: string } }).state.page).toBe('urban');
    r = await act({ action: 'home' });
    expect((await r.json() as { state: { page: string } }).state.page).toBe('overview');
    expect(seen.length).toBe(10);
    expect(seen.map((s) => s.source)).toContain('gesture');
    expect(seen.every((s) => s.screen === 'wall')).toBe(true);
  });

  it('walks admin categories between admin and pledges', async () => {
    const { act } = setup();
    await act({ action: 'navigate', page: 'admin' });
    const r = await act({ action: 'next-page' });
    expect((await r.json() as { state: { path: string } }).state.path).toBe('/admin/culture');
    await act({ action: 'navigate', page: 'admin', category: 'welfare' });
    const last = await act({ action: 'next-page' });
    expect((await last.json() as { state: { path: string } }).state.path).toBe('/pledges');
  });

  it('validates bodies: 400 with a clear error, 404 for unknown items', async () => {
    const { act } = setup();
    for (const body of [{ action: 'fly' }, { action: 'navigate', page: 'nowhere' }, { action: 'navigate', page: 'district' }, { action: 'select-district', district: '99999' }, { action: 'open', item: 'javascript:alert(1)' }, { action: 'home', extra: 1 }]) {
      const r = await act(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const j = await r.json() as { error: string };
      expect(j.error).toBeTruthy();
    }
    const bad = await setup().app.request('/api/v1/actions', { method: 'POST', headers: { authorization: setup().auth.authorization, 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect((await act({ action: 'open', item: 'incident:nope' })).status).toBe(404);
    expect((await act({ action: 'home' }, {})).status).toBe(401);
  });

  it('keeps screen state across a restart, and screens are separate', async () => {
    const first = setup();
    await first.act({ action: 'navigate', page: 'pledges' });
    await first.act({ screen: 'tablet-1', action: 'navigate', page: 'opinion' });
    first.display.close();
    const second = setup({ store: first.store });
    const wall = await (await second.get('/api/v1/screens/wall')).json() as { state: { page: string } };
    expect(wall.state.page).toBe('pledges');
    const tab = await (await second.get('/api/v1/screens/tablet-1')).json() as { state: { page: string } };
    expect(tab.state.page).toBe('opinion');
  });

  it('a page opened by URL moves its screen there', async () => {
    const { get } = setup();
    await get('/district/11010');
    const s = await (await get('/api/v1/screens/wall')).json() as { state: { page: string; district: string } };
    expect(s.state).toMatchObject({ page: 'district', district: '11010' });
    expect((await get('/district/99999')).status).toBe(404);
  });
});

describe('live updates over SSE', () => {
  it('says hello with the build id, resyncs on connect, then pushes changed fragments', async () => {
    const t = setup({ pushWindowMs: 50 });
    const res = await t.get('/events');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const first = readSse(res, 5, 3000);
    await new Promise((r) => setTimeout(r, 50));
    const notice = ingest(t.store, 'scpm/v1/urban/pm25/11230', { metric: 'pm25', district: '11230', value: 77, unit: 'ug/m3', ts: '2026-11-23T10:00:30+09:00' })!;
    t.bus.emit('city:changed', [notice]);
    const msgs = await first;
    expect(msgs[0]!.event).toBe('scpm:hello');
    expect(JSON.parse(msgs[0]!.data)).toMatchObject({ build: 'build-1', screen: 'wall' });
    expect(msgs[1]!.event).toBe('scpm:state');
    expect(JSON.parse(msgs[1]!.data)).toMatchObject({ path: '/', link: { up: true } });
    expect(msgs[2]!.data).toContain('<main id="main"');
    expect(msgs[2]!.data).toContain('hx-swap-oob="true"');
    // The figure first, alone, in the commit's turn; then its panel (colours, legend) at the window's end.
    expect(msgs[3]!.event).toBe('scpm:figs');
    // A map label is one element with text: sent as an edit of it (figure-patch.ts), every attribute included.
    expect(JSON.parse(msgs[3]!.data)).toEqual([['p-map', 'urban:pm25:11230', {
      tag: 'text', text: '77',
      attrs: { x: expect.any(String), y: expect.any(String), class: expect.stringMatching(/^mv (dk|lt)$/), 'data-key': 'urban:pm25:11230', 'data-ts': '2026-11-23T10:00:30+09:00', 'data-stale-at': expect.any(String) },
    }]]);
    const push = msgs[4]!;
    expect(push.data).toContain('id="p-map"');
    expect(push.data).toContain('hx-swap-oob="outerMorph"');
    expect(push.data).toMatch(/data-key="urban:pm25:11230" data-ts="2026-11-23T10:00:30\+09:00"/);
    expect(push.data).not.toContain('id="p-polls"');
    t.display.close();
  });

  it('follows its screen: an action pushes the new page and path', async () => {
    const t = setup({ pushWindowMs: 0 });
    const res = await t.get('/events');
    const p = readSse(res, 5, 3000);
    await new Promise((r) => setTimeout(r, 50));
    await t.act({ action: 'navigate', page: 'pledges' });
    const msgs = await p;
    const state = msgs.filter((m) => m.event === 'scpm:state').map((m) => JSON.parse(m.data) as { path: string });
    expect(state.at(-1)!.path).toBe('/pledges');
    expect(msgs.at(-1)!.data).toContain('class="l-pledges"');
    t.display.close();
  });

  it('redraws an open help overlay when a gesture device comes (the catalog changed)', async () => {
    const t = setup({ pushWindowMs: 0 });
    await t.act({ action: 'show-help' });
    const res = await t.get('/events');
    const p = readSse(res, 5, 3000);
    await new Promise((r) => setTimeout(r, 50));
    t.catalog.register('serial', 'gesture', [{ key: 'swipe-left', device: 'serial', screen: 'wall', action: 'next-page', cue: { en: '← next page', ko: '← 다음 페이지' } }]);
    const msgs = await p;
    const last = msgs.at(-1)!.data;
    expect(last).toContain('id="overlay"');
    expect(last).toContain('swipe-left');
    t.display.close();
  });

  it('pushes a full resync with the banner when the link goes down', async () => {
    const t = setup({ pushWindowMs: 0 });
    const res = await t.get('/events');
    const p = readSse(res, 5, 3000);
    await new Promise((r) => setTimeout(r, 50));
    t.state.link = { up: false, since: FIXTURE_NOW - 19 * 60_000 };
    t.bus.emit('link', { up: false, at: t.state.now });
    const msgs = await p;
    expect(JSON.parse(msgs.filter((m) => m.event === 'scpm:state').at(-1)!.data)).toMatchObject({ link: { up: false } });
    expect(msgs.at(-1)!.data).toContain('link down since 09:41');
    t.display.close();
  });

  it('public SSE streams the public view only', async () => {
    const t = setup({ pushWindowMs: 0 });
    const res = await t.get('/public/events?path=%2Furban', {});
    expect(res.status).toBe(200);
    const msgs = await readSse(res, 3, 2000);
    expect(msgs[0]!.event).toBe('scpm:hello');
    expect(msgs[2]!.data).toContain('class="l-urban"');
    expect(msgs[2]!.data).not.toContain('Gangnam-daero');
    t.display.close();
  });

  it('createDisplay wires no listeners after close', () => {
    const t = setup();
    expect(t.bus.listenerCount('city:changed')).toBe(1);
    t.display.close();
    expect(t.bus.listenerCount('city:changed')).toBe(0);
    expect(typeof createDisplay).toBe('function');
  });
});
