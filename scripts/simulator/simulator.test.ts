// The simulator against a real broker (aedes, as embedded in the gateway) on loopback.
import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle, type SimulatorLogger } from './simulator.js';

interface Broker { port: number; close(): Promise<void> }

async function startBroker(port = 0): Promise<Broker> {
  const aedes = await Aedes.createBroker();
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const quiet: SimulatorLogger = { info: () => undefined, warn: () => undefined };

/** Subscribes to everything under the root; collects retained topics and live messages. */
async function watch(port: number) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0 });
  const retained = new Map<string, string>();
  const live: string[] = [];
  client.on('message', (topic, payload, packet) => {
    if (packet.retain) retained.set(topic, payload.toString());
    else live.push(topic);
  });
  await client.subscribeAsync('scpm/v1/#', { qos: 1 });
  return { client, retained, live };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

function kindCounts(topics: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of topics) counts[t.split('/')[2]!] = (counts[t.split('/')[2]!] ?? 0) + 1;
  return counts;
}

describe('CitySimulator', () => {
  it('leaves the full snapshot retained, then publishes live updates, and stops cleanly', async () => {
    const broker = await startBroker();
    cleanups.push(() => broker.close());
    let sim: SimulatorHandle | null = await startSimulator({ url: `mqtt://127.0.0.1:${broker.port}`, rate: 10, logger: quiet, seed: 3 });
    cleanups.push(async () => sim?.stop());
    expect(sim.stats().published).toBeGreaterThan(17_000);
    expect(sim.stats().snapshots).toBe(1);

    const w = await watch(broker.port);
    cleanups.push(() => w.client.endAsync());
    const expected = { catalog: 62, indicators: 16_120, urban: 156, polls: 6, pledges: 12, trends: 8 };
    const complete = () => Object.entries(expected).every(([k, n]) => kindCounts(w.retained.keys())[k] === n);
    await until(complete, 20_000);
    const counts = kindCounts(w.retained.keys());
    expect(counts.incidents).toBeGreaterThan(0);
    expect(counts.complaints).toBeGreaterThan(0);

    // At rate 10 every district gets a reading every 0.5 s.
    await until(() => new Set(w.live.filter((t) => t.includes('/urban/'))).size >= 26 * 6, 5_000);
    const handle = sim;
    sim = null;
    await handle.stop();
    expect(handle.stats().connected).toBe(false);
    const after = w.live.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(w.live.length).toBe(after);
  });

  it('survives a broker restart and sends the snapshot again', async () => {
    const first = await startBroker();
    const port = first.port;
    const sim = await startSimulator({ url: `mqtt://127.0.0.1:${port}`, rate: 2, logger: quiet });
    cleanups.push(() => sim.stop());
    await first.close();
    await until(() => !sim.stats().connected, 5_000);

    // The new broker has no retained state; the simulator must fill it again.
    const second = await startBroker(port);
    cleanups.push(() => second.close());
    await until(() => sim.stats().snapshots >= 2, 20_000);
    const w = await watch(port);
    cleanups.push(() => w.client.endAsync());
    await until(() => (kindCounts(w.retained.keys()).catalog ?? 0) === 62, 10_000);
    expect(sim.stats().connected).toBe(true);
  });

  it('gives up on a broker that never answers', async () => {
    const broker = await startBroker();
    const port = broker.port;
    await broker.close();
    await expect(startSimulator({ url: `mqtt://127.0.0.1:${port}`, logger: quiet, connectTimeoutMs: 500 })).rejects.toThrow(/no connection/);
  });
});
