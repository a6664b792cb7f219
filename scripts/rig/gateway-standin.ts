// A stand-in for the gateway's side of the kiosk contract (docs/kiosk.md),
// for the kiosk tests: GET /healthz with `screens` heartbeat ages, a wall page
// at / that POSTs a heartbeat every second, the heartbeat and kiosk-event
// routes. It is a contract fake, not a device fake: once the real gateway
// serves the contract, the kiosk tests can run against it instead.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from './ports.js';

/** The wall stand-in's background: tests find it in screenshots. */
export const WALL_RGB = [0x2e, 0x7d, 0x32] as const;

const WALL_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>wall</title>
<style>html,body{margin:0;height:100%;background:rgb(${WALL_RGB.join(',')});color:#fff;font:48px sans-serif;cursor:none}</style></head>
<body><p id="t">WALL</p><script>
const beat = () => fetch('/api/v1/screens/wall/heartbeat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page: location.pathname }) })
  .then((r) => r.json()).then((b) => { if (b && b.continue === false) { clearInterval(timer); document.getElementById('t').textContent = 'WALL (heartbeat stopped)'; } }).catch(() => {});
const timer = setInterval(beat, 1000); beat();
document.getElementById('t').textContent = 'WALL ' + innerWidth + 'x' + innerHeight;
</script></body></html>`;

export interface StandInHealth {
  status: 'ok' | 'degraded' | 'starting' | 'stopping' | 'config-error';
  problems?: string[];
}

export interface GatewayStandIn {
  port: number;
  /** The wall's URL (what the kiosk's settings point at). */
  url: string;
  setHealth(h: StandInHealth): void;
  /** Test hook: the wall page is told to stop its heartbeats (as a hung page would). */
  stopHeartbeats(stop: boolean): void;
  heartbeats(): number[];
  kioskEvents(): unknown[];
  /** Page loads of the wall (GET /). */
  wallLoads(): number;
  listening(): boolean;
  start(): Promise<void>;
  /** Closes the listener and every open connection (the gateway gone). */
  stop(): Promise<void>;
}

export interface StandInOptions {
  port?: number;
  /** Send `Access-Control-Allow-Origin: null` on /healthz, so the file: start page can read it (default true). */
  cors?: boolean;
}

interface StandInState { health: StandInHealth; stopBeats: boolean; beats: number[]; events: unknown[]; loads: number }

function json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra });
  res.end(JSON.stringify(body));
}

/** A request body, at most 4 KiB of it. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      if (text.length < 4096) text += c.toString('utf8');
    });
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
  });
}

/** The contract's routes over the stand-in's state. */
function handler(st: StandInState, cors: boolean) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const last = st.beats[st.beats.length - 1];
      const screens = last === undefined ? {} : { wall: { lastHeartbeatMs: last, ageMs: Date.now() - last } };
      const code = st.health.status === 'starting' || st.health.status === 'stopping' ? 503 : 200;
      json(res, code, { status: st.health.status, screens, ...(st.health.problems ? { problems: st.health.problems } : {}) }, cors ? { 'access-control-allow-origin': 'null' } : {});
      return;
    }
    if (req.method === 'POST' && path === '/api/v1/screens/wall/heartbeat') {
      await readBody(req);
      if (!st.stopBeats) st.beats.push(Date.now());
      if (st.beats.length > 10_000) st.beats.splice(0, st.beats.length - 10_000);
      json(res, 200, { continue: !st.stopBeats });
      return;
    }
    if (req.method === 'POST' && path === '/api/v1/screens/wall/kiosk') {
      try {
        st.events.push(JSON.parse(await readBody(req)));
      } catch {
        st.events.push(null);
      }
      json(res, 204, null);
      return;
    }
    if (req.method === 'GET' && path === '/') {
      st.loads++;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(WALL_PAGE);
      return;
    }
    json(res, 404, { error: 'not found' });
  };
}

export async function startGatewayStandIn(o: StandInOptions = {}): Promise<GatewayStandIn> {
  const port = o.port ?? (await freePort());
  const st: StandInState = { health: { status: 'ok' }, stopBeats: false, beats: [], events: [], loads: 0 };
  const handle = handler(st, o.cors !== false);
  let server: Server | null = null;
  const start = () => new Promise<void>((resolve, reject) => {
    const s = createServer((req, res) => void handle(req, res));
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      server = s;
      resolve();
    });
  });
  await start();
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    setHealth: (h) => (st.health = h),
    stopHeartbeats: (stop) => (st.stopBeats = stop),
    heartbeats: () => [...st.beats],
    kioskEvents: () => [...st.events],
    wallLoads: () => st.loads,
    listening: () => server !== null,
    start,
    stop: () => new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
      s.closeAllConnections();
    }),
  };
}
