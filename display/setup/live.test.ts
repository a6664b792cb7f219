import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSetupLive } from './live.js';
import type { SectionCtx } from './sections.js';

afterEach(() => { vi.useRealTimers(); });

const ctx = { lang: 'en', now: 0, logBridge: null, logLevel: 0 } as unknown as SectionCtx;

/** The next chunk of the stream, or null if none came within `ms` (a bound on the wait, not a measurement). */
async function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const none = new Promise<null>((r) => { timer = setTimeout(() => r(null), ms); });
  const got = await Promise.race([reader.read().then((r) => (r.done ? null : new TextDecoder().decode(r.value))), none]);
  clearTimeout(timer);
  return got;
}

describe("the setup page's live stream", () => {
  it('pushes a changed section when its trigger fires, without waiting for the periodic refresh', async () => {
    // The periodic refresh never fires here: only the trigger can make the second push.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let health = 'up';
    let fire: () => void = () => { throw new Error('not subscribed'); };
    let subscribed = 0;
    const live = createSetupLive(
      () => [`<section id="s-bridges">${health}</section>`, '<section id="s-other">same</section>'],
      (refresh) => { subscribed++; fire = refresh; return () => { subscribed--; }; },
    );
    expect(subscribed).toBe(1);
    const app = new Hono().get('/events', (c) => live.stream(c, ctx));
    const res = await app.request('/events');
    const reader = res.body!.getReader();
    const first = await nextChunk(reader, 2000);
    expect(first).toContain('<section hx-swap-oob="true" id="s-bridges">up</section>');
    expect(first).toContain('id="s-other"');
    // The viewer joins the refreshes once its first sections are written (a few turns after the client read them).
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    health = 'restarting';
    fire();
    const second = await nextChunk(reader, 2000);
    // Only the section that changed, as an out-of-band swap.
    expect(second).toContain('<section hx-swap-oob="true" id="s-bridges">restarting</section>');
    expect(second).not.toContain('s-other');
    live.close();
    expect(subscribed).toBe(0); // closing the page's routes unsubscribes
    await reader.cancel();
  });
});
