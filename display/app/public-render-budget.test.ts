// The public mirror's pages are rendered once per publicCacheMs for everyone;
// a page not in the cache costs a render, and every distinct query is a page of
// its own. One address may cause PUBLIC_RENDERS_PER_MINUTE renders a minute.
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { PUBLIC_RENDERS_PER_MINUTE } from './public-routes.js';

const from = (t: ReturnType<typeof setup>, path: string, address: string) =>
  t.app.request(path, {}, { incoming: { socket: { remoteAddress: address } } });

describe('public mirror, renders per address', () => {
  it('refuses an address past its renders with 429 and a retry time, while cached pages, other addresses and loopback go on', async () => {
    const t = setup();
    const renders = () => Number(/scpm_public_page_renders (\d+)/.exec(t.metrics.render())![1]);
    const before = renders();
    for (let i = 0; i < PUBLIC_RENDERS_PER_MINUTE; i++) {
      expect((await from(t, `/public?open=incident:made-up-${i}`, '203.0.113.7')).status).toBe(200);
    }
    expect(renders() - before).toBe(PUBLIC_RENDERS_PER_MINUTE);
    const refused = await from(t, '/public?open=incident:made-up-x', '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(renders() - before).toBe(PUBLIC_RENDERS_PER_MINUTE);
    expect(t.metrics.render()).toMatch(/scpm_public_renders_refused_total 1/);
    // A page already in the cache costs no render, so it is served.
    expect((await from(t, '/public?open=incident:made-up-0', '203.0.113.7')).status).toBe(200);
    // Another address, and the office's own /public on loopback, are not held by it.
    expect((await from(t, '/public?open=incident:made-up-y', '203.0.113.8')).status).toBe(200);
    expect((await t.get('/public?open=incident:made-up-z', {})).status).toBe(200);
    t.display.close();
  });
});
