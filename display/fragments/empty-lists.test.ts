// An empty list has no item to date it: its panel says how old the word that it is empty is (the link's coming up
// here, with nothing heard), as every other figure on the wall does; never an undated "none".
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { FIXTURE_NOW, ingest, memoryStore, testConfig } from '../test-fixtures.js';

const panel = (html: string, id: string) => {
  const at = html.indexOf(`id="${id}"`);
  expect(at, id).toBeGreaterThan(-1);
  return html.slice(at, html.indexOf('</section>', at));
};
const ageOf = (html: string) => html.match(/<span class="asof">[^<]*<time class="age[^"]*" datetime="([^"]+)"/)?.[1] ?? null;

describe('empty lists are dated', () => {
  const now = FIXTURE_NOW + 60_000;
  const linkedAt = new Date(now - 19 * 60_000).toISOString(); // setup's link came up 19 min before its clock

  it('pledges, polls, complaints, suggestions and trends: as old as the link when nothing was heard', async () => {
    const store = memoryStore(testConfig());
    const d = setup({ store, now });
    const pledges = await (await d.get('/pledges')).text();
    expect(ageOf(panel(pledges, 'p-pledges'))).toBe(linkedAt);
    const opinion = await (await d.get('/opinion')).text();
    for (const id of ['p-complaints', 'p-suggestions', 'p-polls', 'p-trends']) expect(ageOf(panel(opinion, id)), id).toBe(linkedAt);
  });

  it('as old as the last item of the kind heard after the link came up, when that one is not listed', async () => {
    const store = memoryStore(testConfig());
    // A scheduled poll is heard (not listed as live) 5 min before the clock.
    const heard = now - 5 * 60_000;
    ingest(store, 'scpm/v1/polls/poll-s', { id: 'poll-s', title: 'Scheduled', kind: 'policy', visibility: 'public', status: 'scheduled', options: [{ id: 'a', label: 'A', votes: 0 }, { id: 'b', label: 'B', votes: 0 }], ts: new Date(heard).toISOString() }, heard);
    const opinion = await (await setup({ store, now }).get('/opinion')).text();
    expect(panel(opinion, 'p-polls')).not.toContain('poll-s');
    expect(ageOf(panel(opinion, 'p-polls'))).toBe(new Date(heard).toISOString());
  });

  it("the public mirror's empty polls are never dated by a private poll", async () => {
    const store = memoryStore(testConfig());
    const heard = now - 5 * 60_000;
    ingest(store, 'scpm/v1/polls/poll-p', { id: 'poll-p', title: 'Staff vote', kind: 'community', visibility: 'private', status: 'open', options: [{ id: 'a', label: 'A', votes: 3 }, { id: 'b', label: 'B', votes: 4 }], ts: new Date(heard).toISOString() }, heard);
    const d = setup({ store, now });
    expect(panel(await (await d.get('/opinion')).text(), 'p-polls')).toContain('poll:poll-p');
    const mirror = panel(await (await d.get('/public/opinion')).text(), 'p-polls');
    expect(mirror).not.toContain('poll-p');
    expect(ageOf(mirror)).toBe(linkedAt);
  });
});
