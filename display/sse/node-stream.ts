// A live-update stream written straight to Node's response: a message is one
// `res.write` in the turn that sends it. hono's streamSSE goes through a web
// TransformStream and the adapter's reader loop, which cost ~0.4 ms a message
// on this machine between the hub's write and the socket (docs/decisions/
// 2026-11-29-live-path.md). `eventStream` uses it where the app runs on
// Node's http server; elsewhere (hono's app.request in tests) streamSSE.
import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { securityHeaders } from '../security.js';

export interface EventOut {
  /** Resolves once written or queued in the socket (after 'drain' when it was full); rejects once closed. */
  write(chunk: Uint8Array | string): Promise<void>;
  /** Settles when the client has gone (or the stream was ended). */
  readonly closed: Promise<void>;
  end(): void;
}

/** What every event stream's answer says about itself (a HEAD request gets these too). */
const STREAM_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

export function nodeEventOut(res: ServerResponse, headers: Record<string, string>): EventOut {
  // Set one by one (not as writeHead's argument) so they read back with getHeader, as the first-page gate does.
  for (const [name, value] of Object.entries({ ...headers, ...STREAM_HEADERS, connection: 'keep-alive' })) res.setHeader(name, value);
  res.writeHead(200);
  res.flushHeaders();
  let isClosed = false;
  let drained: Promise<void> | null = null;
  const closed = new Promise<void>((resolve) => res.once('close', () => { isClosed = true; resolve(); }));
  const gone = () => new Error('the live client has gone');
  return {
    closed,
    write(chunk) {
      if (isClosed || res.writableEnded) return Promise.reject(gone());
      if (res.write(chunk)) return Promise.resolve();
      // One waiter for the drain, shared by every write queued behind it; a close settles it too.
      drained ??= new Promise<void>((resolve, reject) => {
        const onDrain = () => { res.off('close', onClose); drained = null; resolve(); };
        const onClose = () => { res.off('drain', onDrain); drained = null; reject(gone()); };
        res.once('drain', onDrain);
        res.once('close', onClose);
      });
      return drained;
    },
    end() {
      if (!res.writableEnded) res.end();
    },
  };
}

/** A client that has gone before anything was sent. */
const goneOut = (): EventOut => ({
  write: () => Promise.reject(new Error('the live client has gone')),
  closed: Promise.resolve(),
  end: () => undefined,
});

/**
 * The response of an event stream that `serve` writes until the client goes: straight to Node's response (with the
 * display's security headers) when the app runs on Node's http server, else through hono's streamSSE.
 */
export function eventStream(c: Context, serve: (out: EventOut) => Promise<void>): Response | Promise<Response> {
  if (c.req.method === 'HEAD') {
    // The stream's headers and no stream. hono answers HEAD with a copy of this Response, so Node's response must not
    // have been written to; `serve` meets a client that has already gone, and its own cleanup (a slot, a viewer) runs.
    void serve(goneOut());
    return new Response(null, { headers: { ...securityHeaders(), ...STREAM_HEADERS } });
  }
  const res = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (res) {
    void serve(nodeEventOut(res, securityHeaders()));
    return RESPONSE_ALREADY_SENT;
  }
  return streamSSE(c, (stream) => serve({
    write: (chunk) => stream.write(chunk).then(() => undefined),
    closed: new Promise<void>((resolve) => stream.onAbort(() => resolve())),
    end: () => undefined,
  }));
}
