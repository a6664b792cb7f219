// Heavy QoS 1 ingest while the gateway is SIGKILLed half-way: the database
// stays intact, and after a restart every published reading is in the store
// (the broker redelivers what the gateway had not acknowledged; the gateway
// acknowledges only what it has committed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, publishMany, sleep, sqlite, sqliteCount, urbanLoadMessage, waitFor, type Gateway, type Mosquitto, type MqttClient } from './rig/index.js';

const N = 20_000;
const CHUNK = 500;
/** Readings published (and PUBACKed by the broker) before the SIGKILL. */
const KILL_AFTER = 6000;
const rig = new Rig('crash');
let broker: Mosquitto;
let gw: Gateway;
let city: MqttClient;
const env = () => ({ SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'crash-office' });

beforeAll(async () => {
  broker = await rig.mosquitto({ maxQueuedMessages: 200_000 });
  city = await rig.client(broker.url);
  gw = await rig.gateway({ env: env() });
  await gw.waitConnected();
}, 60_000);
afterAll(() => rig.cleanup());

describe('crash during heavy ingest', () => {
  it(`loses none of ${N} QoS 1 readings across a SIGKILL and keeps the database intact`, async () => {
    const base = Date.now() - 6 * 3_600_000;
    const range = function* (from: number, to: number) {
      for (let i = from; i < to; i++) yield urbanLoadMessage(i, base);
    };
    // Paced at ~5000/s (below what the gateway takes), so the kill lands by the
    // test's clock, mid-stream, whatever the gateway's HTTP latency under load.
    let kill: Promise<{ signal: NodeJS.Signals | null }> | null = null;
    let committedBeforeKill = 0;
    for (let i = 0; i < N; i += CHUNK) {
      const t = Date.now();
      await publishMany(city, range(i, Math.min(i + CHUNK, N)), 250);
      if (!kill && i + CHUNK >= KILL_AFTER) {
        committedBeforeKill = await sqliteCount(gw.dbPath, 'urban_readings');
        kill = gw.kill('SIGKILL');
      }
      await sleep(Math.max(0, 100 - (Date.now() - t)));
    }
    expect((await kill!).signal).toBe('SIGKILL');
    // The broker PUBACKed all N to the publisher; what the gateway had not acknowledged waits in its session.

    const integrity = await sqlite(gw.dbPath, 'PRAGMA integrity_check');
    expect(integrity).toBe('ok');
    const afterCrash = await sqliteCount(gw.dbPath, 'urban_readings');
    expect(committedBeforeKill, 'the gateway was ingesting when it was killed').toBeGreaterThan(0);
    expect(afterCrash).toBeGreaterThanOrEqual(committedBeforeKill);
    expect(afterCrash, 'the kill must land mid-way for this test to mean anything').toBeLessThan(N);

    gw = await rig.gateway({ env: env(), dataDir: gw.dataDir });
    await gw.waitConnected();
    await waitFor(async () => (await sqliteCount(gw.dbPath, 'urban_readings')) >= N, { timeoutMs: 90_000, intervalMs: 250, what: `all ${N} readings after the restart` });
    await sleep(300);
    expect(await sqliteCount(gw.dbPath, 'urban_readings')).toBe(N);
    const span = await sqlite(gw.dbPath, 'SELECT MIN(ts_ms), MAX(ts_ms), COUNT(DISTINCT ts_ms) FROM urban_readings');
    expect(span.split('|').map(Number)).toEqual([base, base + N - 1, N]);
    // Latest per series reflects the newest reading of each of the 125 series.
    expect(Number(await sqlite(gw.dbPath, 'SELECT COUNT(*) FROM urban_latest'))).toBe(125);

    const stop = await gw.stop();
    expect(stop.code).toBe(0);
    expect(await sqlite(gw.dbPath, 'PRAGMA integrity_check')).toBe('ok');
  }, 180_000);
});
