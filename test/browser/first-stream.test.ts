// A wall page whose first live-stream request fails (the gateway full and
// answering 503, or gone between the page and its stream) must not stay without
// a stream for good: hx-sse retries only a stream it has had, so the page
// starts it again itself, with backoff, says meanwhile that it is not live,
// and goes live once the gateway takes it. The gateway here is real and full
// for real (one live connection allowed, held by another client); the page's
// clock is Playwright's, moved forward.
import { request, type ClientRequest } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, waitFor, writeConfig, type Gateway } from '../rig/index.js';
import { launchBrowser, newWallPage } from './browser.js';

const rig = new Rig('browser-first-stream');
let gw: Gateway;
let browser: Browser;

beforeAll(async () => {
  const config = writeConfig(rig.tempDir('cfg'), { officeId: 'first-stream-office', upstreamUrl: null, extra: 'display:\n  maxEventClients: 1\ndemo:\n  simulator: false' });
  gw = await rig.gateway({ env: { SCPM_CONFIG: config, SCPM_UPSTREAM_URL: undefined } });
  await gw.waitHealthy();
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
}, 40_000);
afterAll(() => rig.cleanup());

/** Another client's live stream, holding the gateway's only slot until destroyed. */
function holdTheSlot(): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = request(`${gw.baseUrl}/events`, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode === 200) resolve(req);
      else reject(new Error(`the slot holder got ${res.statusCode}`));
    });
    req.on('error', () => undefined);
    req.end();
  });
}

describe('the first live stream refused', () => {
  it('the page tries again by itself, not live meanwhile, and goes live once the gateway takes it', async () => {
    const holder = await holdTheSlot();
    const w = await newWallPage(browser);
    const answers: number[] = [];
    w.page.on('response', (r) => { if (new URL(r.url()).pathname === '/events') answers.push(r.status()); });
    await w.page.clock.install();
    await w.page.goto(`${gw.baseUrl}/`, { waitUntil: 'load' });
    await waitFor(() => answers.length === 1, { timeoutMs: 5000, what: 'the first /events answer' });
    expect(answers).toEqual([503]);

    // 15 s of the page's clock: a second attempt (10 s after the load, with jitter), refused as well; not live.
    await w.page.clock.fastForward(15_000);
    await waitFor(() => answers.length === 2, { timeoutMs: 5000, what: 'a second attempt' });
    expect(answers).toEqual([503, 503]);
    expect(await w.page.getAttribute('body', 'data-sse')).toBe('down');

    holder.destroy();
    await waitFor(async () => (await gw.health()).status === 200, { timeoutMs: 5000, what: 'the gateway answering' });
    // The next attempt comes within the backoff (20 s ± 30 %); the slot is free by then.
    for (let i = 0; i < 6 && !answers.includes(200); i++) {
      await w.page.clock.fastForward(5_000);
      await w.page.waitForTimeout(300);
    }
    expect(answers.at(-1)).toBe(200);
    expect(answers.length, 'no storm: one attempt per backoff step').toBeLessThanOrEqual(3);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await w.synced();
    await w.close();
  }, 40_000);
});
