// Demo mode (no city broker, local broker off): the gateway becomes healthy,
// the simulator's data shows in the API, and SIGTERM ends it within 5 s with
// code 0, taking its simulator child with it (and the demo device's temp directory).
// Demo mode runs every bridge: its /metrics is checked against the docs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rig, childPids, items, pidAlive, waitFor, type Gateway } from './rig/index.js';

const rig = new Rig('sigterm');
afterAll(() => rig.cleanup());

describe('demo mode and SIGTERM', () => {
  let gw: Gateway;

  it('becomes healthy without any city broker configured', async () => {
    gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: undefined } });
    const h = await gw.waitHealthy();
    expect(['ok', 'degraded']).toContain(h.status);
  });

  it('shows simulated city data in the API within 15 s', async () => {
    const found = await waitFor(async () => {
      for (const path of ['urban', 'incidents', 'complaints', 'polls', 'pledges', 'trends', 'indicators']) {
        const rows = await items(gw, `/api/v1/${path}`);
        if (rows.length > 0) return path;
      }
      return null;
    }, { timeoutMs: 15_000, intervalMs: 250, what: 'any simulated data in the API' });
    expect(found).toBeTruthy();
  }, 20_000);

  it('can be told every demo command by voice: none left out of the grammar for a word without a pronunciation', async () => {
    type Commands = { en: number; recognisable: number; unsupported: number };
    const commands = await waitFor(async () => {
      const voice = (await gw.health()).body.bridges.voice;
      const c = voice?.commands as Commands | undefined;
      return voice?.state === 'running' && c && c.en > 0 ? c : null;
    }, { timeoutMs: 15_000, intervalMs: 250, what: 'the voice bridge running with its commands' });
    // The demo cameras' names are in the grammar too ("eulji" in "Eulji-ro, Jung-gu" once was not).
    expect(commands.unsupported).toBe(0);
    expect(commands.recognisable).toBe(commands.en);
    expect(gw.logs().filter((l) => l.includes('left out of the grammar'))).toEqual([]);
  }, 20_000);

  // Demo mode runs every bridge, so its /metrics has every series the gateway can have.
  it('has on /metrics every metric the README and docs/ name', async () => {
    const docs = ['README.md', 'gateway/bridges/voice/README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const named = docs.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/`(scpm_[a-z0-9_]+)/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(5);
    const text = await (await fetch(`${gw.baseUrl}/metrics`)).text();
    const served = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    expect(named.filter((n) => !served.has(n))).toEqual([]);
  });

  it('exits with code 0 within 5 s of SIGTERM and leaves no child behind, nor the demo device\'s directory', async () => {
    const children = await childPids(gw.pid);
    // The simulated gesture device's pty links live here while it runs.
    const serialDemoDir = join(gw.tmpDir, `scpm-serial-demo-${gw.pid}`);
    expect(existsSync(serialDemoDir)).toBe(true);
    const exit = await gw.stop();
    expect(exit.forced, 'needed SIGKILL').toBe(false);
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(5000);
    await waitFor(() => children.every((pid) => !pidAlive(pid)), { timeoutMs: 3000, what: `children ${children.join(', ')} to exit` });
    expect(existsSync(serialDemoDir)).toBe(false);
  }, 15_000);
});
