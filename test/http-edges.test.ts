// The HTTP edge of the real gateway on Node's http server, where hono's own
// app.request cannot reach:
// - HEAD on a live stream (a probe, a link checker, anyone): the stream's
//   headers and no body, with nothing on stderr and no slot or viewer kept.
//   The streams write straight to Node's response; hono answers HEAD with a
//   copy of the handler's Response, which then found the head already written
//   (ERR_HTTP_HEADERS_SENT, a stack on stderr for every request).
// - A refused request (415, 401, …) whose body the gateway never read leaves
//   the connection usable: the client's next request on it is answered.
//   Without the drain the body's stream paused the socket and the server's
//   cleanup closed the connection 500 ms later, so a client that reused it got
//   a network error. Over the route's bound the connection still closes
//   (nothing big is read).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, metric, waitFor, type Gateway } from './rig/index.js';

const rig = new Rig('http-edges');
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

interface Exchange { first: string; second: string | null; closedAfterMs: number | null }

/** POST `size` bytes of text/plain to `path` and, once its answer is in, GET /healthz on the same connection. */
function twoOnOneConnection(path: string, size: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const s = net.connect(gw.port, '127.0.0.1');
    const t0 = Date.now();
    let buf = '';
    let first: string | null = null;
    const timer = setTimeout(() => s.destroy(), 5000);
    s.on('error', () => undefined);
    s.on('connect', () => {
      s.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nContent-Type: text/plain\r\nContent-Length: ${size}\r\n\r\n`);
      s.write(Buffer.alloc(size, 0x41));
    });
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (first === null && /\r\n\r\n[\s\S]*\}$/.test(buf)) {
        first = buf.split('\r\n', 1)[0]!;
        buf = '';
        s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n\r\n`);
      } else if (first !== null && buf.includes('\r\n\r\n')) {
        clearTimeout(timer);
        s.destroy();
        resolve({ first, second: buf.split('\r\n', 1)[0]!, closedAfterMs: null });
      }
    });
    s.on('close', () => {
      clearTimeout(timer);
      if (first === null) reject(new Error(`no answer to the POST: ${buf.slice(0, 200)}`));
      else resolve({ first, second: null, closedAfterMs: Date.now() - t0 });
    });
  });
}

describe('keep-alive after a refused body', () => {
  it.each([
    ['/api/v1/actions', 260_000, 'HTTP/1.1 415 Unsupported Media Type'],
    ['/api/v1/voice/recognize', 1_000_000, 'HTTP/1.1 415 Unsupported Media Type'],
  ])('POST %s with %i bytes of the wrong type: refused, and the next request on the connection is answered', async (path, size, status) => {
    for (let i = 0; i < 5; i++) {
      const x = await twoOnOneConnection(path, size);
      expect(x.first).toBe(status);
      expect(x.second, `the connection closed ${x.closedAfterMs} ms in`).toMatch(/^HTTP\/1\.1 200/);
    }
  }, 30_000);

  it('a body over the route\'s bound is not read: 413, and the connection closes', async () => {
    const x = await twoOnOneConnection('/api/v1/actions', 1_000_000);
    expect(x.first).toBe('HTTP/1.1 413 Payload Too Large');
    expect(x.second).toBeNull();
  }, 30_000);
});
