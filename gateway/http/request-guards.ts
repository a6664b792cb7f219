// Guards every request passes before any route: a URL that cannot be decoded
// (malformed percent-encoding, an encoded NUL) is a 400, never a route's
// URIError and a 500; no request body beyond the gateway-wide bound.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** The largest request body any route accepts unless configured (http.maxBodyBytes). */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

function decodes(part: string): boolean {
  try {
    return !decodeURIComponent(part).includes('\u0000');
  } catch {
    return false;
  }
}

/** True when the path or a query component of `url` (absolute, or path + query) is not valid percent-encoding. */
export function malformedUrl(url: string): boolean {
  const start = url.startsWith('/') ? 0 : url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return false;
  const rest = url.slice(start);
  const hash = rest.indexOf('#');
  const withoutHash = hash < 0 ? rest : rest.slice(0, hash);
  const q = withoutHash.indexOf('?');
  const path = q < 0 ? withoutHash : withoutHash.slice(0, q);
  if (!decodes(path)) return true;
  if (q < 0) return false;
  for (const pair of withoutHash.slice(q + 1).split('&')) {
    for (const piece of pair.split('=')) if (!decodes(piece.replace(/\+/g, ' '))) return true;
  }
  return false;
}

/** 400 JSON for a URL that does not decode; put first on an app. */
export function rejectMalformedUrl(): MiddlewareHandler {
  return async (c, next) => {
    if (malformedUrl(c.req.url)) return c.json({ error: 'bad request', problems: ['url: malformed percent-encoding'] }, 400);
    await next();
  };
}

/**
 * 413 JSON for a body over `maxBytes`: at once when Content-Length says so
 * (the body is not read; the server discards it and closes), else as soon as
 * the count passes it (a chunked body is read up to the bound, no further).
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({ maxSize: maxBytes, onError: (c) => c.json({ error: `body too large (max ${maxBytes} bytes)` }, 413) });
}

/**
 * After an answer that left the request's body unread (a refusal: 401, 403,
 * 415, 429, a route that needs none), reads and discards it when its
 * Content-Length is within the route's bound (`maxBytesFor(path)`), so the connection stays usable for the
 * client's next request. The body stream pauses the socket once its buffer
 * is full; unread, the server's cleanup gives up after 500 ms and closes the
 * connection, and a client that reuses it meanwhile gets a network error
 * instead of an answer. Over the bound, or without a length, the server's
 * own cleanup still closes it: nothing big is read for nothing.
 */
export function drainUnreadBody(maxBytesFor: (path: string) => number): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const length = c.req.header('content-length');
    if (length === undefined || !/^\d+$/.test(length.trim()) || Number(length) === 0 || Number(length) > maxBytesFor(c.req.path)) return;
    const raw = c.req.raw;
    if (raw.bodyUsed || raw.body === null || raw.body.locked) return;
    void discard(raw.body);
  };
}

async function discard(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) if ((await reader.read()).done) return;
  } catch {
    // the client went: nothing left to keep
  }
}
