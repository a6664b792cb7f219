// The pledge summary's sums (average progress, counts per status, budget) are
// built from the pledges: one not updated within the pledge rule (45 days)
// makes every sum it is part of stale, and the panel says how old its oldest part is.
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';

/** The opening tag of the figure with this data-key. */
const tag = (html: string, key: string) => html.match(new RegExp(`<[^>]+data-key="${key}"[^>]*>`))?.[0] ?? '';

describe('pledge summary freshness', () => {
  it('marks a sum stale when a pledge it counts is stale, and only then', async () => {
    // Fixtures: pledge-10 (delayed) is 60 days old; the others 10 to 18 days.
    const html = await (await setup().get('/pledges')).text();
    for (const key of ['count:pledges:progress', 'count:pledges:budget', 'count:pledges:delayed']) {
      expect(tag(html, key), key).toMatch(/data-stale-at="\d+" data-stale="true"/);
    }
    expect(tag(html, 'count:pledges:on-track')).toMatch(/data-stale-at="\d+"/);
    expect(tag(html, 'count:pledges:on-track')).not.toContain('data-stale="true"');
  });

  it('shows the age of the oldest pledge it sums', async () => {
    const html = await (await setup().get('/pledges')).text();
    const panel = html.slice(html.indexOf('id="p-plsum"'), html.indexOf('id="p-pledges"'));
    // From another day, with its date: a bare "as of 10:00" would read as today's.
    expect(panel).toMatch(/<span class="asof">as of Sep 24 10:00 · <time class="age [^"]*" datetime="[^"]+" data-age="rel">60 d ago<\/time>/);
  });
});

describe('pledge rows show their age', () => {
  it('each pledge carries a ticking age beside its status', async () => {
    const html = await (await setup().get('/pledges')).text();
    const row = html.match(/<li class="pledge [^"]*" data-key="pledge:pledge-01"(?:(?!<\/li>).)*<\/li>/s)?.[0] ?? '';
    expect(row).toMatch(/<span class="pl-status">.*<time class="age [^"]*" datetime="[^"]+" data-age="rel">10 d ago<\/time><\/span>/s);
  });
});
