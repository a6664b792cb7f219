// The public mirror's live stream takes its page from anyone's ?path=: a
// hostile one costs the asker the overview, never a 500 or a slot kept.
import { describe, expect, it, vi } from 'vitest';
import { readSse, setup } from '../test-helpers.js';
import { parseView } from '../view.js';

const slotsInUse = (metrics: { render(): string }): number =>
  Number(/^scpm_sse_slots_in_use (\d+)$/m.exec(metrics.render())?.[1] ?? NaN);

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe('public live stream, hostile ?path=', () => {
  it('a path segment that is not percent-encoding names no page (parseView never throws)', () => {
    expect(parseView('/admin/%zz')).toBeNull();
    expect(parseView('/district/11230/%E0%A4%A')).toBeNull();
    expect(parseView('/admin/%41bc')).toMatchObject({ page: 'admin', category: 'Abc' });
  });

  it('answers the overview and gives every slot back', async () => {
    const t = setup({ pushWindowMs: 0 });
    // ?path=/admin/%zz once decoded by the query: the value itself is not valid percent-encoding.
    for (const path of ['%2Fadmin%2F%25zz', '%2Fdistrict%2F11230%2F%25', '%2F%25E0%25A4%25A']) {
      const res = await t.get(`/public/events?path=${path}`, {});
      expect(res.status, path).toBe(200);
      const msgs = await readSse(res, 2, 2000);
      expect(JSON.parse(msgs.find((m) => m.event === 'scpm:state')!.data), path).toMatchObject({ path: '/public/' });
    }
    await until(() => slotsInUse(t.metrics) === 0);
    expect(slotsInUse(t.metrics)).toBe(0);
    t.display.close();
  });
});

describe('public live stream, the page it follows', () => {
  const eventsUrlOf = (html: string) => /hx-sse:connect="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');

  it('a page with a query (a sub-page, an open item) streams that page, not the overview', async () => {
    const t = setup({ pushWindowMs: 0 });
    for (const page of ['/public/opinion?p=2', '/public/opinion?open=complaint%3Acmp-88200', '/public/urban?metric=pm10']) {
      const url = eventsUrlOf(await (await t.get(page, {})).text());
      const msgs = await readSse(await t.get(url, {}), 2, 2000);
      expect(JSON.parse(msgs.find((m) => m.event === 'scpm:state')!.data).path, url).toBe(page);
    }
    t.display.close();
  });
});

describe('public live stream, cameras', () => {
  it('a camera path streams the overview: no camera page is drawn for the public', async () => {
    const t = setup({ pushWindowMs: 0 });
    for (const path of ['/cameras', '/cameras/demo-gangnam', '/public/cameras/cam-1', '//cameras//cam-1/']) {
      const msgs = await readSse(await t.get(`/public/events?path=${encodeURIComponent(path)}`, {}), 3, 2000);
      expect(JSON.parse(msgs.find((m) => m.event === 'scpm:state')!.data).path, path).toBe('/public/');
      expect(msgs.map((m) => m.data).join(''), path).not.toMatch(/l-camera|p-camera/);
    }
    t.display.close();
  });
});

describe('public listener, a request that fails', () => {
  it('answers a plain 500 and leaves no stack on stderr', async () => {
    const t = setup();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      t.store.listEntities = () => { throw new Error('store read failed'); };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await t.display.publicApp.request('/opinion'));
      expect(errors).not.toHaveBeenCalled();
      for (const res of answers) expect([res.status, await res.text()]).toEqual([500, 'internal error']);
    } finally {
      errors.mockRestore();
      t.display.close();
    }
  });
});
