// HTTP listeners: resolve once listening, and close with every connection
// (SSE streams would otherwise hold the shutdown).
import type { Server } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

export function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

export function closeServers(servers: readonly (ServerType | Server)[]): void {
  for (const s of servers) {
    s.close();
    (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  }
}
