// The cameras bridge as the host runs it: the CameraManager over the process
// port, its cameras in the catalog (names and places: the display's pages and
// the actions' open-camera/nearest-camera read them), its API and stream
// socket under /api/v1/cameras/…, its metrics and setup panel. In demo mode
// with no camera configured, a local GStreamer RTSP server plays three test
// cameras placed near the demo's incidents (or the tiles say what to install).
import { Hono } from 'hono';
import type { Bridge, BridgeHealth, BridgePorts } from '../types.js';
import type { ChildHandle } from '../../process/types.js';
import type { CamerasConfig, CameraDevice } from './config.js';
import { CameraManager } from './manager.js';
import { managerRoutes } from './routes.js';
import { camerasPanel } from './cameras-panel.js';
import { startDemoCameras } from './demo-cameras.js';

export function createCamerasHostBridge(ports: BridgePorts<CamerasConfig>): Bridge {
  const demo = ports.office.demo && ports.config.devices.length === 0;
  let manager: CameraManager | null = null;
  let server: ChildHandle | null = null;
  let demoProblem: string | null = null;
  /** The routes of the current manager (a restart makes a new one). */
  let inner: { manager: CameraManager; app: Hono } | null = null;

  const makeManager = (devices: CameraDevice[]) => new CameraManager({
    config: { ...ports.config, devices },
    notFromFile: demo,
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
    const d = await startDemoCameras(ports.processes);
    server = d.server;
    demoProblem = d.problem;
    return d.devices;
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
      return manager ? camerasPanel(manager, demoProblem) : '<p>stopped</p>';
    },
  };
}
