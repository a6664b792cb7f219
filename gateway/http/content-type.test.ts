import { describe, it, expect } from 'vitest';
import { Hono } from 'hono';
import { hasNoBody, mediaType, requireJson } from './content-type.js';

describe('mediaType and hasNoBody', () => {
  it('reads the media type without parameters, lower-case', () => {
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(' text/plain ')).toBe('text/plain');
    expect(mediaType(undefined)).toBe('');
  });

  it('no body: no content type, no transfer encoding, no or zero length', () => {
    expect(hasNoBody(new Headers())).toBe(true);
    expect(hasNoBody(new Headers({ 'content-length': '0' }))).toBe(true);
    expect(hasNoBody(new Headers({ 'content-length': '3' }))).toBe(false);
    expect(hasNoBody(new Headers({ 'transfer-encoding': 'chunked' }))).toBe(false);
    expect(hasNoBody(new Headers({ 'content-type': 'text/plain', 'content-length': '0' }))).toBe(false);
  });
});

describe('requireJson', () => {
  const app = new Hono();
  app.post('/strict', requireJson(), async (c) => c.json(await c.req.json()));
  app.post('/empty-ok', requireJson({ allowEmpty: true }), (c) => c.json({ ok: true }));
  const post = (path: string, headers: Record<string, string>, body?: string) => app.request(`http://h${path}`, { method: 'POST', headers, body });

  it('accepts application/json (with parameters)', async () => {
    expect((await post('/strict', { 'content-type': 'application/json; charset=utf-8' }, '{"a":1}')).status).toBe(200);
  });

  it('refuses what a no-cors page can send (text/plain, form, multipart), other JSON-ish types and a missing type with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', 'text/json']) {
      const res = await post('/strict', { 'content-type': type }, '{"a":1}');
      expect(res.status, type).toBe(415);
      expect(await res.json()).toEqual({ error: 'unsupported media type', expected: 'application/json' });
    }
    expect((await post('/strict', {})).status).toBe(415);
  });

  it('allowEmpty lets a bodiless POST through, never a typed or sized one', async () => {
    expect((await post('/empty-ok', {})).status).toBe(200);
    expect((await post('/empty-ok', { 'content-type': 'text/plain' }, 'x')).status).toBe(415);
    expect((await post('/empty-ok', { 'content-length': '1' })).status).toBe(415);
  });
});
