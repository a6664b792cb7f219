// HTTP listeners: bounded (connections, header and request deadlines, idle
// keep-alive), resolve once listening, and close with every connection (SSE
// streams would otherwise hold the shutdown).
import type { Server } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

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

export function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname: string, port: number, limits: ListenLimits): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch, hostname, port,
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
