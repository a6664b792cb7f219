// Integration: the real aedes broker and real mqtt.js clients on 127.0.0.1.
// What a device's session holds for as long as it lives is bounded: its
// subscriptions (any subtopic of its own prefix) and its inbound QoS 2
// messages awaiting PUBREL (aedes bounds those per connection only).
import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { createLogger } from '../../logger.js';
import { Store } from '../../store/store.js';
import { parseConfig } from '../../config/load.js';
import { createLocalBrokerBridge, type LocalBrokerBridge } from './local-broker.js';
import { localBroker } from './index.js';
import { testPorts } from '../test-ports.js';
import type { LocalBrokerConfig } from './config.js';
import { MAX_SUBSCRIPTIONS_PER_CLIENT } from './limits.js';

const PW = 'tablet-1-password-0123';
const YAML = ['office:', '  id: demo', 'upstream:', '  url: null', '  topicRoot: scpm/v1', 'localBroker:', '  host: 127.0.0.1', '  port: 0',
  '  devices:', `    - { id: tablet-1, username: tab1, password: ${PW} }`, ''].join('\n');

const bridges: LocalBrokerBridge[] = [];
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
  for (const b of bridges.splice(0)) await b.stop();
});

async function startBroker() {
  const store = new Store(':memory:', parseConfig(YAML, 'test.yaml', {}).store);
  const t = testPorts<LocalBrokerConfig>(localBroker, YAML, { logger: createLogger('silent'), store });
  const bridge = createLocalBrokerBridge(t.ports);
  bridges.push(bridge);
  await bridge.start();
  const denied = (kind = 'subscription_limit') => t.metrics.counter('scpm_local_broker_denied_total', '').get({ kind });
  return { port: bridge.address()!.port, denied, internal: bridge.internalCredentials(), maxInflight: t.ports.config.maxInflight };
}

