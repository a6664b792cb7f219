// Safe mode: the gateway started as a service (SCPM_SAFE_MODE=1) on an
// invalid configuration. Instead of exiting into a restart loop while the
// kiosk waits on a page that never comes, a minimal server on the configured
// (or default) port shows the wall a "configuration problem" page listing
// every problem in Korean and English, and answers /healthz with
// {"status":"config-error","problems":[...]}. No store, no bridge. A wall
// page already open (the real one, from before the restart) is told over its
// SSE stream that the build changed, so it reloads once into the problem page;
// the problem page polls /healthz and reloads into the real wall once the
// service runs with a fixed file. Exits 0 on SIGTERM / SIGINT.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { defaultAllowedHosts, hostName, isLoopbackAddress } from './http/access.js';
import { problemView } from './safe-mode/problems.js';
import { safeModeAddress } from './safe-mode/address.js';
import { EXIT } from './runtime/exit-codes.js';
import type { SystemdNotifier } from './systemd/notify.js';
import { SAFE_MODE_CSS, SAFE_MODE_JS, SAFE_MODE_SCRIPT_PATH, SAFE_MODE_STYLE_PATH, safeModePage } from './safe-mode/page.js';

/** The same policy as the display's pages: no inline script or style, nothing from elsewhere. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const SSE_PING_MS = 15_000;
/** Open SSE streams kept at most (each a wall page waiting to be told). */
const MAX_STREAMS = 64;

export interface SafeModeOptions {
  /** The loader's lines ("file: key: expected …, found …"). */
  problems: readonly string[];
  file: string;
  host: string;
  port: number;
  now?: () => number;
}

export interface SafeMode {
  server: Server;
  port: number;
  since: number;
  close(): Promise<void>;
}

/** Starts the server; rejects when it cannot listen (the caller exits with EXIT.listen). */
export function startSafeMode(o: SafeModeOptions): Promise<SafeMode> {
  const since = (o.now ?? Date.now)();
  const allowedHosts = defaultAllowedHosts([], o.host);
  const views = o.problems.map((line) => problemView(line, o.file));
  const streams = new Set<ServerResponse>();

  /** The kiosk on this machine (loopback, with a Host check against DNS rebinding) sees the details. */
  const isLocal = (req: IncomingMessage) => isLoopbackAddress(req.socket.remoteAddress) && allowedHosts.includes(hostName(req.headers.host));

  const send = (res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY', ...extra });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const local = isLocal(req);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 503, 'application/json', JSON.stringify({ error: 'configuration problem: the gateway runs in safe mode' }), { 'retry-after': '5' });
      return;
    }
    if (path === '/healthz') {
      const body = { status: 'config-error', since, problems: local ? o.problems.map((_, i) => views[i]!.en) : [], count: o.problems.length, ...(local ? { file: o.file } : {}) };
      // The kiosk's start page (a file: page, origin "null") reads it to list the problems, as on the real /healthz.
      send(res, 503, 'application/json', JSON.stringify(body), { 'retry-after': '5', 'access-control-allow-origin': 'null' });
      return;
    }
    if (path === SAFE_MODE_SCRIPT_PATH) return send(res, 200, 'text/javascript; charset=utf-8', SAFE_MODE_JS);
    if (path === SAFE_MODE_STYLE_PATH) return send(res, 200, 'text/css; charset=utf-8', SAFE_MODE_CSS);
    if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');
    if (path === '/events' || path === '/public/events') {
      // A wall page from before the restart: its hello carries another build, so it reloads once (wall.js) into this page.
      if (streams.size >= MAX_STREAMS) return send(res, 503, 'text/plain', 'busy', { 'retry-after': '5' });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.write(`event: scpm:hello\ndata: ${JSON.stringify({ build: `config-error-${since}`, screen: null })}\n\n`);
      const ping = setInterval(() => res.write(': ping\n\n'), SSE_PING_MS);
      streams.add(res);
      res.on('close', () => {
        clearInterval(ping);
        streams.delete(res);
      });
      return;
    }
    send(res, 503, 'text/html; charset=utf-8', safeModePage({ file: local ? o.file : null, problems: local ? views : [], since, detailed: local, count: o.problems.length }), { 'retry-after': '5' });
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) send(res, 500, 'text/plain', 'error');
      else res.destroy();
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxConnections = 256;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: o.host, port: o.port }, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve({
        server,
        port: typeof addr === 'object' && addr ? addr.port : o.port,
        since,
        close: () => new Promise<void>((done) => {
          for (const s of streams) s.destroy();
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

/**
 * The service entry's answer to an invalid config: serve the problems until
 * SIGTERM / SIGINT (exit 0). Cannot listen → one line, exit EXIT.listen.
 * Under systemd (Type=notify, WatchdogSec) it says READY once listening and
 * keeps the watchdog fed, or systemd would kill it and loop.
 */
export async function runSafeMode(problems: readonly string[], file: string, env: Record<string, string | undefined> = process.env, notifier?: Pick<SystemdNotifier, 'ready' | 'stopping'>): Promise<never> {
  const { host, port } = safeModeAddress(file, env);
  let sm: SafeMode;
  try {
    sm = await startSafeMode({ problems, file, host, port });
  } catch (err) {
    process.stderr.write(`scpm-edge: safe mode cannot listen on ${host}:${port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); is another gateway running?\n`);
    process.exit(EXIT.listen);
  }
  const n = problems.length;
  process.stderr.write(`scpm-edge: safe mode: ${n} configuration problem${n === 1 ? '' : 's'} shown on http://${host}:${sm.port}/ and /healthz; no bridge started. Fix ${file} (npm run check-config -- ${file}) and restart the service.\n`);
  notifier?.ready(`safe mode: ${n} configuration problem${n === 1 ? '' : 's'}; fix ${file} and restart`);
  const stop = () => {
    notifier?.stopping();
    setTimeout(() => process.exit(EXIT.ok), 2000).unref();
    void sm.close().finally(() => process.exit(EXIT.ok));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return new Promise<never>(() => undefined);
}
