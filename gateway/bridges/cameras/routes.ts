// The cameras API, mounted by the host at /api/v1/cameras (never on /public):
//   GET  /          → { cameras: CameraView[] }
//   GET  /:id       → CameraView (404 when unknown)
//   POST /:id/probe → ProbeOutcome (the setup page's "test" button; starts a
//                     short ingest, counted against maxStreams)
// Everything here is built from config fields and the stream's own output;
// no URL or credential reaches a response.
import { Hono } from 'hono';
import { PRINCIPAL_HEADER } from '../types.js';
import { CAMERA_ID } from './config.js';
import type { CameraManager } from './manager.js';
import { cameraSocketApp } from './socket.js';

export function cameraApiApp(manager: CameraManager): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ cameras: manager.list() }));
  app.get('/:id', (c) => {
    const id = c.req.param('id');
    const view = CAMERA_ID.test(id) ? manager.get(id) : null;
    return view ? c.json(view) : c.json({ error: 'no such camera' }, 404);
  });
  app.post('/:id/probe', async (c) => {
    const id = c.req.param('id');
    if (!CAMERA_ID.test(id) || !manager.has(id)) return c.json({ error: 'no such camera' }, 404);
    const variant = c.req.query('variant') === 'sub' ? 'sub' : 'main';
    const outcome = await manager.probeOnce(id, variant);
    return c.json(outcome, outcome.ok ? 200 : 502);
  });
  return app;
}

/** The API, the stream socket and the setup page's test button, for one manager. */
export function managerRoutes(m: CameraManager): Hono {
  const app = new Hono();
  // The stream socket: the mount's access rules apply; the socket refuses cross-site itself.
  // Who watches: the kind of the principal the host's mount set from the credentials.
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
