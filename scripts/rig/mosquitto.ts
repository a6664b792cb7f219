// A real mosquitto on 127.0.0.1 for tests and the bench (shared/docs/test-rig.md).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, portOpen } from './ports.js';
import { spawnTracked, stopTracked, type Exit, type Tracked } from './process.js';
import { removeDir, tempDir } from './tmp.js';
import { sleep } from './wait.js';

export interface MosquittoOptions {
  /** Keep sessions and retained messages across a restart (SIGTERM saves them). */
  persistence?: boolean;
  /** Directory for the config and the persistence file; a temp dir when absent. */
  dir?: string;
  /** Port to listen on; a free one when absent (give the old one to restart "the same" broker). */
  port?: number;
  /** Per-client queue of QoS 1 messages for slow or absent subscribers (default 200000). */
  maxQueuedMessages?: number;
  /** Outgoing QoS 1 messages in flight per MQTT 3.1.1 client (default 1000). */
  maxInflightMessages?: number;
  /** Anonymous clients allowed (default true; false when `users` is given). */
  allowAnonymous?: boolean;
  /** Users and passwords: written to a password_file with mosquitto_passwd (hashed). */
  users?: Record<string, string>;
  /** Lines of an acl_file (`user NAME`, `topic read|write|readwrite TOPIC`, …); lines before any `user` apply to anonymous clients. */
  acl?: string[];
  /** Extra config lines. */
  extra?: string[];
  startTimeoutMs?: number;
}

export interface Mosquitto {
  port: number;
  url: string;
  dir: string;
  proc: ChildProcess;
  pid: number;
  /** mosquitto's own log lines (log_dest stdout). */
  logs(): string[];
  /** SIGTERM (it saves its persistence file on the way out), wait for exit (SIGKILL after 5 s). */
  stop(): Promise<Exit>;
  /** SIGKILL: a crash, nothing saved. */
  kill(): Promise<Exit>;
  /** Rewrites the acl_file and reloads it (SIGHUP); the broker must have been started with `acl`. */
  setAcl(lines: string[]): Promise<void>;
  /** SIGSTOP: the broker freezes with its sockets open (a hung broker); `resume()` undoes it. */
  pause(): void;
  resume(): void;
  /** Stops it and removes its directory if the rig created it. */
  dispose(): Promise<void>;
}

export function mosquittoConfig(port: number, dir: string, o: MosquittoOptions): string {
  const anonymous = o.allowAnonymous ?? o.users === undefined;
  return [
    `listener ${port} 127.0.0.1`,
    `allow_anonymous ${anonymous}`,
    ...(o.users ? [`password_file ${join(dir, 'passwords')}`] : []),
    ...(o.acl ? [`acl_file ${join(dir, 'acl')}`] : []),
    o.persistence ? 'persistence true' : 'persistence false',
    ...(o.persistence ? [`persistence_location ${dir}/`, 'autosave_interval 1'] : []),
    'log_dest stdout',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'connection_messages true',
    `max_queued_messages ${o.maxQueuedMessages ?? 200_000}`,
    `max_inflight_messages ${o.maxInflightMessages ?? 1000}`,
    ...(o.extra ?? []),
    '',
  ].join('\n');
}

function writePasswords(path: string, users: Record<string, string>): void {
  writeFileSync(path, '', { mode: 0o644 });
  for (const [user, password] of Object.entries(users)) execFileSync('mosquitto_passwd', ['-b', path, user, password], { stdio: 'pipe', timeout: 10_000 });
  chmodSync(path, 0o644);
}

export async function startMosquitto(o: MosquittoOptions = {}): Promise<Mosquitto> {
  const ownDir = o.dir === undefined;
  const dir = o.dir ?? tempDir('mosquitto');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  // Started as root, mosquitto drops to its own user: it must still be able to write its persistence file here.
  chmodSync(dir, 0o777);
  const port = o.port ?? (await freePort());
  const confPath = join(dir, 'mosquitto.conf');
  if (o.users) writePasswords(join(dir, 'passwords'), o.users);
  if (o.acl) writeFileSync(join(dir, 'acl'), o.acl.join('\n') + '\n', { mode: 0o644 });
  writeFileSync(confPath, mosquittoConfig(port, dir, o));
  const deadline = Date.now() + (o.startTimeoutMs ?? 10_000);
  let proc: Tracked | null = null;
  // After a SIGTERM the old port can take ~1 s to be free: retry until the deadline.
  while (Date.now() < deadline) {
    // stdbuf: line-buffered log lines (piped stdout is block-buffered); it execs mosquitto, same PID.
    const p = spawnTracked('stdbuf', ['-oL', 'mosquitto', '-c', confPath], { maxLines: 20_000 });
    let exit: Exit | null = null;
    void p.exited.then((e) => (exit = e));
    while (Date.now() < deadline && exit === null) {
      if (await portOpen(port, 200)) break;
      await sleep(30);
    }
    if (exit === null && p.running() && (await portOpen(port, 200))) {
      proc = p;
      break;
    }
    await stopTracked(p, 'SIGKILL', 2000);
    const why = [...p.stdout, ...p.stderr].join('\n');
    if (!/address already in use|Error: Unable to bind|bind/i.test(why) && Date.now() < deadline) {
      throw new Error(`mosquitto on port ${port} did not start (exit ${JSON.stringify(exit)}):\n${why}`);
    }
    await sleep(250);
  }
  if (!proc) throw new Error(`mosquitto could not listen on 127.0.0.1:${port} within ${o.startTimeoutMs ?? 10_000} ms`);
  const started = proc;
  const stop = async () => {
    // A paused broker would only take the SIGTERM once resumed.
    if (started.running()) process.kill(started.pid, 'SIGCONT');
    const e = await stopTracked(started, 'SIGTERM', 5000);
    return { code: e.code, signal: e.signal };
  };
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    proc: started.proc,
    pid: started.pid,
    logs: () => [...started.stdout, ...started.stderr],
    stop,
    kill: async () => {
      const e = await stopTracked(started, 'SIGKILL', 2000);
      return { code: e.code, signal: e.signal };
    },
    setAcl: async (lines) => {
      if (!o.acl) throw new Error('this mosquitto was started without an acl_file');
      const before = started.stdout.length;
      writeFileSync(join(dir, 'acl'), lines.join('\n') + '\n', { mode: 0o644 });
      process.kill(started.pid, 'SIGHUP');
      // mosquitto logs "Reloading config." when it has read the files again.
      const deadline = Date.now() + 5000;
      while (!started.stdout.slice(before).some((l) => /Reloading config/i.test(l))) {
        if (Date.now() > deadline) throw new Error('mosquitto did not reload its config within 5 s');
        await sleep(20);
      }
    },
    pause: () => process.kill(started.pid, 'SIGSTOP'),
    resume: () => process.kill(started.pid, 'SIGCONT'),
    dispose: async () => {
      await stop();
      if (ownDir) removeDir(dir);
    },
  };
}
