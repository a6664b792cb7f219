// The one contract every bridge keeps (as hono runs one router suite against
// every router): run against every bridge in the list and a fake added by one
// line. A new bridge gets it by being in BRIDGES.
import { describe, it, expect, afterEach, onTestFinished } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGES } from './index.js';
import { testHost, type TestHost } from './test-ports.js';
import type { AnyDescriptor } from './types.js';
import { echo } from '../../test/fixtures/bridges/echo/index.js';

const LIST: readonly AnyDescriptor[] = [...BRIDGES, echo];

/** Demo mode, every bridge enabled, nothing on a fixed port. */
const YAML = (extra = '') => `office: { id: contract }\nhttp: { port: 0 }\nlocalBroker: { port: 0 }\nlogging: { level: warn }\n${extra}`;

/** The descriptor and, transitively, those providing what it needs. */
function withProviders(d: AnyDescriptor): AnyDescriptor[] {
  const out = new Set<AnyDescriptor>([d]);
  for (const n of d.needs ?? []) for (const p of LIST) if (p !== d && (p.provides ?? []).includes(n)) for (const q of withProviders(p)) out.add(q);
  return [...out];
}

type Resources = Record<string, number>;
const RESOURCE_KINDS = ['Timeout', 'TCPSocketWrap', 'TCPServerWrap', 'ProcessWrap', 'PipeWrap'];
const resources = (): Resources => {
  const counts: Resources = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, 0]));
  for (const r of process.getActiveResourcesInfo()) if (r in counts) counts[r]!++;
  return counts;
};
const leaked = (before: Resources) => {
  const now = resources();
  return RESOURCE_KINDS.filter((k) => now[k]! > before[k]!).map((k) => `${k}: ${before[k]} → ${now[k]}`);
};

