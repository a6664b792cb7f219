// The camera WebSocket on the gateway's own HTTP server: a Hono sub-app whose
// `GET /:id` upgrades (with @hono/node-server's upgradeWebSocket) and attaches
// the socket to the camera's stream. The host mounts it behind the display's
// access rules; `crossSiteRefusal` is the cross-site check (a WebSocket is not
// covered by the same-origin policy, so a hostile page could otherwise open
// one from the kiosk's browser).
import { Hono, type Context } from 'hono';
import { upgradeWebSocket } from '@hono/node-server';
import type { WSContext } from 'hono/ws';
import { CAMERA_ID } from './config.js';
import { CLOSE } from './hub.js';
import type { CameraManager } from './manager.js';
import type { CameraClient, StreamVariant } from './ports.js';

export interface CrossSiteInput {
  origin?: string | null;
  secFetchSite?: string | null;
  host?: string | null;
}

/**
 * Why a request must be refused as cross-site, or null when it may go on.
 * Browsers send Sec-Fetch-Site (Chromium also on WebSocket handshakes) and
 * Origin; both must say "this very origin" (same-site is not enough: the
 * public mirror's port is same-site). A request with neither is not from a
 * browser page, and the access rules decide alone.
 */
export function crossSiteRefusal(h: CrossSiteInput, allowedOrigins: readonly string[] = []): string | null {
  const site = h.secFetchSite?.toLowerCase();
  if (site && site !== 'same-origin') return `Sec-Fetch-Site is ${site}`;
  const origin = h.origin;
  if (origin === undefined || origin === null || origin === '') return null;
  if (origin === 'null') return 'opaque origin';
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return 'unreadable Origin';
  }
  if (allowedOrigins.includes(o.origin)) return null;
  const host = h.host?.toLowerCase();
  if (!host || o.host.toLowerCase() !== host) return 'Origin is not this host';
  return null;
}

export interface CameraSocketOptions {
  /** The principal's name for the view log (the host's access middleware knows it): "loopback", "device:ID", "api". */
  who?: (c: Context) => string;
  /** Extra origins allowed to open camera sockets (scheme://host:port), e.g. a reverse proxy's. */
  allowedOrigins?: readonly string[];
}

/**
 * `GET /:id[?variant=sub]` → WebSocket. Refuses (before upgrading) a
 * cross-site request (403), an unknown camera (404), a non-WebSocket request
 * (426). The host must create its server with
 * `serve({ fetch, websocket: { server: new WebSocketServer({ noServer: true, maxPayload: 4096 }) } })`.
 */
export function cameraSocketApp(manager: CameraManager, o: CameraSocketOptions = {}): Hono {
  const app = new Hono();
  app.get('/:id', async (c, next) => {
    const refusal = crossSiteRefusal({ origin: c.req.header('origin'), secFetchSite: c.req.header('sec-fetch-site'), host: c.req.header('host') }, o.allowedOrigins);
    if (refusal) return c.json({ error: 'cross-site request refused' }, 403);
    const id = c.req.param('id');
    if (!CAMERA_ID.test(id) || !manager.has(id)) return c.json({ error: 'no such camera' }, 404);
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.json({ error: 'a WebSocket upgrade is required' }, 426);
    return next();
  }, upgradeWebSocket((c) => {
    const id = c.req.param('id')!;
    const variant: StreamVariant = c.req.query('variant') === 'sub' ? 'sub' : 'main';
    const who = safeWho(o.who, c);
    let client: CameraClient | null = null;
    return {
      onOpen(_evt, ws) {
        client = socketClient(ws, who);
        const result = manager.attach(id, client, variant);
        // 'busy' has already told the client and closed it.
        if (result === 'unknown') ws.close(CLOSE.unknownCamera, 'no such camera');
        else if (result === 'stopped') ws.close(CLOSE.stopping, 'cameras are stopping');
        if (result !== 'ok') client = null;
      },
      onMessage() {
        // The player sends nothing; anything sent is ignored (maxPayload bounds it).
      },
      onClose() {
        if (client) manager.detach(id, client, variant);
        client = null;
      },
      onError() {
        if (client) manager.detach(id, client, variant);
        client = null;
      },
    };
  }));
  return app;
}

function safeWho(who: CameraSocketOptions['who'], c: Context): string {
  try {
    const w = who ? who(c) : 'unknown';
    return /^[A-Za-z0-9:_.-]{1,80}$/.test(w) ? w : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A CameraClient over Hono's WSContext; bufferedAmount comes from the ws socket underneath. */
export function socketClient(ws: WSContext, who: string): CameraClient {
  const raw = ws.raw as { bufferedAmount?: number } | undefined;
  return {
    who,
    sendText: (json) => ws.send(json),
    sendBinary: (bytes) => ws.send(bytes as Uint8Array<ArrayBuffer>),
    bufferedAmount: () => raw?.bufferedAmount ?? 0,
    close: (code, reason) => ws.close(code, reason),
  };
}

export { CLOSE };
