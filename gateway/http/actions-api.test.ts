// POST /api/v1/actions through a real listener, by each principal: the kiosk
// on loopback, a paired tablet (cookie), an API client (token). The action
// log records who asked from the credentials, never from the body.
import { describe, it, expect, afterAll } from 'vitest';
import { serve } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setup } from '../../display/test-helpers.js';
import { API_TOKEN, DEVICE_TOKEN } from '../../display/test-fixtures.js';

const t = setup();
const server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** node:http, so the Host header can be set (fetch drops it). */
function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${base()}/api/v1/actions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('POST /api/v1/actions by principal', () => {
  it('the kiosk on loopback drives its screen; logged as loopback:wall', async () => {
    const r = await post({ action: 'navigate', page: 'urban', source: 'touch' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ screen: 'wall', outcome: 'done', state: { page: 'urban', path: '/urban' } });
  });

  it('a paired tablet (its cookie) drives its own screen; logged as device:tablet-1', async () => {
    const r = await post({ screen: 'tablet-1', action: 'navigate', page: 'opinion' }, { cookie: `scpm_device=${DEVICE_TOKEN}`, host: 'gateway.office.lan' });
    expect(r.status).toBe(200);
  });

  it('an API client (token) from anywhere; a claimed principal in the body is ignored', async () => {
    const r = await post({ action: 'home', principal: 'mayor' }, { authorization: `Bearer ${API_TOKEN}`, host: 'evil.example' });
    expect(r.status).toBe(400); // unknown key: the body cannot claim a principal
    const ok = await post({ action: 'home', source: 'voice' }, { authorization: `Bearer ${API_TOKEN}`, host: 'evil.example' });
    expect(ok.status).toBe(200);
  });

  it('refuses an unknown screen (404), an unknown action (400, listing the valid ones) and an anonymous caller (401)', async () => {
    expect((await post({ screen: 'nope', action: 'home' })).status).toBe(404);
    const bad = await post({ action: 'fly' });
    expect(bad.status).toBe(400);
    expect(bad.body.valid).toContain('open-nearest-camera');
    expect((await post({ action: 'home' }, { host: 'evil.example' })).status).toBe(401);
  });

  it('the action log says who asked', async () => {
    const res = await fetch(`${base()}/api/v1/actions/log?limit=20`);
    const log = (await res.json() as { items: { action: string; principal: string; source: string; outcome: string }[] }).items;
    const who = log.map((r) => `${r.action}/${r.source}/${r.principal}/${r.outcome}`).reverse();
    expect(who).toEqual([
      'navigate/touch/loopback:wall/done',
      'navigate/touch/device:tablet-1/done',
      'home/api/api/400',
      'home/voice/api/done',
      'home/touch/loopback:nope/404',
      'fly/touch/loopback:wall/400',
    ]);
  });

  it('GET /api/v1/screens/{unknown} is 404, a known one answers its state', async () => {
    expect((await fetch(`${base()}/api/v1/screens/nope`)).status).toBe(404);
    const wall = await (await fetch(`${base()}/api/v1/screens/wall`)).json() as { state: { page: string } };
    expect(wall.state.page).toBe('overview');
  });
});
