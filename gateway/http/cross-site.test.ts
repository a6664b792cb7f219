import { describe, it, expect } from 'vitest';
import { Hono } from 'hono';
import { crossSiteGuard, crossSiteReason, type CrossSiteReason } from './cross-site.js';

const URL_ = 'http://127.0.0.1:8080/api/v1/actions';
const reason = (h: Record<string, string>, url = URL_) => crossSiteReason(new Headers(h), url);

describe('crossSiteReason', () => {
  it('refuses Sec-Fetch-Site cross-site and same-site, whatever the Origin says', () => {
    expect(reason({ 'sec-fetch-site': 'cross-site' })).toBe('sec-fetch-site');
    expect(reason({ 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:8080' })).toBe('sec-fetch-site');
    expect(reason({ 'sec-fetch-site': ' Cross-Site ' })).toBe('sec-fetch-site');
  });

  it('lets same-origin, user-initiated (none) and requests without fetch metadata through', () => {
    expect(reason({ 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:8080' })).toBeNull();
    expect(reason({ 'sec-fetch-site': 'none' })).toBeNull();
    expect(reason({})).toBeNull();
    expect(reason({ authorization: 'Bearer x' })).toBeNull();
  });

  it('refuses an Origin that is not the request\'s own (scheme, host, port); default ports and case are normalized', () => {
    expect(reason({ origin: 'http://evil.example' })).toBe('origin');
    expect(reason({ origin: 'http://127.0.0.1:8081' })).toBe('origin');
    expect(reason({ origin: 'https://127.0.0.1:8080' })).toBe('origin');
    expect(reason({ origin: 'http://localhost:8080' })).toBe('origin');
    expect(reason({ origin: 'null' })).toBe('origin');
    expect(reason({ origin: 'not a url' })).toBe('origin');
    expect(reason({ origin: '' })).toBe('origin');
    expect(reason({ origin: 'HTTP://127.0.0.1:8080' })).toBeNull();
    expect(reason({ origin: 'http://gw.example' }, 'http://gw.example:80/api/v1/orders')).toBeNull();
    expect(reason({ origin: 'http://[::1]:8080' }, 'http://[::1]:8080/x')).toBeNull();
  });
});

describe('crossSiteGuard', () => {
  const app = new Hono();
  const refused: CrossSiteReason[] = [];
  app.post('/act', crossSiteGuard({ onRefused: (r) => refused.push(r) }), (c) => c.json({ ok: true }));

  it('answers 403 JSON and tells onRefused; the route is not reached', async () => {
    const res = await app.request('http://127.0.0.1:8080/act', { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: 'x' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'cross-site request refused', reason: 'origin' });
    expect(refused).toEqual(['origin']);
  });

  it('passes the kiosk\'s own same-origin POST and a token client without fetch metadata', async () => {
    const own = await app.request('http://127.0.0.1:8080/act', { method: 'POST', headers: { origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' } });
    const curl = await app.request('http://127.0.0.1:8080/act', { method: 'POST', headers: { authorization: 'Bearer t' } });
    expect([own.status, curl.status]).toEqual([200, 200]);
  });
});
