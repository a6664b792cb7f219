// Faults at start (issue 15): a corrupt scpm.db is moved aside and the
// gateway comes up healthy on a fresh store, saying so on /healthz; an
// unusable data directory, a port in use and a database from a newer gateway
// each cost one clear log line and their own exit code (README "Exit codes").
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GATEWAY_MAIN, REPO_ROOT, Rig, cleanEnv, freePort, items, publish1, sqlite, spawnTracked, stopTracked, waitFor, writeConfig } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const rig = new Rig('faults-store');
afterAll(() => rig.cleanup());

/** Runs the bundle to its exit (bounded), with a fresh config and `env`. */
async function runToExit(env: Record<string, string>) {
  const cfgDir = rig.tempDir('cfg');
  const config = writeConfig(cfgDir, { officeId: 'faults-office' });
  const p = spawnTracked(process.execPath, [GATEWAY_MAIN], { cwd: REPO_ROOT, env: { ...cleanEnv(), SCPM_CONFIG: config, SCPM_HTTP_HOST: '127.0.0.1', SCPM_LOCAL_BROKER_PORT: '0', ...env } });
  const deadline = setTimeout(() => void stopTracked(p, 'SIGKILL'), 15_000);
  const exit = await p.exited;
  clearTimeout(deadline);
  await new Promise((r) => setImmediate(r));
  return { code: exit.code, lines: [...p.stdout, ...p.stderr].filter((l) => l.trim() !== '') };
}

/** The pino lines at level ≥ error (50). */
const fatalLines = (lines: string[]) => lines.filter((l) => { try { return (JSON.parse(l) as { level: number }).level >= 50; } catch { return false; } });

