// HEAD on a live stream (a probe, a link checker, anyone): the stream's
// headers and no body, from the real gateway on Node's http server, with
// nothing on stderr and no slot or viewer kept. The streams write straight to
// Node's response; hono answers HEAD with a copy of the handler's Response,
// which then found the head already written (ERR_HTTP_HEADERS_SENT, a stack
// on stderr for every request).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, metric, waitFor, type Gateway } from './rig/index.js';

const rig = new Rig('events-head');
let gw: Gateway;

beforeAll(async () => {
  const broker = await rig.mosquitto();
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url } });
  await gw.waitConnected();
}, 30_000);
afterAll(() => rig.cleanup());

describe('HEAD on the live streams', () => {
  it.each(['/events', '/public/events', '/setup/events'])('%s: 200, text/event-stream and the security headers, no body, nothing on stderr, nothing kept', async (path) => {
    const stderrBefore = gw.stderr().length;
    for (let i = 0; i < 30; i++) {
      const r = await fetch(`${gw.baseUrl}${path}`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/event-stream');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toBeTruthy();
      expect(await r.text()).toBe('');
    }
    // Every slot is given back (the stream's own cleanup ran).
    await waitFor(async () => (await metric(gw, 'scpm_sse_slots_in_use')) === 0, { timeoutMs: 5000, what: 'no live-stream slot in use' });
    expect(gw.stderr().slice(stderrBefore).join('\n')).toBe('');
    // GET still streams: its hello comes first.
    const ctl = new AbortController();
    const res = await fetch(`${gw.baseUrl}${path}`, { signal: ctl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    ctl.abort();
    expect(first.length).toBeGreaterThan(0);
    if (path !== '/setup/events') expect(first).toContain('event: scpm:hello');
  }, 30_000);
});
