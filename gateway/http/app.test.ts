// The gateway's HTTP app in-process (hono's app.request), with the socket's
// address given as @hono/node-server gives it (env.incoming.socket).
import { describe, it, expect, afterAll } from 'vitest';
import { Hono } from 'hono';
import { Store } from '../store/store.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { createApp, type AppDeps } from './app.js';

const TOKEN = 'api-token-0123456789abcdef';
const stores: Store[] = [];
afterAll(() => stores.forEach((s) => s.close()));

function app(o: { phase?: 'starting' | 'running'; maxBodyBytes?: number } = {}) {
  const store = new Store(':memory:', TEST_LIMITS);
  stores.push(store);
  const bridgeCalls: string[] = [];
  const bridge = new Hono();
  bridge.post('/probe', (c) => {
    bridgeCalls.push('probe');
    return c.json({ ok: true });
  });
  bridge.get('/', (c) => c.json({ cameras: [] }));
  const display = new Hono();
  display.post('/api/v1/actions', async (c) => c.json({ got: await c.req.json() }));
  // Decodes its parameter as the display's routes do (a URIError on %E0 without the guard).
  display.get('/public/district/:code', (c) => c.text(decodeURIComponent(c.req.path.split('/').pop()!)));
  const deps: AppDeps = {
    store, bus: new Bus(), metrics: new Metrics(), logger: createLogger('silent'),
    access: { apiToken: TOKEN, deviceTokens: [], allowedHosts: ['127.0.0.1', 'localhost'] },
    health: {
      phase: () => o.phase ?? 'running',
      bridges: () => ({ upstream: { state: 'failed', connected: false, detail: 'ECONNREFUSED 10.1.2.3:8883' }, demo: { state: 'running', pid: 4242 } }),
    },
    display,
    bridgeRouter: (name) => (name === 'cameras' ? bridge : undefined),
    maxBodyBytes: o.maxBodyBytes,
  };
  const a = createApp(deps);
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' } } });
  const request = (path: string, init: RequestInit = {}, address = '127.0.0.1') =>
    a.request(`http://127.0.0.1:8080${path}`, { ...init, headers: { host: '127.0.0.1:8080', ...(init.headers as Record<string, string>) } }, from(address));
  return { request, bridgeCalls, store };
}

describe('/healthz', () => {
  it('on loopback: every detail', async () => {
    const res = await app().request('/healthz');
    expect(res.status).toBe(200);
    const body = await res.json() as Record<string, unknown>;
    expect(body.status).toBe('degraded');
    expect(JSON.stringify(body)).toContain('ECONNREFUSED');
    expect(JSON.stringify(body)).toContain('4242');
  });

  it('off this machine: the status only (no error texts, no pids); with the API token: every detail', async () => {
    const a = app();
    const off = await a.request('/healthz', {}, '192.0.2.9');
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ status: 'degraded' });
    const mapped = await a.request('/healthz', {}, '::ffff:192.0.2.9');
    expect(await mapped.json()).toEqual({ status: 'degraded' });
    const withToken = await a.request('/healthz', { headers: { authorization: `Bearer ${TOKEN}` } }, '192.0.2.9');
    expect(JSON.stringify(await withToken.json())).toContain('ECONNREFUSED');
  });

  it('keeps its status code off-host (503 while starting)', async () => {
    const res = await app({ phase: 'starting' }).request('/healthz', {}, '192.0.2.9');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'starting' });
  });
});

describe('guards before every route', () => {
  it('malformed percent-encoding is a 400, also on a display route', async () => {
    const a = app();
    for (const path of ['/public/district/%E0', '/api/v1/incidents/%E0', '/api/v1/incidents?limit=%E0', '/nowhere/%zz']) {
      const res = await a.request(path);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ error: 'bad request', problems: ['url: malformed percent-encoding'] });
    }
    expect(await (await a.request('/public/district/%EC%84%9C')).text()).toBe('서');
  });

  it('no route reads a body past http.maxBodyBytes (413)', async () => {
    const a = app({ maxBodyBytes: 4096 });
    const big = JSON.stringify({ screen: 'wall', x: 'y'.repeat(5000) });
    const res = await a.request('/api/v1/actions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    const ok = await a.request('/api/v1/actions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"screen":"wall"}' });
    expect(ok.status).toBe(200);
  });
});

