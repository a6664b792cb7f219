// A small HTTP server for the camera tests and bench, standing in for the gateway's until
// the lead mounts the bridge there: the cameras API at /api/v1/cameras, the
// WebSocket at /api/v1/cameras/stream/:id (same node-server upgrade path as the
// gateway), the player asset and a bare page of camera elements, under the
// display's CSP widened by media-src 'self' blob:. Logs are captured (pino) so
// tests can grep them for secrets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { createLogger } from '../../gateway/logger.js';
import { CameraManager } from '../../gateway/bridges/cameras/manager.js';
import { cameraApiApp } from '../../gateway/bridges/cameras/routes.js';
import { cameraSocketApp } from '../../gateway/bridges/cameras/socket.js';
import { cameraElementHtml } from '../../display/kit/camera-element.js';
import type { CamerasConfig } from '../../gateway/bridges/cameras/config.js';
import type { CameraTuning, RegisterMetric } from '../../gateway/bridges/cameras/ports.js';
import { CSP } from '../../display/security.js';
import { cameraPlayerScript } from '../../display/assets.js';
import { createProcessSupervisor, type ProcessSupervisor } from '../../gateway/process/index.js';
import { childPids } from './process.js';
import { REPO_ROOT } from './repo.js';

export const CAMERA_CSP = `${CSP}; media-src 'self' blob:`;

export interface CameraHarness {
  baseUrl: string;
  wsUrl(id: string): string;
  manager: CameraManager;
  processes: ProcessSupervisor;
  /** Process-group leaders of the live ffmpeg runs (the supervisor's parent-death wrapper). */
  pids(): number[];
  /** The ffmpeg processes themselves (children of those leaders). */
  ffmpegPids(): Promise<number[]>;
  server: ServerType;
  /** pino lines written so far. */
  logs(): string[];
  /** Prometheus-style text of the registered metrics. */
  metricsText(): string;
  /** Open TCP connections to the server. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

export async function startCameraHarness(config: CamerasConfig, tuning: Partial<CameraTuning> = {}, o: { ffmpegPath?: string } = {}): Promise<CameraHarness> {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (s: string) => void lines.push(s) }).child({ bridge: 'cameras' });
  const processes = createProcessSupervisor({ log });
  const pids = () => processes.list().map((c) => c.pid).filter((p): p is number => p !== null);
  const metrics: Parameters<RegisterMetric>[0][] = [];
  const manager = new CameraManager({ config, processes, log, tuning, ffmpegPath: o.ffmpegPath, registerMetric: (m) => void metrics.push(m) });
  manager.start();

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', CAMERA_CSP);
  });
  app.route('/api/v1/cameras', cameraApiApp(manager));
  app.route('/api/v1/cameras/stream', cameraSocketApp(manager, { who: () => 'test-viewer' }));
  const asset = (file: string, type: string) => {
    const body = readFileSync(join(REPO_ROOT, 'display', 'assets', file), 'utf8');
    return () => new Response(body, { headers: { 'content-type': type } });
  };
  const player = cameraPlayerScript();
  app.get('/assets/camera-player.js', () => new Response(new Uint8Array(player), { headers: { 'content-type': 'text/javascript; charset=utf-8' } }));
  app.get('/assets/camera.css', asset('camera.css', 'text/css; charset=utf-8'));
  // /page?ids=a,b[&variant=sub]: one camera element per id, as the lead's pages will render them.
  app.get('/page', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
    const variant = c.req.query('variant') === 'sub' ? 'sub' : 'main';
    const known = ids.filter((id) => manager.has(id));
    const body = known.map((id) => cameraElementHtml({ id, label: manager.get(id)!.name.en, variant })).join('\n');
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cameras</title><link rel="stylesheet" href="/assets/camera.css"></head>`
      + `<body data-lang="en"><main class="cameras">${body}</main><script src="/assets/camera-player.js" defer></script></body></html>`);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, websocket: { server: wss } }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    wsUrl: (id) => `ws://127.0.0.1:${port}/api/v1/cameras/stream/${id}`,
    manager,
    processes,
    pids,
    ffmpegPids: async () => (await Promise.all(pids().map((p) => childPids(p)))).flat(),
    server,
    logs: () => lines,
    metricsText: () => metrics.map((m) => {
      const v = m.read();
      return typeof v === 'number' ? `${m.name} ${v}` : Object.entries(v).map(([k, n]) => `${m.name}{camera="${k}"} ${n}`).join('\n');
    }).join('\n'),
    connections: () => new Promise((resolve) => server.getConnections((_e, n) => resolve(n ?? 0))),
    close: async () => {
      await manager.stop();
      await processes.stopAll(3000);
      for (const c of wss.clients) c.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
    },
  };
}

/** One camera device for tests (secrets already resolved, as the host's loader hands them over). */
export function testDevice(id: string, url: string, extra: Partial<CamerasConfig['devices'][number]> = {}): CamerasConfig['devices'][number] {
  return {
    id, name: { en: `Camera ${id}`, ko: `카메라 ${id}` }, district: '11230', location: { lat: 37.4979, lon: 127.0276 },
    url, substream: null, transport: 'tcp', delivery: 'auto', ...extra,
  };
}
