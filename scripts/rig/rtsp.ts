// A GStreamer RTSP test camera (scripts/rig/rtsp-server.py) for tests, the
// bench and the demo: started with spawnTracked (killed if the host dies),
// stopped by PID. freeze()/thaw() (SIGSTOP/SIGCONT) play a camera that stops
// sending without closing its connection.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { freePort, portOpen } from './ports.js';
import { spawnTracked, stopTracked, type Tracked } from './process.js';
import { REPO_ROOT } from './repo.js';
import { sleep } from './wait.js';

export interface RtspMount {
  path: string;
  codec?: 'h264' | 'h265';
  width?: number;
  height?: number;
  fps?: number;
  /** Frames between keyframes (default fps: 1 s). */
  gop?: number;
  /** videotestsrc pattern (name or number), so pictures differ. */
  pattern?: string;
}

export interface RtspServerOptions {
  mounts: RtspMount[];
  port?: number;
  /** Basic auth for every mount. */
  user?: string;
  password?: string;
  startTimeoutMs?: number;
}

export interface RtspServer {
  port: number;
  pid: number;
  /** rtsp://[user:pass@]127.0.0.1:port/path (credentials percent-encoded). */
  url(path: string, withCredentials?: boolean): string;
  running(): boolean;
  /** SIGTERM, wait (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Start again on the same port with the same mounts. */
  restart(): Promise<void>;
  freeze(): void;
  thaw(): void;
  logs(): string[];
}

export const RTSP_SERVER_SCRIPT = join(REPO_ROOT, 'scripts', 'rig', 'rtsp-server.py');
/** Debian's python, which has the GObject bindings (shared/docs/test-rig.md). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
export const RTSP_INSTALL_HINT = 'apt-get install --no-install-recommends python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad';

/**
 * Whether the test camera can run here: null when it can, else what is
 * missing and the one install command (for the demo's camera tiles).
 */
export function rtspServerProblem(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(SYSTEM_PYTHON, [RTSP_SERVER_SCRIPT, '--check'], { timeout: 10_000 }, (err, stdout) => {
      const out = String(stdout).trim();
      if (!err && out === 'OK') resolve(null);
      else resolve(out.startsWith('MISSING') ? out.slice('MISSING '.length) : `${SYSTEM_PYTHON} cannot run the test camera; ${RTSP_INSTALL_HINT}`);
    });
  });
}

function mountArg(m: RtspMount): string {
  const fields: string[] = [`path=${m.path}`, `codec=${m.codec ?? 'h264'}`];
  if (m.width) fields.push(`width=${m.width}`);
  if (m.height) fields.push(`height=${m.height}`);
  if (m.fps) fields.push(`fps=${m.fps}`);
  if (m.gop) fields.push(`gop=${m.gop}`);
  if (m.pattern) fields.push(`pattern=${m.pattern}`);
  return fields.join(',');
}

export async function startRtspServer(o: RtspServerOptions): Promise<RtspServer> {
  const port = o.port ?? (await freePort());
  const args = [RTSP_SERVER_SCRIPT, '--port', String(port), ...o.mounts.flatMap((m) => ['--mount', mountArg(m)])];
  if (o.user) args.push('--user', o.user, '--password', o.password ?? '');
  let proc: Tracked = await launch(args, port, o.startTimeoutMs ?? 10_000);
  const creds = o.user ? `${encodeURIComponent(o.user)}:${encodeURIComponent(o.password ?? '')}@` : '';
  return {
    port,
    get pid() {
      return proc.pid;
    },
    url: (path, withCredentials = true) => `rtsp://${withCredentials ? creds : ''}127.0.0.1:${port}/${path}`,
    running: () => proc.running(),
    stop: async () => {
      if (proc.running()) process.kill(proc.pid, 'SIGCONT');
      await stopTracked(proc, 'SIGTERM', 5000);
    },
    restart: async () => {
      if (proc.running()) {
        process.kill(proc.pid, 'SIGCONT');
        await stopTracked(proc, 'SIGTERM', 5000);
      }
      proc = await launch(args, port, o.startTimeoutMs ?? 10_000);
    },
    freeze: () => process.kill(proc.pid, 'SIGSTOP'),
    thaw: () => process.kill(proc.pid, 'SIGCONT'),
    logs: () => [...proc.stdout, ...proc.stderr],
  };
}

async function launch(args: string[], port: number, timeoutMs: number): Promise<Tracked> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  // After a stop, the port may take a moment to be free: retry until the deadline.
  while (Date.now() < deadline) {
    const p = spawnTracked(SYSTEM_PYTHON, args, { maxLines: 2000 });
    while (Date.now() < deadline && p.running() && !p.stdout.includes('READY')) await sleep(20);
    if (p.running() && p.stdout.includes('READY') && (await portOpen(port, 500))) return p;
    last = [...p.stdout, ...p.stderr].join('\n');
    await stopTracked(p, 'SIGKILL', 2000);
    if (/No module named 'gi'|Namespace GstRtspServer not available|ValueError/.test(last)) break;
    await sleep(200);
  }
  throw new Error(`RTSP test server did not start on 127.0.0.1:${port} (${RTSP_INSTALL_HINT}):\n${last}`);
}