describe('POST /api/v1/orders', () => {
  const order = JSON.stringify({ text: 'Send a crew to Mapo-gu' });
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('a cross-site request is refused 403 before anything else', async () => {
    const a = app();
    const variants: Record<string, string>[] = [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }];
    for (const headers of variants) {
      const res = await a.request('/api/v1/orders', { method: 'POST', headers: { ...auth, ...headers, 'content-type': 'application/json' }, body: order });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(a.store.pendingOrderCount()).toBe(0);
  });

  it('anything but application/json is 415; JSON with a token is taken; a body over 16 KiB is 413', async () => {
    const a = app();
    expect((await a.request('/api/v1/orders', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: order })).status).toBe(415);
    expect((await a.request('/api/v1/orders', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=x' })).status).toBe(415);
    expect((await a.request('/api/v1/orders', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(20_000) }) })).status).toBe(413);
    const ok = await a.request('/api/v1/orders', { method: 'POST', headers: { ...auth, 'content-type': 'application/json', origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' }, body: order });
    expect(ok.status).toBe(202);
    expect(a.store.pendingOrderCount()).toBe(1);
  });
});

describe('bridge routes (/api/v1/{bridge}/…)', () => {
  it('a state-changing request: refused cross-site (403) or with a body other than JSON (415); a bodiless one reaches the bridge', async () => {
    const a = app();
    expect((await a.request('/api/v1/cameras/probe', { method: 'POST', headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await a.request('/api/v1/cameras/probe', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect(a.bridgeCalls).toEqual([]);
    expect((await a.request('/api/v1/cameras/probe', { method: 'POST' })).status).toBe(200);
    expect((await a.request('/api/v1/cameras/probe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect(a.bridgeCalls).toEqual(['probe', 'probe']);
  });

  it('reads pass the guards (a cross-site GET of a bridge route is a read)', async () => {
    const res = await app().request('/api/v1/cameras/', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(200);
  });
});

describe('faults (issue 15)', () => {
  function faultsApp(display?: Hono) {
    const store = new Store(':memory:', TEST_LIMITS);
    stores.push(store);
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
    const a = createApp({
      store, bus: new Bus(), metrics: new Metrics(), logger, display,
      access: { deviceTokens: [], allowedHosts: ['127.0.0.1'] },
      health: { phase: () => 'running', bridges: () => ({ upstream: { state: 'running', connected: true } }) },
    });
    const loopback = { incoming: { socket: { remoteAddress: '127.0.0.1', remotePort: 50000, remoteFamily: 'IPv4' } } };
    const request = (path: string) => a.request(`http://127.0.0.1:8080${path}`, { headers: { host: '127.0.0.1:8080' } }, loopback);
    return { store, request, lines };
  }
  const full = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

  it('/healthz is ok with no reasons, and "degraded: disk full" while the store is full', async () => {
    const { store, request } = faultsApp();
    expect(await (await request('/healthz')).json()).toMatchObject({ status: 'ok', reasons: [], store: { full: null } });
    store.noteWriteError(full());
    const res = await request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'degraded', reasons: ['disk full'], store: { full: { cause: expect.stringMatching(/size cap|disk/) } } });
  });

  it('failed requests are logged rate-limited whatever their paths (an outsider can make them), and a full store behind one is noted', async () => {
    const display = new Hono();
    display.get('*', () => {
      throw full();
    });
    const { store, request, lines } = faultsApp(display);
    for (let i = 0; i < 200; i++) expect((await request(`/page-${i}`)).status).toBe(500);
    const failed = lines.filter((l) => l.includes('request failed'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThanOrEqual(5);
    expect(store.fullState()).not.toBeNull();
  });
});
