// The cameras bridge as the host runs it: the CameraManager over the process
// port, its cameras in the catalog (names and places: the display's pages and
// the actions' open-camera/nearest-camera read them), its API and stream
// socket under /api/v1/cameras/…, its metrics and setup panel. In demo mode
// with no camera configured, a local GStreamer RTSP server plays three test
// cameras placed near the demo's incidents (or the tiles say what to install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { PRINCIPAL_HEADER, type Bridge, type BridgeHealth, type BridgePorts } from '../types.js';
import type { ChildHandle } from '../../process/types.js';
import type { CamerasConfig, CameraDevice } from './config.js';
import { CameraManager } from './manager.js';
import { cameraApiApp } from './routes.js';
import { cameraSocketApp } from './socket.js';

/** Debian's python has the GObject bindings (shared/docs/test-rig.md). */
const SYSTEM_PYTHON = '/usr/bin/python3';
export const DEMO_CAMERAS_INSTALL = 'apt-get install --no-install-recommends python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly';

/** The demo's test cameras, near where the simulator puts incidents (scripts/simulator/places.ts). */
const DEMO: { id: string; mount: string; name: { en: string; ko: string }; district: string; lat: number; lon: number; pattern: string }[] = [
  { id: 'demo-gangnam', mount: 'gangnam', name: { en: 'Teheran-ro, Gangnam (test picture)', ko: '강남 테헤란로 (시험 화면)' }, district: '11230', lat: 37.5098, lon: 127.047, pattern: 'ball' },
  { id: 'demo-jung', mount: 'jung', name: { en: 'Eulji-ro, Jung-gu (test picture)', ko: '중구 을지로 (시험 화면)' }, district: '11020', lat: 37.5575, lon: 127.0086, pattern: 'smpte' },
  { id: 'demo-jongno', mount: 'jongno', name: { en: 'Jong-ro, Jongno (test picture)', ko: '종로 (시험 화면)' }, district: '11010', lat: 37.6066, lon: 126.971, pattern: 'snow' },
];

