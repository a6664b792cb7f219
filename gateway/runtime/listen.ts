// HTTP listeners: bounded (connections, header and request deadlines, idle
// keep-alive), resolve once listening, and close with every connection (SSE
// streams would otherwise hold the shutdown).
import type { Server } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { EXIT } from './exit-codes.js';
import { errnoCode, errnoText } from '../util/errno.js';

type Fetch = Parameters<typeof serve>[0]['fetch'];

export interface ListenLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * How often Node looks for requests past their header or request deadline
 * (its default, 30 s, would let a slow client hold a connection ~30 s past
 * a 10 s deadline).
 */
export const DEADLINE_CHECK_MS = 1000;

/** Largest message a WebSocket client may send (our sockets, the camera streams, take nothing from the page). */
const WS_MAX_PAYLOAD = 4096;

/** `websocket`: accept upgrades (routes use node-server's upgradeWebSocket); only the office listener does. */
export function listen(fetch: Fetch, hostname: string, port: number, limits: ListenLimits, o: { websocket?: boolean } = {}): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch, hostname, port,
      ...(o.websocket ? { websocket: { server: new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD }) } } : {}),
      serverOptions: {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(DEADLINE_CHECK_MS, limits.headersTimeoutMs),
      },
    }, () => resolve(server));
    // Past it Node closes a new connection at once (before any byte is read).
    server.maxConnections = limits.maxConnections;
    (server as { keepAliveTimeout?: number }).keepAliveTimeout = limits.keepAliveTimeoutMs;
    server.once('error', reject);
  });
}

export function closeServers(servers: readonly (ServerType | Server)[]): void {
  for (const s of servers) {
    s.close();
    (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  }
}


/** One HTTP listener: what serves it, where, and the config keys a technician changes when its port is taken or its address is not this machine's. */
export interface Listener { fetch: Fetch; host: string; port: number; key: string; hostKey: string; websocket: boolean }

/** The address itself is wrong (no such name, or not one of this machine's), not the port. */
const HOST_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** Listens on each, in order; one that cannot listen ends the gateway (EXIT.listen) after `cleanup`, with the key to change. */
export async function listenOrExit(listeners: readonly Listener[], limits: ListenLimits, log: Logger, cleanup: () => void): Promise<ServerType[]> {
  const servers: ServerType[] = [];
  for (const l of listeners) {
    try {
      servers.push(await listen(l.fetch, l.host, l.port, limits, { websocket: l.websocket }));
    } catch (err) {
      const code = errnoCode(err);
      const detail = errnoText(err);
      log.fatal({ code, host: l.host, port: l.port }, code === 'EADDRINUSE'
        ? `cannot listen on ${l.host}:${l.port}: the port is in use (another gateway running?); set ${l.key}`
        : HOST_CODES.has(code)
          ? `cannot listen on ${l.host}:${l.port}: the address is not one of this machine's (${detail}); set ${l.hostKey}`
          : `cannot listen on ${l.host}:${l.port} (${detail}); set ${l.key}`);
      closeServers(servers);
      cleanup();
      process.exit(EXIT.listen);
    }
  }
  return servers;
}
