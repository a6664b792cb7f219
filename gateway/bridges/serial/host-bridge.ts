// The serial bridge as the host runs it: its ports adapted to SerialBridge's
// (actions with source "gesture", a cue on the wall as a caption, the demo
// device in demo mode), the gestures of open devices in the catalog for the
// help overlay, its metrics, its setup panel and the demo device's button.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Bridge, BridgeHealth, BridgePorts } from '../types.js';
import { SerialBridge } from './bridge.js';
import type { SerialConfig } from './config.js';
import { renderSerialPanel } from './panel-html.js';
import { GESTURE_SLUGS } from './gestures.js';

/** The help overlay's gesture list is refreshed this often (devices come and go). */
const CATALOG_EVERY_MS = 2000;

export function createSerialHostBridge(ports: BridgePorts<SerialConfig>): Bridge {
  const lang = ports.office.language;
  const demoDir = join(tmpdir(), `scpm-serial-demo-${process.pid}`);
  const bridge = new SerialBridge({
    config: ports.config,
    log: ports.log,
    actions: { dispatch: (action, source, principal) => ports.actions.dispatch(action, source, principal) },
    processes: ports.processes,
    demo: ports.office.demo ? { dir: demoDir } : null,
    // A device that opens or goes away changes what the help overlay can list: at once, not at the next refresh.
    onDeviceState: () => publishGestures(),
    onRecognised: (r) => {
      // What the wall heard, in the office language, so the official knows it did.
      if (r.cue) void ports.actions.dispatch({ screen: r.screen, action: 'caption', text: r.cue[lang] }, 'gesture', `serial:${r.device}`).catch(() => undefined);
    },
  });
  let timer: NodeJS.Timeout | null = null;
  let lastCatalog = '';
  const publishGestures = () => {
    const screens = [...new Set(ports.config.devices.map((d) => d.screen).concat(ports.office.demo ? ['wall'] : []))];
    const entries = screens.flatMap((screen) => bridge.helpGestures(screen).map((h) => ({ key: h.gesture, device: 'serial', screen, action: h.action.action, cue: h.cue })));
    const text = JSON.stringify(entries);
    if (text !== lastCatalog) {
      lastCatalog = text;
      ports.catalog.register('gesture', entries);
    }
  };
  ports.metrics.gauge('scpm_serial_devices_open', 'Serial devices open now.', () => bridge.health().devices.filter((d) => d.open).length);
  ports.metrics.gauge('scpm_serial_frames_rejected', 'Serial frames rejected since start (all devices; by device and reason on the setup page).', () =>
    bridge.metrics().filter((m) => m.name === 'scpm_serial_frames_rejected_total').reduce((n, m) => n + m.value, 0));

  return {
    async start() {
      // socat makes its pty links here (private: the ends are the device).
      if (ports.office.demo) mkdirSync(demoDir, { recursive: true, mode: 0o700 });
      await bridge.start();
      publishGestures();
      timer ??= setInterval(publishGestures, CATALOG_EVERY_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      lastCatalog = '';
      await bridge.stop();
      // socat has removed its links: the directory goes too (a gateway's pid names it; nothing may pile up in /tmp).
      if (ports.office.demo) rmSync(demoDir, { recursive: true, force: true });
    },
    health(): BridgeHealth {
      const h = bridge.health();
      return { ...h, state: h.state };
    },
    setupPanel: () => renderSerialPanel(bridge.setupPanel()),
    routes() {
      const app = new Hono();
      // The setup page's button: the simulated device sends a chosen gesture through the real driver.
      app.post('/setup/send-gesture/:slug', async (c) => {
        const slug = c.req.param('slug');
        if (!(GESTURE_SLUGS as readonly string[]).includes(slug)) return c.json({ error: `unknown gesture; one of ${GESTURE_SLUGS.join(', ')}` }, 400);
        const demo = bridge.demo();
        if (!demo) return c.json({ error: 'no simulated device (demo mode only)' }, 409);
        const r = await demo.sendGesture(slug);
        return c.json(r, r.ok ? 200 : 409);
      });
      return app;
    },
  };
}
