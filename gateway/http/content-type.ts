// Each state-changing route accepts its own body type only: a no-cors POST
// (which a browser lets any page send, as text/plain, form or multipart) is
// refused 415 before its body is read.
import type { MiddlewareHandler } from 'hono';

/** The media type of a Content-Type header, lower-case, without parameters ("" when absent). */
export function mediaType(header: string | undefined | null): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** No body at all: no Content-Type, no Transfer-Encoding, and no or a zero Content-Length. */
export function hasNoBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return !headers.has('content-type') && !headers.has('transfer-encoding') && (length === null || length.trim() === '0');
}

export interface ContentTypeOptions {
  /** Let a request with no body at all through (a POST that only says "do it"). Default false. */
  allowEmpty?: boolean;
}

/** 415 JSON unless the request's Content-Type is one of `types` (media types, lower-case). */
export function requireContentType(types: readonly string[], opts: ContentTypeOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const headers = c.req.raw.headers;
    if (!(opts.allowEmpty && hasNoBody(headers)) && !types.includes(mediaType(headers.get('content-type')))) {
      return c.json({ error: 'unsupported media type', expected: types.join(' or ') }, 415);
    }
    await next();
  };
}

/** 415 JSON unless the body is declared application/json (charset and other parameters allowed). */
export function requireJson(opts: ContentTypeOptions = {}): MiddlewareHandler {
  return requireContentType(['application/json'], opts);
}
