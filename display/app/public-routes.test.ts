// The public mirror renders a page once per publicCacheMs for everyone; that
// cached render must never outlive the link state it was drawn under (a page
// drawn with the link up, served after it dropped, would show every figure live).
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';

describe('public mirror cache and the link', () => {
  it('serves a fresh render, marked stale, once the link drops within the cache window', async () => {
    // The test clock does not move: without the link in its key, the cache would hold the first render for good.
    const { get, state } = setup();
    const up = await (await get('/public', {})).text();
    expect(up).toContain('<body data-link="up"');
    expect(up).not.toMatch(/data-key="incident:[^"]+"[^>]*data-stale="true"/);
    state.link = { up: false, since: state.now - 60_000 };
    const down = await (await get('/public', {})).text();
    expect(down).toContain('<body data-link="down"');
    const figs = down.match(/<[^>]+data-key="[^"]+"[^>]*>/g) ?? [];
    expect(figs.length).toBeGreaterThan(10);
    for (const f of figs) expect(f).toContain('data-stale="true"');
    // And back up: no stale render from the outage either.
    state.link = { up: true, since: state.now };
    expect(await (await get('/public', {})).text()).toContain('<body data-link="up"');
  });
});