async function connect(port: number, opts: IClientOptions): Promise<MqttClient> {
  const client = mqtt.connect({ host: '127.0.0.1', port, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  clients.push(client);
  await new Promise((resolve, reject) => { client.once('connect', resolve); client.once('error', reject); });
  return client;
}

const filters = (from: number, n: number) => Array.from({ length: n }, (_, i) => `office/demo/devices/tablet-1/x${from + i}`);
/** Filters granted by the SUBACK (mqtt.js rejects the whole call when one is refused, with the SUBACK attached). */
async function granted(client: MqttClient, list: string[], qos: 0 | 1): Promise<number> {
  try {
    return (await client.subscribeAsync(list, { qos })).length;
  } catch (err) {
    const codes = (err as { packet?: { granted?: number[] } }).packet?.granted;
    if (!codes) throw err;
    return codes.filter((c) => c !== 128).length;
  }
}

describe('local broker: subscriptions per device client', () => {
  it('grants at most MAX_SUBSCRIPTIONS_PER_CLIENT filters, refuses the rest (SUBACK 0x80, counted) and keeps the connection', async () => {
    const { port, denied } = await startBroker();
    const device = await connect(port, { username: 'tab1', password: PW, clientId: 'tab1-a', clean: false });
    expect(await granted(device, filters(0, 200), 1)).toBe(MAX_SUBSCRIPTIONS_PER_CLIENT);
    expect(denied()).toBe(200 - MAX_SUBSCRIPTIONS_PER_CLIENT);
    expect(await granted(device, filters(1000, 10), 1)).toBe(0);
    // A filter already held is granted again; one given up frees its place.
    expect(await granted(device, filters(0, 1), 0)).toBe(1);
    await device.unsubscribeAsync(filters(0, 5));
    expect(await granted(device, filters(2000, 10), 1)).toBe(5);
    expect(device.connected).toBe(true);
  });

  it('keeps only granted filters in a persistent session (aedes would store a packet\'s refused ones too)', async () => {
    const { port, denied } = await startBroker();
    const device = await connect(port, { username: 'tab1', password: PW, clientId: 'tab1-c', clean: false });
    await granted(device, filters(0, MAX_SUBSCRIPTIONS_PER_CLIENT), 1);
    // One place at a time, each taken by a packet of 300 new filters: 1 granted, 299 refused.
    for (let round = 0; round < 20; round++) {
      await device.unsubscribeAsync(filters(round, 1));
      expect(await granted(device, filters(10_000 + round * 300, 300), 1)).toBe(1);
    }
    const refusedLive = denied();
    expect(refusedLive).toBe(20 * 299);
    await device.endAsync();
    // The session comes back with what it held: every restored filter is granted again, none refused.
    const back = await connect(port, { username: 'tab1', password: PW, clientId: 'tab1-c', clean: false });
    expect(await granted(back, filters(MAX_SUBSCRIPTIONS_PER_CLIENT - 1, 1), 1)).toBe(1); // held already; its SUBACK follows the restore
    expect(denied()).toBe(refusedLive);
  });

  it('counts a persistent session\'s restored subscriptions again on reconnect; the internal account is not bounded', async () => {
    const { port, denied, internal } = await startBroker();
    const first = await connect(port, { username: 'tab1', password: PW, clientId: 'tab1-b', clean: false });
    expect(await granted(first, filters(0, MAX_SUBSCRIPTIONS_PER_CLIENT), 1)).toBe(MAX_SUBSCRIPTIONS_PER_CLIENT);
    await first.endAsync();
    const again = await connect(port, { username: 'tab1', password: PW, clientId: 'tab1-b', clean: false });
    expect(await granted(again, filters(500, 3), 1)).toBe(0);
    expect(denied()).toBe(3);
    const gateway = await connect(port, { ...internal, clientId: 'internal-many' });
    expect(await granted(gateway, filters(0, 200), 0)).toBe(200);
  });
});

/**
 * One persistent-session connection of a device that sends `ids` as QoS 2 and
 * never PUBREL (mqtt.js would): raw packets. Resolves with the PUBCOMPs got for `release` once every PUBREC is in.
 */
function unreleasedRound(port: number, ids: number[], release: number[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    let recs = 0;
    let comps = 0;
    const timer = setTimeout(() => reject(new Error('round timed out')), 5000);
    parser.on('packet', (p) => {
      if (p.cmd === 'connack') {
        for (const messageId of ids) socket.write(mqttPacket.generate({ cmd: 'publish', qos: 2, messageId, topic: 'office/demo/devices/tablet-1/q', payload: Buffer.alloc(1000), retain: false, dup: false }));
      } else if (p.cmd === 'pubrec' && ++recs === ids.length) {
        for (const messageId of release) socket.write(mqttPacket.generate({ cmd: 'pubrel', messageId }));
        if (release.length === 0) socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
      } else if (p.cmd === 'pubcomp' && ++comps === release.length) socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
    });
    socket.on('data', (d) => parser.parse(d));
    socket.on('close', () => { clearTimeout(timer); resolve(comps); });
    socket.on('error', reject);
    socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: false, clientId: 'tab1-q', keepalive: 60, username: 'tab1', password: Buffer.from(PW) }));
  });
}

describe('local broker: inbound QoS 2 messages a device session holds', () => {
  it('keeps one connection\'s worth (maxInflight) across reconnects: the oldest go, counted; a PUBREL for one gone still gets its PUBCOMP', async () => {
    const { port, denied, maxInflight } = await startBroker();
    for (let round = 0; round < 3; round++) await unreleasedRound(port, Array.from({ length: maxInflight }, (_, i) => round * maxInflight + i + 1));
    expect(denied('qos2_unreleased')).toBe(2 * maxInflight);
    // The first round's messages are gone, the last round's held: both PUBRELs are answered.
    expect(await unreleasedRound(port, [60_000], [1, 2 * maxInflight + 1])).toBe(2);
    expect(denied('qos2_unreleased')).toBe(2 * maxInflight + 1);
  });
});