describe('a corrupt database at start', () => {
  it('is moved aside (with -wal and -shm), the gateway is healthy on a fresh store within 10 s, says so on /healthz, and the city refills it', async () => {
    // The city holds its state retained: a fresh store gets it back on the subscription.
    const broker = await rig.mosquitto();
    const city = await rig.client(broker.url);
    await publish1(city, fx.topics.entity('incidents', 'inc-20261123-0042'), JSON.stringify(fx.incident()), { retain: true });
    const dataDir = rig.tempDir('corrupt');
    const db = join(dataDir, 'scpm.db');
    writeFileSync(db, randomBytes(256 * 1024));
    writeFileSync(`${db}-wal`, randomBytes(8192));
    writeFileSync(`${db}-shm`, randomBytes(32768));
    const started = Date.now();
    const gw = await rig.gateway({ dataDir, env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'faults-office' } });
    const health = await gw.waitHealthy(10_000);
    const ms = Date.now() - started;
    console.warn(`faults-store: corrupt scpm.db → healthy in ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(10_000);
    const aside = readdirSync(dataDir).filter((f) => /^scpm\.db\.corrupt-[0-9T-]+Z$/.test(f));
    expect(aside).toHaveLength(1);
    expect(statSync(join(dataDir, aside[0]!)).size).toBe(256 * 1024);
    expect(existsSync(join(dataDir, `${aside[0]!}-wal`))).toBe(true);
    expect(existsSync(join(dataDir, `${aside[0]!}-shm`))).toBe(true);
    const warnings = health.warnings as string[];
    expect(warnings.some((w) => w.includes('corrupt') && w.includes(aside[0]!))).toBe(true);
    // One clear line, no stack trace.
    const lines = gw.logs().filter((l) => l.includes('corrupt'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/moved aside/);
    expect(gw.stderr().join('\n')).not.toMatch(/\n\s+at /);
    // The fresh store is a real one: the gateway writes to it, and sqlite3 reads it.
    await waitFor(async () => (await items(gw, '/api/v1/incidents')).some((i) => i.id === 'inc-20261123-0042'), { timeoutMs: 10_000, what: 'the retained incident back in the fresh store' });
    expect(await sqlite(gw.dbPath, 'PRAGMA quick_check')).toBe('ok');
    await gw.dispose();
  }, 30_000);
});

describe('what moving a file cannot fix', () => {
  it('a data directory that is not a directory: one line, exit 3', async () => {
    const dir = rig.tempDir('notadir');
    const file = join(dir, 'data');
    writeFileSync(file, 'not a directory');
    const r = await runToExit({ SCPM_DATA_DIR: file, SCPM_HTTP_PORT: String(await freePort()) });
    expect(r.code).toBe(3);
    expect(fatalLines(r.lines)).toHaveLength(1);
    expect(fatalLines(r.lines)[0]).toMatch(/data directory .* is not usable \(ENOTDIR: not a directory\)/);
    // The unit sets SCPM_DATA_DIR: the line says the environment's value is the one to change, not the file's key.
    expect(fatalLines(r.lines)[0]).toMatch(/; set SCPM_DATA_DIR \(set in the environment, over dataDir in \S+\.yaml\) to a directory this user can write/);
    expect(r.lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('a data directory under /proc (where Node\'s own recursive mkdir never returns): one line, exit 3, not a hang', async () => {
    const r = await runToExit({ SCPM_DATA_DIR: '/proc/scpm-no-such/data', SCPM_HTTP_PORT: String(await freePort()) });
    expect(r.code).toBe(3);
    expect(fatalLines(r.lines)).toHaveLength(1);
    expect(fatalLines(r.lines)[0]).toMatch(/data directory \/proc\/scpm-no-such\/data is not usable \(ENOENT: [^)]*mkdir '\/proc\/scpm-no-such'\)/);
  });

  it('an HTTP address that is not this machine\'s: one line naming http.host, exit 4', async () => {
    // 192.0.2.1 is TEST-NET-1: never an address of this machine.
    const r = await runToExit({ SCPM_DATA_DIR: rig.tempDir('host'), SCPM_HTTP_HOST: '192.0.2.1', SCPM_HTTP_PORT: String(await freePort()) });
    expect(r.code).toBe(4);
    expect(fatalLines(r.lines)).toHaveLength(1);
    expect((JSON.parse(fatalLines(r.lines)[0]!) as { msg: string }).msg).toMatch(/^cannot listen on 192\.0\.2\.1:\d+: the address is not one of this machine's \(EADDRNOTAVAIL: .*\); set SCPM_HTTP_HOST \(set in the environment, over http\.host in \S+\.yaml\)$/);
  });

  it('the HTTP port in use: one line, exit 4', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    rig.defer('blocker', () => new Promise<void>((r) => blocker.close(() => r())));
    const r = await runToExit({ SCPM_DATA_DIR: rig.tempDir('port'), SCPM_HTTP_PORT: String(port) });
    expect(r.code).toBe(4);
    expect(fatalLines(r.lines)).toHaveLength(1);
    expect((JSON.parse(fatalLines(r.lines)[0]!) as { msg: string }).msg).toMatch(/^cannot listen on 127\.0\.0\.1:\d+: the port is in use \(another gateway running\?\); set SCPM_HTTP_PORT \(set in the environment, over http\.port in \S+\.yaml\)$/);
  });

  it('a database from a newer gateway is left where it is: one line, exit 5', async () => {
    const dataDir = rig.tempDir('newer');
    mkdirSync(dataDir, { recursive: true });
    await sqlite(join(dataDir, 'scpm.db'), 'PRAGMA user_version = 999; CREATE TABLE x (a);');
    const r = await runToExit({ SCPM_DATA_DIR: dataDir, SCPM_HTTP_PORT: String(await freePort()) });
    expect(r.code).toBe(5);
    expect(fatalLines(r.lines)).toHaveLength(1);
    expect(fatalLines(r.lines)[0]).toMatch(/newer than this gateway/);
    expect(readdirSync(dataDir).filter((f) => f.includes('corrupt'))).toEqual([]);
  });
});