async function until<T>(fn: () => T | null | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** After a stop: no bus listener, no running child, and (within 5 s) no timer or socket more than `before`. */
async function expectNothingLeft(t: TestHost, before: Resources): Promise<void> {
  for (const event of ['city:changed', 'link', 'order:changed', 'screen:changed', 'bridge:health', 'device:message'] as const) {
    expect(t.bus.listenerCount(event), event).toBe(0);
  }
  expect(t.processes.list().filter((c) => c.state !== 'stopped')).toEqual([]);
  await until(() => leaked(before).length === 0 || null, `resources to be released: ${leaked(before).join(', ')}`, 5000).catch(() => undefined);
  expect(leaked(before)).toEqual([]);
}

let open: TestHost | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('importing a descriptor loads no implementation', () => {
  it('the bridge list loads without mqtt, aedes, serialport or better-sqlite3 (they come with load())', () => {
    const list = new URL('../../dist/gateway/bridges/index.js', import.meta.url).pathname;
    expect(existsSync(list), 'tsc output (the test setup builds it)').toBe(true);
    const script = `import(${JSON.stringify(list)}).then(async () => { const { createRequire } = await import('node:module'); console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache))); });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    const loaded = JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
    expect(loaded.filter((p) => /node_modules\/(better-sqlite3|aedes|mqtt|serialport|@serialport|ws)\//.test(p))).toEqual([]);
  });
});

describe.each(LIST.map((d) => [d.name, d] as const))('bridge contract: %s', (name, d) => {
  it('runs after start (running or degraded, never failed), stops within its deadline, and start/stop are idempotent', async () => {
    const before = resources();
    // Its own TMPDIR (os.tmpdir() reads it on every call): whatever the bridge puts there must be gone after stop.
    const tmp = mkdtempSync(join(tmpdir(), 'scpm-contract-'));
    const outerTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    onTestFinished(() => {
      if (outerTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = outerTmp;
      rmSync(tmp, { recursive: true, force: true });
    });
    const t = (open = testHost(withProviders(d), YAML()));
    expect(['stopped', 'starting']).toContain(t.host.health()[name]!.state);
    await t.host.startAll();
    await until(() => ['running', 'degraded'].includes(t.host.health()[name]!.state) && t.host.health()[name], `${name} running`);
    const impl = t.host.bridge(name)!;
    await impl.start(); // a second start is harmless
    expect(t.host.health()[name]!.state).not.toBe('failed');
    const started = Date.now();
    await t.host.stopAll(3000);
    expect(Date.now() - started, 'stopAll within its deadline').toBeLessThan(3000);
    expect(t.host.health()[name]!.state).toBe('stopped');
    await impl.stop(); // and a second stop
    await impl.stop();
    // The second start started nothing the stop did not stop.
    await expectNothingLeft(t, before);
    expect(readdirSync(tmp), 'left in its TMPDIR').toEqual([]);
  }, 30_000);

  it('leaves no bus listener, timer, socket or child after stop (20 start/stop cycles)', async () => {
    const before = resources();
    const t = (open = testHost(withProviders(d), YAML()));
    for (let i = 0; i < 20; i++) {
      await t.host.startAll();
      await until(() => ['running', 'degraded'].includes(t.host.health()[name]!.state), `${name} running (cycle ${i})`);
      await t.host.stopAll(3000);
    }
    await expectNothingLeft(t, before);
  }, 120_000);
});

describe.each(LIST.map((d) => [d.name, d] as const))('bridge contract, stopped while starting: %s', (name, d) => {
  it('a stop during start waits for it, then stops what it started (no listener, child, timer or socket left)', async () => {
    const before = resources();
    const t = (open = testHost(withProviders(d), YAML()));
    const starting = t.host.startAll();
    // Stop as soon as this bridge is loaded: its start() is under way.
    await until(() => t.host.bridge(name), `${name} loaded`);
    await t.host.stopAll(3000);
    await starting;
    expect(t.host.health()[name]!.state).toBe('stopped');
    await expectNothingLeft(t, before);
  }, 30_000);
});

describe('the host keeps the daemon up when a bridge fails', () => {
  it('a bridge whose start throws is restarted with growing backoff while the others run', async () => {
    const t = (open = testHost(LIST, YAML('echo: { failStarts: 3 }'), { host: { minDelayMs: 200, maxDelayMs: 5000, random: () => 0.999 } }));
    const restarts: number[] = [];
    t.bus.on('bridge:health', (e) => {
      if (e.name === 'echo' && e.state === 'failed') restarts.push(Date.now());
    });
    await t.host.startAll();
    await until(() => t.host.health().echo!.state === 'running', 'echo running after three failed starts', 10_000);
    const h = t.host.health();
    expect(h.echo!.restarts).toBe(3);
    expect(t.metrics.counter('scpm_bridge_restarts_total', '').get({ bridge: 'echo' })).toBe(3);
    for (const other of ['local-broker', 'upstream', 'demo-simulator']) expect(['starting', 'running', 'degraded'], other).toContain(h[other]!.state);
    const gaps = restarts.slice(1).map((at, i) => at - restarts[i]!);
    expect(gaps).toHaveLength(2);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!); // ~200 ms, then ~400 ms (wide enough apart that a loaded machine's scheduling does not reorder them)
  }, 30_000);

  it('mounts a bridge\'s routes and panel only once it has loaded', async () => {
    const t = (open = testHost(LIST, YAML('echo: { greeting: hi }')));
    expect(t.host.router('echo')).toBeNull();
    expect(t.host.router('nope')).toBeUndefined();
    await t.host.startAll();
    const res = await t.host.router('echo')!.request('/hello');
    expect(await res.json()).toEqual({ greeting: 'hi', office: 'contract' });
    expect(t.host.setupPanels().echo).toMatch(/echo: \d+ changes/);
  }, 30_000);

  it('a disabled bridge is not run', () => {
    const t = (open = testHost(LIST, YAML('echo: { enabled: false }')));
    expect(t.host.names()).not.toContain('echo');
  });
});
