// The real gateway as a child process: `node dist/gateway/scpm-edge.mjs` (what
// `npm start` runs) with a
// fresh data directory, a free HTTP port and the local broker off.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import type { ChildProcess } from 'node:child_process';
import { spawnTracked, stopTracked, type Exit } from './process.js';
import { GATEWAY_ENV, GATEWAY_MAIN, GATEWAY_NODE_FLAGS, REPO_ROOT } from './repo.js';
import { removeDir, removeEmptyDir, tempDir } from './tmp.js';
import { waitFor } from './wait.js';
import { httpJson } from './http.js';

export interface GatewayOptions {
  /** Extra environment (SCPM_UPSTREAM_URL, SCPM_API_TOKEN, SCPM_CONFIG, ...). `undefined` values unset a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Reuse a data directory (a restart); a fresh temp dir when absent. */
  dataDir?: string;
  httpPort?: number;
  /** Script to run instead of the bundle (e.g. GATEWAY_ENTRY, tsc's output). */
  main?: string;
}

export interface Health {
  status: 'ok' | 'degraded' | 'starting' | 'stopping';
  upstream: { connected: boolean };
  bridges: Record<string, { state: string; [k: string]: unknown }>;
  [k: string]: unknown;
}

export interface Gateway {
  port: number;
  baseUrl: string;
  dataDir: string;
  dbPath: string;
  /** Its TMPDIR (os.tmpdir() inside it): the rig's own unless the caller set one; removed by dispose, so a killed gateway's work files do not pile up in /tmp. */
  tmpDir: string;
  /** The gateway's process. */
  proc: ChildProcess;
  pid: number;
  running(): boolean;
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  /** stdout lines (pino JSON). */
  logs(): string[];
  stderr(): string[];
  health(): Promise<{ status: number; body: Health }>;
  /** Until /healthz answers 200 (ok or degraded). */
  waitHealthy(timeoutMs?: number): Promise<Health>;
  /** Until /healthz says the city link is up. */
  waitConnected(timeoutMs?: number): Promise<Health>;
  /** SIGTERM, wait ≤ 5 s (then SIGKILL); `forced` says whether SIGKILL was needed. Removes its TMPDIR if the gateway left it empty. */
  stop(): Promise<Exit & { ms: number; forced: boolean }>;
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** Stops it and removes its data directory and TMPDIR if the rig created them. */
  dispose(): Promise<void>;
}

/**
 * The caller's Node settings are not the gateway's: NODE_OPTIONS, and NODE_EXTRA_CA_CERTS (set on this VM to the
 * system's CA bundle, which Node then parses at every start: 1.8 MiB resident; the unit does not set it, and the
 * gateway's TLS trusts what its config names).
 */
const NOT_PASSED_ON = new Set(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']);

/** The parent's environment without any SCPM_ variable or those above, so nothing leaks in from the shell. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('SCPM_') && !NOT_PASSED_ON.has(k)) env[k] = v;
  }
  return env;
}

export async function startGateway(o: GatewayOptions = {}): Promise<Gateway> {
  const main = o.main ?? GATEWAY_MAIN;
  if (!existsSync(main)) throw new Error(`${main} does not exist: build first (npx tsc -p tsconfig.build.json)`);
  const ownDir = o.dataDir === undefined;
  const dataDir = o.dataDir ?? tempDir('gateway');
  const port = o.httpPort ?? (await freePort());
  const ownTmp = o.env && 'TMPDIR' in o.env ? null : tempDir('gateway-tmp');
  const env: Record<string, string> = {
    ...cleanEnv(),
    ...GATEWAY_ENV,
    ...(ownTmp ? { TMPDIR: ownTmp } : {}),
    SCPM_DATA_DIR: dataDir,
    SCPM_HTTP_HOST: '127.0.0.1',
    SCPM_HTTP_PORT: String(port),
    SCPM_LOCAL_BROKER_PORT: '0',
    SCPM_LOG_LEVEL: 'info',
  };
  for (const [k, v] of Object.entries(o.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const proc = spawnTracked(process.execPath, [...GATEWAY_NODE_FLAGS, main], { cwd: o.cwd ?? REPO_ROOT, env });
  const baseUrl = `http://127.0.0.1:${port}`;
  const health = () => httpJson<Health>(`${baseUrl}/healthz`, { timeoutMs: 2000 });
  const exitedError = () =>
    proc.running() ? null : new Error(`gateway exited (code ${proc.proc.exitCode}, signal ${proc.proc.signalCode}):\n${proc.stderr.join('\n')}\n${proc.stdout.slice(-20).join('\n')}`);
  const waitUntil = (pred: (h: Health) => boolean, timeoutMs: number, what: string) =>
    waitFor(async () => {
      const h = await health();
      return h.status === 200 && pred(h.body) ? h.body : null;
    }, { timeoutMs, intervalMs: 100, what, abort: exitedError });
  const stop = async () => {
    const e = await stopTracked(proc, 'SIGTERM', 5000);
    // What a gateway leaves in its TMPDIR after SIGTERM stays for the caller to see; an empty one goes.
    if (ownTmp) removeEmptyDir(ownTmp);
    return e;
  };
  return {
    port,
    baseUrl,
    dataDir,
    dbPath: join(dataDir, 'scpm.db'),
    tmpDir: ownTmp ?? env.TMPDIR ?? tmpdir(),
    proc: proc.proc,
    pid: proc.pid,
    running: proc.running,
    exited: proc.exited,
    logs: () => proc.stdout,
    stderr: () => proc.stderr,
    health,
    waitHealthy: (timeoutMs = 20_000) => waitUntil(() => true, timeoutMs, `gateway ${baseUrl}/healthz to answer 200`),
    waitConnected: (timeoutMs = 20_000) => waitUntil((h) => h.upstream?.connected === true, timeoutMs, `gateway ${baseUrl} to report upstream.connected`),
    stop,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      const e = await stopTracked(proc, signal, 3000);
      return { code: e.code, signal: e.signal };
    },
    dispose: async () => {
      await stop();
      if (ownDir) removeDir(dataDir);
      if (ownTmp) removeDir(ownTmp);
    },
  };
}
