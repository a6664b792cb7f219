// Display first: a kiosk that boots with the gateway gets its page before the
// bridges load (their modules, then the city link), and the bridges follow on
// their own once that page has been served.
import { afterAll, describe, expect, it } from 'vitest';
import { Rig, waitFor } from './rig/index.js';

const rig = new Rig('display-first');
afterAll(() => rig.cleanup());

const logTime = (lines: string[], msg: string): number | null => {
  for (const l of lines) {
    try {
      const o = JSON.parse(l) as { msg?: string; time?: number };
      if (o.msg === msg && typeof o.time === 'number') return o.time;
    } catch {
      // not a log line
    }
  }
  return null;
};

/** Why the gateway started its bridges, from its log. */
const startedAfter = (lines: string[]): string | null => {
  for (const l of lines) {
    try {
      const o = JSON.parse(l) as { msg?: string; after?: string };
      if (o.msg === 'starting the bridges') return o.after ?? null;
    } catch {
      // not a log line
    }
  }
  return null;
};

describe('start-up order', () => {
  it('serves the first page before it connects to the city, then starts the bridges by itself', async () => {
    const broker = await rig.mosquitto();
    const gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url } });
    // The first answer of the listener, whatever its status (503 while starting).
    await waitFor(async () => (await gw.health().catch(() => null)) !== null, { timeoutMs: 10_000, intervalMs: 10, what: 'the listener' });
    const res = await fetch(`${gw.baseUrl}/`);
    const servedAt = Date.now();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-key=');
    await gw.waitConnected(10_000);
    const connecting = logTime(gw.logs(), 'connecting to the city broker');
    expect(connecting).not.toBeNull();
    expect(connecting!).toBeGreaterThanOrEqual(servedAt - 5); // same clock; a few ms for the log's own timestamp
  });

  it('starts the bridges on its own when no page is asked for', async () => {
    const broker = await rig.mosquitto();
    const gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url } });
    const h = await gw.waitConnected(10_000);
    expect(h.status).toBe('ok');
    expect(startedAfter(gw.logs())).toBe('no page asked for');
  });

  it('takes a wall that only reconnects its live stream (after a restart) as the first page', async () => {
    const broker = await rig.mosquitto();
    const gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url } });
    await waitFor(async () => (await gw.health().catch(() => null)) !== null, { timeoutMs: 10_000, intervalMs: 10, what: 'the listener' });
    const live = new AbortController();
    const res = await fetch(`${gw.baseUrl}/events`, { signal: live.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    try {
      await gw.waitConnected(10_000);
    } finally {
      live.abort();
    }
    expect(startedAfter(gw.logs())).toBe('first page served');
  });
});
