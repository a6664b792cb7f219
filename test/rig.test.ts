// The rig itself, against mosquitto only (no gateway): ports, restarts with
// persistence, a persistent session's queue surviving a broker restart.
import { afterAll, describe, expect, it } from 'vitest';
import { Rig, freePort, portOpen, publish1, waitFor, parseMetrics } from './rig/index.js';

const rig = new Rig('rig');
afterAll(() => rig.cleanup());

describe('test rig', () => {
  it('finds free ports', async () => {
    const [a, b] = await Promise.all([freePort(), freePort()]);
    expect(a).toBeGreaterThan(0);
    expect(await portOpen(a)).toBe(false);
    expect(b).toBeGreaterThan(0);
  });

  it('parses Prometheus text', () => {
    const m = parseMetrics('# HELP x y\n# TYPE x counter\nx 3\nr{reason="schema"} 2\n');
    expect(m.get('x')).toBe(3);
    expect(m.get('r{reason="schema"}')).toBe(2);
  });

  it('restarts a persistent mosquitto on the same port and keeps retained messages and queued session messages', async () => {
    const dir = rig.tempDir('broker');
    let broker = await rig.mosquitto({ persistence: true, dir });
    const port = broker.port;
    const sub = await rig.client(broker.url, { clientId: 'rig-persistent-sub', clean: false, properties: { sessionExpiryInterval: 3600 } });
    await sub.subscribeAsync('rig/#', { qos: 1 });
    await sub.endAsync();
    const pub = await rig.client(broker.url);
    await publish1(pub, 'rig/retained', 'kept', { retain: true });
    await publish1(pub, 'rig/queued', 'q1');
    await pub.endAsync();

    const exit = await broker.stop();
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    expect(await portOpen(port)).toBe(false);
    broker = await rig.mosquitto({ persistence: true, dir, port });
    expect(broker.port).toBe(port);

    const got: string[] = [];
    await rig.client(broker.url, { clientId: 'rig-persistent-sub', clean: false, properties: { sessionExpiryInterval: 3600 } },
      (topic, payload) => got.push(`${topic}=${payload.toString()}`));
    await waitFor(() => got.includes('rig/queued=q1'), { timeoutMs: 5000, what: 'the queued message after the broker restart' });
    const fresh = await rig.client(broker.url);
    const retained: string[] = [];
    fresh.on('message', (topic, payload) => retained.push(`${topic}=${payload.toString()}`));
    await fresh.subscribeAsync('rig/retained', { qos: 1 });
    await waitFor(() => retained.includes('rig/retained=kept'), { timeoutMs: 5000, what: 'the retained message after the broker restart' });
  });
});
