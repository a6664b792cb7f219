// The public mirror's previous/next links count the public page's own
// sub-pages: private polls (never shown there) must not add pages to it.
import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, ingest } from '../test-fixtures.js';
import { readSse, setup } from '../test-helpers.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function privatePoll(i: number) {
  const id = `poll-staff-${i}`;
  return [`scpm/v1/polls/${id}`, {
    id, title: `Staff survey ${i}`, kind: 'policy', visibility: 'private', status: 'open',
    opensAt: iso(FIXTURE_NOW - 86_400_000), closesAt: iso(FIXTURE_NOW + 86_400_000), totalVoters: 10,
    options: [{ id: 'a', label: 'Yes', votes: 6 }, { id: 'b', label: 'No', votes: 4 }], ts: iso(FIXTURE_NOW - 60_000),
  }] as const;
}

const subCount = (html: string) => Number(/data-sub-count="(\d+)"/.exec(html)![1]);
const navLink = (html: string, action: 'previous-page' | 'next-page') => new RegExp(`href="([^"]*)" class="btn" data-action="${action}"`).exec(html)![1];

describe('public mirror, previous/next links', () => {
  it('private polls add no sub-page to the public opinion page, nor to its links (page and live redraw)', async () => {
    const t = setup({ pushWindowMs: 0 });
    const before = subCount(await (await t.get('/public/opinion', {})).text());
    // Enough private polls (two a page) to outnumber every public list of the opinion page.
    t.store.transaction(() => {
      for (let i = 0; i < 2 * before + 10; i++) ingest(t.store, ...privatePoll(i));
    });
    const opinion = await (await t.get('/public/opinion?p=1', {})).text();
    const pages = subCount(opinion);
    expect(pages).toBe(before);
    const last = pages > 1 ? `/public/opinion?p=${pages}` : '/public/opinion';
    expect(navLink(opinion, 'previous-page')).not.toContain('/public/opinion');
    expect(navLink(await (await t.get('/public/admin', {})).text(), 'previous-page')).toBe(last);
    // The live stream's redraw draws the same links.
    const msgs = await readSse(await t.get('/public/events?path=%2Fadmin', {}), 3, 2000);
    expect(navLink(msgs.map((m) => m.data).join(''), 'previous-page')).toBe(last);
    t.display.close();
  });
});
