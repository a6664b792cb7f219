// The gateway's persistent session (clean:false, MQTT 5 session expiry) on a
// mosquitto with persistence: it reconnects with backoff after the broker
// restarts, and QoS 1 messages published while it was away arrive afterwards.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, items, kstIso, publishMany, sleep, sqliteCount, waitFor, writeConfig, type Gateway, type Mosquitto } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const OFFICE = 'resume-office';
const rig = new Rig('session-resume');
let broker: Mosquitto;
let brokerDir: string;
let configPath: string;
let gw: Gateway;

/** `n` readings of one series, one second apart, all distinct rows. */
function readings(metric: string, n: number, baseMs = Date.now() - 3_600_000) {
  return Array.from({ length: n }, (_, i) => ({
    topic: fx.topics.urban(metric, '11230'),
    payload: JSON.stringify({ metric, district: '11230', value: i, unit: 'ug/m3', ts: kstIso(baseMs + i * 1000) }),
  }));
}

async function publishFromCity(msgs: { topic: string; payload: string }[]): Promise<void> {
  const c = await rig.client(broker.url);
  await publishMany(c, msgs);
  await c.endAsync();
}

const countSeries = (metric: string) => sqliteCount(gw.dbPath, 'urban_readings', `WHERE metric = '${metric}'`);

/** Accepts TCP connections on `port` and drops them at once, noting when each came. */
function refusingListener(port: number): Promise<{ times: number[]; close(): Promise<void> }> {
  const times: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    times.push(Date.now());
    sockets.add(s);
    s.on('error', () => undefined);
    s.destroy();
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({
      times,
      close: () => new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
    }));
  });
}

beforeAll(async () => {
  brokerDir = rig.tempDir('broker');
  broker = await rig.mosquitto({ persistence: true, dir: brokerDir });
  const cfgDir = rig.tempDir('config');
  configPath = writeConfig(cfgDir, { officeId: OFFICE, upstreamUrl: broker.url, reconnectMinMs: 200, reconnectMaxMs: 2000 });
  gw = await rig.gateway({ env: { SCPM_CONFIG: configPath } });
  await gw.waitConnected();
  await publishFromCity(readings('resume-seed', 5));
  await waitFor(async () => (await countSeries('resume-seed')) === 5, { what: 'the seed readings' });
}, 60_000);
afterAll(() => rig.cleanup());

describe('session resume', () => {
  it('notices the broker going away, retries with growing delays, and reconnects when it is back', async () => {
    await broker.stop();
    await waitFor(async () => (await gw.health()).body.upstream.connected === false, { timeoutMs: 10_000, what: 'the gateway to see the link down' });
    const h = await gw.health();
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('degraded');

    // While the broker is away, something on its port takes the connection and drops it: count the gateway's attempts.
    const fake = await refusingListener(broker.port);
    await sleep(6000);
    await fake.close();
    const t = fake.times;
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    // reconnectMinMs 200, reconnectMaxMs 2000: a fixed 200 ms period would give ~30 attempts in 6 s.
    expect(t.length, `attempts at +${t.map((x) => x - t[0]!).join(', +')} ms`).toBeGreaterThanOrEqual(3);
    expect(t.length).toBeLessThanOrEqual(12);
    expect(gaps[gaps.length - 1]!, `gaps ${gaps.join(', ')} ms`).toBeGreaterThan(gaps[0]! * 1.5);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2000 + 500);

    broker = await rig.mosquitto({ persistence: true, dir: brokerDir, port: broker.port });
    // Published at once after the restart, likely before the gateway is back: the broker keeps them in its session.
    await publishFromCity(readings('resume-restart', 50));
    const back = await gw.waitConnected(15_000);
    expect(back.upstream.connected).toBe(true);
    await waitFor(async () => (await countSeries('resume-restart')) === 50, { timeoutMs: 15_000, what: '50 readings published right after the broker restart' });
    // And the subscription still works for what comes next.
    await publishFromCity([{ topic: fx.topics.entity('incidents', 'inc-after-restart'), payload: JSON.stringify({ ...fx.incident(), id: 'inc-after-restart' }) }]);
    await waitFor(async () => (await items(gw, '/api/v1/incidents')).some((i) => i.id === 'inc-after-restart'), { what: 'an incident after the restart' });
  }, 60_000);

  it('receives QoS 1 messages published while it was stopped (and the broker restarted meanwhile)', async () => {
    const stopped = await gw.stop();
    expect(stopped.code).toBe(0);
    await broker.stop();
    broker = await rig.mosquitto({ persistence: true, dir: brokerDir, port: broker.port });
    const offline = readings('resume-offline', 300);
    offline.push({ topic: fx.topics.entity('incidents', 'inc-while-away'), payload: JSON.stringify({ ...fx.incident(), id: 'inc-while-away' }) });
    await publishFromCity(offline);

    gw = await rig.gateway({ env: { SCPM_CONFIG: configPath }, dataDir: gw.dataDir });
    await gw.waitConnected();
    await waitFor(async () => (await countSeries('resume-offline')) === 300, { timeoutMs: 20_000, what: '300 readings queued in the session' });
    // Queued after the readings: it is the next message the session delivers, and can be committed a moment after the 300th reading.
    await expect.poll(async () => (await items(gw, '/api/v1/incidents')).some((i) => i.id === 'inc-while-away'), { timeout: 5000, message: 'the incident queued in the session' }).toBe(true);
    // Earlier data survived the restart of both.
    expect(await countSeries('resume-seed')).toBe(5);
    expect(await countSeries('resume-restart')).toBe(50);
  }, 60_000);
});
