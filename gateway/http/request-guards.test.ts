import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Hono } from 'hono';
import { limitBody, malformedUrl, rejectMalformedUrl } from './request-guards.js';

describe('malformedUrl', () => {
  it('flags malformed percent-encoding in the path or a query component, and an encoded NUL', () => {
    for (const bad of ['/public/district/%E0', '/a%', '/a%zz', '/x?q=%E0%A4', '/x?%ff=1', '/x%00y', 'http://127.0.0.1:8080/public/district/%E0?x=1']) {
      expect(malformedUrl(bad), bad).toBe(true);
    }
    for (const good of ['/', '/public/district/11230', '/a%20b', '/%EC%84%9C%EC%9A%B8', '/x?q=a+b&r=%2F', '/x?flag', '/x#%E0', 'http://h:1/a?b=c']) {
      expect(malformedUrl(good), good).toBe(false);
    }
  });

  it('never throws, and agrees with decodeURIComponent on any path', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom('%', '%E0', '%zz', '%20', '%C3%A9', '/', '?', '&', '=', '+', '#'), fc.string({ maxLength: 4 })), { maxLength: 12 }), (parts) => {
      const path = '/' + parts.join('').replace(/[?#]/g, '');
      let throws = false;
      try {
        throws = decodeURIComponent(path).includes('\u0000');
      } catch {
        throws = true;
      }
      expect(malformedUrl(path)).toBe(throws);
      expect(() => malformedUrl('/' + parts.join(''))).not.toThrow();
    }));
  });
});

describe('rejectMalformedUrl and limitBody on an app', () => {
  const app = new Hono();
  app.use('*', rejectMalformedUrl());
  app.use('*', limitBody(1024));
  // A route that decodes its parameter, as the display's do.
  app.get('/district/:code', (c) => c.text(c.req.param('code')));
  app.post('/echo', async (c) => c.text(String((await c.req.text()).length)));
  app.onError((err, c) => c.text(`500 ${err.message}`, 500));

  it('400 JSON for an undecodable URL, before any route; valid URLs reach it', async () => {
    const bad = await app.request('http://h/district/%E0');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'bad request', problems: ['url: malformed percent-encoding'] });
    expect(await (await app.request('http://h/district/%EC%84%9C')).text()).toBe('서');
  });

  it('413 JSON past the bound, by Content-Length or by counting a chunked body', async () => {
    expect((await app.request('http://h/echo', { method: 'POST', body: 'x'.repeat(1024) })).status).toBe(200);
    const declared = await app.request('http://h/echo', { method: 'POST', body: 'x'.repeat(1025) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'body too large (max 1024 bytes)' });
    const chunks = new ReadableStream<Uint8Array>({
      start(ctrl) {
        for (let i = 0; i < 100; i++) ctrl.enqueue(new Uint8Array(100));
        ctrl.close();
      },
    });
    const chunked = await app.request('http://h/echo', { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
  });
});
