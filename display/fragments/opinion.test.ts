// Opinion panels show the age of what they show, and a poll stamped ahead of the gateway's clock is not live for longer.
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { FIXTURE_NOW, ingest, loadFixtures, memoryStore, testConfig } from '../test-fixtures.js';

describe('opinion panels: ages', () => {
  it('the trends panel says as of when', async () => {
    const html = await (await setup().get('/opinion')).text();
    const head = html.slice(html.indexOf('id="p-trends"'), html.indexOf('<div class="panel-b">', html.indexOf('id="p-trends"')));
    // Fixtures: the newest trend is 10 min old at FIXTURE_NOW (the page is drawn a minute later).
    expect(head).toMatch(/<span class="asof">as of 09:50 · <time class="age [^"]*" datetime="[^"]+" data-age="rel">11 min ago<\/time><\/span>/);
  });
});

describe('polls stamped in the future', () => {
  it('an open poll\'s tally goes stale 10 min after it came, not 10 min after its future ts', async () => {
    const store = memoryStore(testConfig());
    loadFixtures(store);
    const MIN = 60_000;
    ingest(store, 'scpm/v1/polls/poll-ahead', {
      id: 'poll-ahead', title: 'Ahead', kind: 'policy', visibility: 'public', status: 'open', totalVoters: 10,
      options: [{ id: 'a', label: 'A', votes: 6 }, { id: 'b', label: 'B', votes: 4 }], ts: new Date(FIXTURE_NOW + 9 * MIN).toISOString(),
    }, FIXTURE_NOW);
    const html = await (await setup({ store, now: FIXTURE_NOW + 11 * MIN }).get('/opinion?open=poll:poll-ahead')).text();
    const tag = html.match(/<li class="poll" data-key="poll:poll-ahead"[^>]*>/)?.[0] ?? '';
    expect(tag).toContain(`data-stale-at="${FIXTURE_NOW + 10 * MIN}"`);
    expect(tag).toContain('data-stale="true"');
  });
});
