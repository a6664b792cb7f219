// The city link against a real mosquitto: a throwing city:changed listener
// (a display bug, say) never reaches the ingest path or the link.
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import { startMosquitto, type Mosquitto } from '../../../scripts/rig/mosquitto.js';
import { testHost, type TestHost } from '../test-ports.js';
import { upstream } from './index.js';

let broker: Mosquitto | null = null;
let t: TestHost | null = null;
afterAll(async () => {
  await t?.close();
  await broker?.dispose();
});

async function until(fn: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('upstream bridge', () => {
  it('a throwing city:changed listener: ingest goes on, the link stays up, the error is counted', async () => {
    broker = await startMosquitto();
    t = testHost([upstream], `office: { id: iso }\nupstream: { url: "${broker.url}" }\nlocalBroker: { port: 0 }\n`);
    let calls = 0;
    t.bus.on('city:changed', () => {
      calls++;
      throw new Error('a display bug');
    });
    await t.host.startAll();
    await until(() => t!.host.health().upstream?.connected === true, 'the link up');
    const city = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    for (let i = 0; i < 50; i++) {
      await city.publishAsync(`scpm/v1/urban/pm25/11${String(100 + i).padStart(3, '0')}`, JSON.stringify({ metric: 'pm25', district: `11${String(100 + i).padStart(3, '0')}`, value: i, ts: new Date(Date.now() - 60_000).toISOString() }), { qos: 1 });
    }
    await city.endAsync();
    await until(() => t!.metrics.ingested === 50, '50 readings ingested');
    expect(calls).toBeGreaterThan(0);
    expect(t.bus.errors.get({ event: 'city:changed' })).toBe(calls);
    const h = t.host.health().upstream!;
    expect(h.connected).toBe(true);
    expect(h.restarts).toBe(0);
    expect(t.metrics.counter('scpm_bridge_restarts_total', '').total()).toBe(0);
  }, 30_000);
});
