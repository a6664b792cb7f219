// The live path through the display's SSE routes: a change is matched against
// the views' declared panels (no store read), drawn once per view, and the
// same bytes go to every client of that view.
import { describe, expect, it } from 'vitest';
import { setup, readSse, openSse } from './test-helpers.js';
import { ingest } from './test-fixtures.js';

describe('live path', () => {
  it('draws a reading once for all screens of a view, reading no list, and sends them the same patch; the public mirror gets its own patch, then its map', async () => {
    const t = setup({ pushWindowMs: 50 });
    const [a, b] = [await t.get('/events'), await t.get('/events')];
    const pub = await t.get('/public/events?path=%2F', {});
    const reads: string[] = [];
    for (const name of ['listEntities', 'urbanLatest', 'urbanSeries', 'latestIndicatorValues', 'countEntities'] as const) {
      const orig = (t.store[name] as (...args: unknown[]) => unknown).bind(t.store);
      (t.store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => { reads.push(name); return orig(...args); };
    }
    const pa = readSse(a, 5, 3000);
    const pb = readSse(b, 5, 3000);
    const pp = readSse(pub, 5, 3000);
    await new Promise((r) => setTimeout(r, 100)); // the resyncs on connect are out
    reads.length = 0;
    const notice = ingest(t.store, 'scpm/v1/urban/pm25/11230', { metric: 'pm25', district: '11230', value: 91, unit: 'ug/m3', ts: '2026-11-23T10:00:40+09:00' })!;
    reads.length = 0;
    t.bus.emit('city:changed', [notice]);
    // The commit's turn: the office's figure alone, drawn once for its two screens; the public mirror's own (the
    // first of its window: its crowd gets at most one per window); no list read.
    expect(reads.filter((r) => r !== 'urbanLatest')).toEqual([]);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const [ma, mb, mp] = await Promise.all([pa, pb, pp]);
    const figs = (ms: { event: string; data: string }[]) => ms.filter((m) => m.event === 'scpm:figs').map((m) => m.data);
    expect(figs(ma)).toHaveLength(1);
    expect(figs(ma)).toEqual(figs(mb));
    expect(figs(mp)).toHaveLength(1);
    const label91 = { tag: 'text', attrs: expect.objectContaining({ 'data-key': 'urban:pm25:11230', 'data-ts': '2026-11-23T10:00:40+09:00' }), text: '91' };
    expect(JSON.parse(figs(mp)[0]!)).toEqual([['p-map', 'urban:pm25:11230', label91]]);
    const publicMap = mp.at(-1)!.data; // …and the public overview's map at the deferral's end, with the same label
    expect(publicMap).toContain('id="p-map"');
    expect(publicMap).toContain('>91</text>');
    expect(publicMap).not.toContain('id="p-incidents"');
    expect(JSON.parse(figs(ma)[0]!)).toEqual([['p-map', 'urban:pm25:11230', label91]]);
    // …and the map (not the incidents list beside it) at the deferral's end.
    const last = ma.at(-1)!.data;
    expect(last).toContain('id="p-map"');
    expect(last).not.toContain('id="p-incidents"');
    expect(reads).not.toContain('listEntities');
    t.display.close();
  });
  it("patches a map label in the tone its district's fill was drawn with on the wall, until the map's redraw recolours both", async () => {
    const t = setup({ pushWindowMs: 50 });
    const s = openSse(await t.get('/events'));
    try {
      const KEY = 'urban:pm25:11230';
      const toneIn = (html: string) => html.match(new RegExp(`<text[^>]*class="mv (dk|lt)"[^>]*data-key="${KEY}"`))?.[1];
      const mapPush = async () => {
        for (let m = await s.next(3000); m; m = await s.next(3000)) if (m.data.includes('id="p-map"')) return m.data;
        return '';
      };
      const figs = async () => {
        for (let m = await s.next(); m; m = await s.next()) if (m.event === 'scpm:figs') return JSON.parse(m.data) as [string, string, { attrs: Record<string, string>; text: string }][];
        return [];
      };
      const drawn = toneIn(await mapPush()); // the page the wall got on connecting
      expect(drawn).toMatch(/^(dk|lt)$/);
      // PM2.5 is better low: a value above every other is drawn light (dark text), one below every other dark.
      const [far, farther] = drawn === 'lt' ? [500, 490] : [1, 2];
      const send = (value: number, sec: number) => {
        const n = ingest(t.store, 'scpm/v1/urban/pm25/11230', { metric: 'pm25', district: '11230', value, unit: 'ug/m3', ts: `2026-11-23T10:00:${sec}+09:00` })!;
        t.bus.emit('city:changed', [n]);
      };
      send(far, 40);
      const first = await figs();
      expect(first.map(([panel, key, body]) => [panel, key, body.attrs.class, body.text])).toEqual([['p-map', KEY, `mv ${drawn}`, String(far)]]);
      const flipped = drawn === 'lt' ? 'dk' : 'lt';
      expect(toneIn(await mapPush())).toBe(flipped); // the redraw: the district in its new bin, its label with it
      send(farther, 50);
      expect((await figs()).map(([, , body]) => body.attrs.class)).toEqual([`mv ${flipped}`]);
    } finally {
      await s.close();
      t.display.close();
    }
  });
});