function demoServerScript(): string | null {
  // From the bundle (dist/gateway/), tsc's output (dist/gateway/bridges/cameras/) or the sources.
  const candidates = ['../../scripts/rig/rtsp-server.py', '../../../scripts/rig/rtsp-server.py', '../../../../scripts/rig/rtsp-server.py'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The API, the stream socket and the setup page's test button, for one manager. */
function managerRoutes(m: CameraManager): Hono {
  const app = new Hono();
  // The stream socket: the mount's access rules apply; the socket refuses cross-site itself.
  app.route('/stream', cameraSocketApp(m, { who: (c) => (c.req.header(PRINCIPAL_HEADER) ?? 'anonymous').split(':', 1)[0]! }));
  app.post('/setup/probe/:id', async (c) => {
    const id = c.req.param('id');
    if (!m.has(id)) return c.json({ error: 'no such camera' }, 404);
    const outcome = await m.probeOnce(id);
    return c.json(outcome, outcome.ok ? 200 : 502);
  });
  app.route('/', cameraApiApp(m));
  return app;
}

export function createCamerasHostBridge(ports: BridgePorts<CamerasConfig>): Bridge {
  const demo = ports.office.demo && ports.config.devices.length === 0;
  let manager: CameraManager | null = null;
  let server: ChildHandle | null = null;
  let demoProblem: string | null = null;
  /** The routes of the current manager (a restart makes a new one). */
  let inner: { manager: CameraManager; app: Hono } | null = null;

  const makeManager = (devices: CameraDevice[]) => new CameraManager({
    config: { ...ports.config, devices },
    processes: ports.processes,
    log: ports.log,
    registerMetric: (m) => {
      const read = () => {
        const v = m.read();
        return typeof v === 'number' ? { all: v } : v;
      };
      ports.metrics.labelled(m.name, m.help, m.type, 'camera', read);
    },
  });

  /** The demo's RTSP server, through the process port (it dies with the gateway). */
  const startDemoServer = async (): Promise<CameraDevice[]> => {
    const script = demoServerScript();
    if (!script || !existsSync(SYSTEM_PYTHON)) {
      demoProblem = `the demo's test cameras need GStreamer's RTSP server: ${DEMO_CAMERAS_INSTALL}`;
      return [];
    }
    const port = await freePort();
    server = ports.processes.spawn({
      name: 'demo-rtsp-server',
      command: SYSTEM_PYTHON,
      args: [script, '--port', String(port), ...DEMO.flatMap((d) => ['--mount', `path=${d.mount},codec=h264,width=1280,height=720,fps=25,gop=25,pattern=${d.pattern}`])],
      ready: { line: /^READY/, timeoutMs: 10_000 },
      installHint: DEMO_CAMERAS_INSTALL,
      stdout: 'lines',
    });
    return DEMO.map((d) => ({
      id: d.id, name: d.name, district: d.district, location: { lat: d.lat, lon: d.lon },
      url: `rtsp://127.0.0.1:${port}/${d.mount}`, substream: null, transport: 'tcp', delivery: 'auto',
    }));
  };

  const catalogEntries = (devices: readonly CameraDevice[]) => devices.map((d) => ({ id: d.id, name: d.name, district: d.district, location: d.location }));

  return {
    async start() {
      if (manager) return;
      demoProblem = null;
      const devices = demo ? await startDemoServer() : ports.config.devices;
      manager = makeManager(devices);
      manager.start();
      ports.catalog.register('camera', catalogEntries(devices));
    },
    async stop() {
      const m = manager;
      manager = null;
      inner = null;
      await m?.stop();
      const s = server;
      server = null;
      await s?.stop();
    },
    health(): BridgeHealth {
      if (!manager) return { state: 'stopped' };
      const h = manager.health();
      const serverHealth = server?.health();
      const problem = demoProblem ?? (serverHealth && serverHealth.state !== 'running' ? `demo camera server: ${serverHealth.lastError ?? serverHealth.state}` : null);
      return { ...h, state: problem ? 'degraded' : h.state, detail: problem ?? h.detail, demo };
    },
    routes() {
      // One app for the host to mount; each request goes to the current manager's routes.
      const outer = new Hono();
      outer.all('*', (c) => {
        const m = manager;
        if (!m) return c.json({ error: 'cameras are not running' }, 503, { 'retry-after': '2' });
        if (inner?.manager !== m) inner = { manager: m, app: managerRoutes(m) };
        return inner.app.fetch(c.req.raw, c.env);
      });
      return outer;
    },
    setupPanel() {
      const m = manager;
      if (!m) return '<p>stopped</p>';
      const rows = m.list().map((v) => html`<tr data-camera-row="${v.id}"><th scope="row">${v.id}</th><td>${v.state}</td><td>${v.codec ?? '—'}</td><td>${v.width && v.height ? `${v.width}×${v.height}` : '—'}</td>
<td class="num">${v.fps ?? '—'}</td><td class="num">${v.viewers}</td><td class="num">${v.restarts}</td><td>${v.lastError ?? ''}</td>
<td><button type="button" class="btn" data-bridge-action="/api/v1/cameras/setup/probe/${v.id}">test</button></td></tr>`);
      const log = m.viewLog().slice(-10).reverse().map((e) => html`<li>${new Date(e.at).toISOString().slice(11, 19)} ${e.who} ${e.event} ${e.camera}</li>`);
      return String(html`${demoProblem ? html`<p class="warn">${demoProblem}</p>` : ''}
<table class="compact"><thead><tr><th>camera</th><th>state</th><th>codec</th><th>size</th><th>fps</th><th>viewers</th><th>restarts</th><th>last error</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h4>views</h4><ol class="views">${log}</ol>`);
    },
  };
}
