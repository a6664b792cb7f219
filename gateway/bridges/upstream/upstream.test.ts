// The city link against a real mosquitto: a throwing city:changed listener
// (a display bug, say) never reaches the ingest path or the link.
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import { startMosquitto, type Mosquitto } from '../../../scripts/rig/mosquitto.js';
import { testHost, type TestHost } from '../test-ports.js';
import { upstream } from './index.js';
import { maximumPacketSize } from './mqtt-options.js';

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
    const codes = Array.from({ length: 25 }, (_, i) => String(11010 + 10 * i)); // the office map's 25 districts
    for (let i = 0; i < 50; i++) {
      // 50 series: two metrics in each district.
      const metric = i < codes.length ? 'pm25' : 'pm10';
      const district = codes[i % codes.length]!;
      await city.publishAsync(`scpm/v1/urban/${metric}/${district}`, JSON.stringify({ metric, district, value: i, ts: new Date(Date.now() - 60_000).toISOString() }), { qos: 1 });
    }
    await city.endAsync();
    await until(() => t!.metrics.ingested === 50, '50 readings ingested');
    expect(calls).toBeGreaterThan(0);
    expect(t.bus.errors.get({ event: 'city:changed' })).toBe(calls);
    const h = t.host.health().upstream!;
    expect(h.connected).toBe(true);
    expect(h.restarts).toBe(0);
    expect(h.lastCityMessageAt).toBeGreaterThanOrEqual(h.connectedSince as number); // what the quiet-root hint reads
    expect(h.detail).toBeUndefined();
    expect(t.metrics.counter('scpm_bridge_restarts_total', '').total()).toBe(0);
  }, 30_000);
});

describe('the city link\'s packet size bound (MQTT 5 Maximum Packet Size)', () => {
  let city: Mosquitto | null = null;
  let host: TestHost | null = null;
  afterAll(async () => {
    await host?.close();
    await city?.dispose();
  });

  it('advertises max(1 MiB, 4 × maxPayloadBytes): a 200 KiB message is counted too-large; a 5 MiB one the broker keeps from us; the link stays up', async () => {
    expect(maximumPacketSize({ maxPayloadBytes: 65_536 })).toBe(1024 * 1024);
    expect(maximumPacketSize({ maxPayloadBytes: 1024 * 1024 })).toBe(4 * 1024 * 1024);
    city = await startMosquitto();
    host = testHost([upstream], `office: { id: big }\nupstream: { url: "${city.url}" }\nlocalBroker: { port: 0 }\n`);
    await host.host.startAll();
    await until(() => host!.host.health().upstream?.connected === true, 'the link up');
    const pub = await mqtt.connectAsync(city.url, { protocolVersion: 5 });
    const reading = (district: string, pad = 0) => JSON.stringify({ metric: 'pm25', district, value: 7, ts: new Date(Date.now() - 60_000).toISOString(), pad: 'x'.repeat(pad) });
    try {
      await pub.publishAsync('scpm/v1/urban/pm25/11230', reading('11230', 200 * 1024), { qos: 1 });
      await until(() => host!.metrics.rejected['too-large'] === 1, 'the 200 KiB message counted too-large');
      await pub.publishAsync('scpm/v1/urban/pm25/11240', reading('11240', 5 * 1024 * 1024), { qos: 1 });
      await pub.publishAsync('scpm/v1/urban/pm25/11250', reading('11250'), { qos: 1 });
      await until(() => host!.metrics.ingested === 1, 'the small message after it ingested');
    } finally {
      await pub.endAsync();
    }
    // Had the 5 MiB message reached us, it would be a second too-large (or a closed link).
    expect(host.metrics.rejected['too-large']).toBe(1);
    const h = host.host.health().upstream!;
    expect(h.connected).toBe(true);
    expect(h.restarts).toBe(0);
    console.warn(`[bounds] city link: advertised maximumPacketSize ${maximumPacketSize({ maxPayloadBytes: 65_536 })} B; 200 KiB → too-large ${host.metrics.rejected['too-large']}; 5 MiB → not delivered by mosquitto; link up, ${h.restarts} restarts`);
  }, 30_000);
});
