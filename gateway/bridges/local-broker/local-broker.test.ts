// Integration: the real aedes broker and real mqtt.js clients on 127.0.0.1.
import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Bus} from '../../bus.js';
import { type BusEvents } from '../../bus.js';
import type { Metrics } from '../../metrics.js';
import { createLogger } from '../../logger.js';
import { parseConfig, type Config } from '../../config/load.js';
import { Store } from '../../store/store.js';
import { createLocalBrokerBridge, listenPlan, type LocalBrokerBridge } from './local-broker.js';
import { localBroker } from './index.js';
import { testPorts } from '../test-ports.js';
import type { LocalBrokerConfig } from './config.js';

const PW1 = 'tablet-1-password-0123';
const PW10 = 'tablet-10-password-4567';

interface YamlOpts { upstreamUrl?: string; port?: number; maxClients?: number; /** More lines of the localBroker section, indented. */ localBroker?: string[] }

function yamlText(o: YamlOpts = {}): string {
  return [
    'office:',
    '  id: demo',
    'upstream:',
    `  url: ${o.upstreamUrl ? JSON.stringify(o.upstreamUrl) : 'null'}`,
    '  topicRoot: scpm/v1',
    'localBroker:',
    '  host: 127.0.0.1',
    `  port: ${o.port ?? 0}`,
    `  maxClients: ${o.maxClients ?? 64}`,
    ...(o.localBroker ?? []).map((l) => `  ${l}`),
    '  devices:',
    '    - { id: tablet-1, username: tab1, password: ' + PW1 + ' }',
    '    - { id: tablet-10, username: tab10, password: ' + PW10 + ' }',
    '',
  ].join('\n');
}

const bridges: LocalBrokerBridge[] = [];
const clients: MqttClient[] = [];
const stores: Store[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
  for (const b of bridges.splice(0)) await b.stop();
  for (const s of stores.splice(0)) s.close();
});

interface Rig { bridge: LocalBrokerBridge; bus: Bus; metrics: Metrics; config: Config; store: Store; port: number; logs: string[] }

async function startRig(o: YamlOpts = {}, opts: { captureLogs?: boolean; store?: Store } = {}): Promise<Rig> {
  const config = parseConfig(yamlText(o), 'test.yaml', {});
  const store = opts.store ?? new Store(':memory:', config.store);
  if (!opts.store) stores.push(store);
  const logs: string[] = [];
  const logger = opts.captureLogs ? createLogger('warn', { write: (line: string) => void logs.push(line) }) : createLogger('silent');
  const t = testPorts<LocalBrokerConfig>(localBroker, yamlText(o), { logger, store });
  const { bus, metrics } = t;
  const bridge = createLocalBrokerBridge(t.ports);
  bridges.push(bridge);
  await bridge.start();
  return { bridge, bus, metrics, config, store, port: bridge.address()?.port ?? -1, logs };
}

const denied = (rig: Rig, kind: string) => rig.metrics.counter('scpm_local_broker_denied_total', '').get({ kind });

function connect(port: number, opts: IClientOptions): Promise<MqttClient> {
  const client = mqtt.connect({ host: '127.0.0.1', port, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

const device1 = (port: number, extra: IClientOptions = {}) => connect(port, { username: 'tab1', password: PW1, ...extra });
const device10 = (port: number, extra: IClientOptions = {}) => connect(port, { username: 'tab10', password: PW10, ...extra });
const internalClient = (rig: Rig, extra: IClientOptions = {}) => connect(rig.port, { ...rig.bridge.internalCredentials(), ...extra });

interface Seen { topic: string; text: string; retain: boolean }

function collect(client: MqttClient): Seen[] {
  const seen: Seen[] = [];
  client.on('message', (topic, payload, packet) => seen.push({ topic, text: payload.toString(), retain: packet.retain }));
  return seen;
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves when the client's connection closes; rejects after 5 s. */
function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!client.connected) return resolve();
    const timer = setTimeout(() => reject(new Error('connection still open after 5 s')), 5000);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function recordBus<K extends keyof BusEvents>(bus: Bus, event: K): BusEvents[K][] {
  const seen: BusEvents[K][] = [];
  bus.on(event, ((...args: BusEvents[K]) => seen.push(args)) as never);
  return seen;
}

/** SUBACK return codes in filter order (mqtt.js rejects when any is 128; the packet is on the error). */
async function subackCodes(client: MqttClient, filters: Record<string, { qos: 0 | 1 | 2 }>): Promise<number[]> {
  try {
    return (await client.subscribeAsync(filters)).map((g) => g.qos);
  } catch (err) {
    const granted = (err as { packet?: { granted?: number[] } }).packet?.granted;
    if (!granted) throw err;
    return granted;
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('where the broker listens', () => {
  it('listenPlan: configured port, else the demo internal port on loopback, else nowhere', () => {
    expect(listenPlan(parseConfig(yamlText({ port: 1884, upstreamUrl: 'mqtt://city.example:1883' }), 't.yaml', {}).localBroker, false)).toEqual({ mode: 'devices', host: '127.0.0.1', port: 1884 });
    expect(listenPlan(parseConfig(yamlText({ port: 0 }), 't.yaml', {}).localBroker, true)).toEqual({ mode: 'demo-internal', host: '127.0.0.1', port: 0 });
    expect(listenPlan(parseConfig(yamlText({ port: 0, upstreamUrl: 'mqtt://city.example:1883' }), 't.yaml', {}).localBroker, false)).toBeNull();
  });

  it('port 0 outside demo mode: does nothing, health says disabled by config', async () => {
    const rig = await startRig({ port: 0, upstreamUrl: 'mqtt://city.example:1883' });
    expect(rig.bridge.address()).toBeNull();
    expect(rig.bridge.health()).toMatchObject({ state: 'stopped', detail: 'disabled by config', devices: 2, clients: 0 });
    expect(rig.bus.listenerCount('link')).toBe(0);
    await rig.bridge.stop();
    expect(rig.bridge.health()).toMatchObject({ state: 'stopped', detail: 'disabled by config' });
  });

  it('port 0 in demo mode: runs on a free loopback port and reports it', async () => {
    const rig = await startRig();
    expect(rig.bridge.address()).toEqual({ host: '127.0.0.1', port: expect.any(Number) });
    expect(rig.port).toBeGreaterThan(0);
    expect(rig.bridge.health()).toMatchObject({ state: 'running', port: rig.port, devices: 2, clients: 0 });
    const c = await device1(rig.port);
    expect(c.connected).toBe(true);
    await waitFor(() => rig.bridge.health().clients === 1, 'clients = 1');
  });

  it('a configured port is used as it is (device mode, not demo)', async () => {
    const port = await freePort();
    const rig = await startRig({ port, upstreamUrl: 'mqtt://city.example:1883' });
    expect(rig.bridge.address()).toEqual({ host: '127.0.0.1', port });
    await device1(port);
  });
});

describe('authentication', () => {
  it('a device with the right password connects; a wrong or missing one is refused and counted; the password is never logged', async () => {
    const rig = await startRig({}, { captureLogs: true });
    await device1(rig.port);
    await expect(connect(rig.port, { username: 'tab1', password: 'wrong-password-xyz' })).rejects.toMatchObject({ code: 4 });
    await expect(connect(rig.port, { username: 'tab1', password: PW10 })).rejects.toMatchObject({ code: 4 });
    await expect(connect(rig.port, { username: 'nobody', password: PW1 })).rejects.toMatchObject({ code: 4 });
    await expect(connect(rig.port, {})).rejects.toMatchObject({ code: 5 });
    const internalUser = rig.bridge.internalCredentials().username;
    await expect(connect(rig.port, { username: internalUser, password: 'not-the-internal-password' })).rejects.toMatchObject({ code: 4 });
    expect(denied(rig, 'auth')).toBe(5);
    expect(rig.metrics.render()).toContain('scpm_local_broker_denied_total{kind="auth"} 5');
    const text = rig.logs.join('');
    expect(text).toContain('connection refused');
    expect(text).toContain('"username":"tab1"');
    for (const secret of ['wrong-password-xyz', PW10, PW1, 'not-the-internal-password']) expect(text).not.toContain(secret);
  });

  it('the internal account is random per bridge and works', async () => {
    const rig = await startRig();
    const creds = rig.bridge.internalCredentials();
    expect(creds.username).toMatch(/^scpm-internal-[0-9a-f]{16}$/);
    expect(Buffer.from(creds.password, 'base64url')).toHaveLength(32);
    const other = await startRig();
    expect(other.bridge.internalCredentials().password).not.toBe(creds.password);
    await internalClient(rig);
    // Credentials of one bridge do not open another.
    await expect(connect(other.port, creds)).rejects.toMatchObject({ code: 4 });
  });

  it('a device cannot take over a client id held by the internal account', async () => {
    const rig = await startRig();
    const internal = await internalClient(rig, { clientId: 'scpm-edge-demo' });
    let internalClosed = false;
    internal.on('close', () => (internalClosed = true));
    await expect(device1(rig.port, { clientId: 'scpm-edge-demo' })).rejects.toMatchObject({ code: 2 });
    // The internal session is still there: a round trip works on it.
    await internal.subscribeAsync('scpm/v1/#', { qos: 1 });
    expect(internalClosed).toBe(false);
    // The same device may take over its own client id (a reconnect).
    const first = await device1(rig.port, { clientId: 'tablet-1-main' });
    const firstGone = closed(first);
    await device1(rig.port, { clientId: 'tablet-1-main' });
    await firstGone;
  });

  it('maxClients bounds device connections (CONNACK 3); the internal account still connects', async () => {
    const rig = await startRig({ maxClients: 1 });
    await device1(rig.port);
    await expect(device10(rig.port)).rejects.toMatchObject({ code: 3 });
    expect(denied(rig, 'capacity')).toBe(1);
    await internalClient(rig);
  });
});

describe('device messages', () => {
  it('a device publishing JSON under its prefix reaches the bus as device:message; non-JSON and empty payloads do not', async () => {
    const rig = await startRig();
    const seen = recordBus(rig.bus, 'device:message');
    const dev = await device1(rig.port);
    await dev.publishAsync('office/demo/devices/tablet-1/voice/command', 'not json {', { qos: 1 });
    await dev.publishAsync('office/demo/devices/tablet-1/voice/command', '', { qos: 1 });
    await dev.publishAsync('office/demo/devices/tablet-1/voice/command', JSON.stringify({ text: 'show incidents', confidence: 0.93 }), { qos: 1 });
    await waitFor(() => seen.length >= 1, 'device:message');
    expect(seen).toEqual([[{ deviceId: 'tablet-1', subtopic: 'voice/command', payload: { text: 'show incidents', confidence: 0.93 } }]]);
    const dev10 = await device10(rig.port);
    await dev10.publishAsync('office/demo/devices/tablet-10/gesture', '{"swipe":"left"}', { qos: 0 });
    await waitFor(() => seen.length >= 2, 'second device:message');
    expect(seen[1]).toEqual([{ deviceId: 'tablet-10', subtopic: 'gesture', payload: { swipe: 'left' } }]);
    expect(denied(rig, 'publish')).toBe(0);
  });

  it('device messages are not retained (one device cannot grow the broker memory topic by topic)', async () => {
    const rig = await startRig();
    const dev = await device1(rig.port);
    await dev.publishAsync('office/demo/devices/tablet-1/status', '{"online":true}', { qos: 1, retain: true });
    const late = await internalClient(rig);
    const seen = collect(late);
    await late.subscribeAsync('office/demo/devices/#', { qos: 1 });
    await dev.publishAsync('office/demo/devices/tablet-1/marker', '{}', { qos: 1 });
    await waitFor(() => seen.length >= 1, 'marker');
    expect(seen.map((s) => s.topic)).toEqual(['office/demo/devices/tablet-1/marker']);
  });

  it('a packet over 64 KiB (+ header room) closes the connection before it is parsed; 60 KiB passes', async () => {
    const rig = await startRig();
    const seen = recordBus(rig.bus, 'device:message');
    const big = await device1(rig.port);
    const gone = closed(big);
    big.publish('office/demo/devices/tablet-1/blob', JSON.stringify({ data: 'x'.repeat(70 * 1024) }), { qos: 0 });
    await gone;
    expect(denied(rig, 'packet_size')).toBe(1);
    const ok = await device1(rig.port);
    await ok.publishAsync('office/demo/devices/tablet-1/blob', JSON.stringify({ data: 'y'.repeat(60 * 1024) }), { qos: 1 });
    await waitFor(() => seen.length === 1, 'the 60 KiB message');
    expect((seen[0]![0].payload as { data: string }).data).toHaveLength(60 * 1024);
  });
});

describe('publish ACL', () => {
  it.each([
    ['another device', 'office/demo/devices/tablet-10/gesture'],
    ['a prefix trick (tablet-1 → tablet-10)', 'office/demo/devices/tablet-10/x'],
    ['the city root', 'scpm/v1/incidents/inc-1'],
    ['the office state', 'office/demo/state/link'],
    ['a random topic', 'hello/world'],
  ])('a device publishing to %s is dropped (no subscriber sees it), counted, and disconnected', async (_why, topic) => {
    const rig = await startRig();
    const watcher = await internalClient(rig);
    const seen = collect(watcher);
    await watcher.subscribeAsync('#', { qos: 1 });
    const busSeen = recordBus(rig.bus, 'device:message');
    const dev = await device1(rig.port);
    const gone = closed(dev);
    dev.publish(topic, '{"evil":true}', { qos: 1, retain: true });
    await gone;
    expect(denied(rig, 'publish')).toBe(1);
    // Something allowed afterwards arrives, and it is the only thing that did.
    const dev10 = await device10(rig.port);
    await dev10.publishAsync('office/demo/devices/tablet-10/ok', '{"fine":true}', { qos: 1 });
    await waitFor(() => seen.length >= 1, 'the allowed message');
    expect(seen.map((s) => s.topic)).toEqual(['office/demo/devices/tablet-10/ok']);
    expect(busSeen.map(([m]) => m.deviceId)).toEqual(['tablet-10']);
    // Nor was it retained for a later subscriber.
    const late = await internalClient(rig);
    const lateSeen = collect(late);
    await late.subscribeAsync(topic, { qos: 1 });
    await late.subscribeAsync('office/demo/devices/tablet-10/ok', { qos: 1 });
    await dev10.publishAsync('office/demo/devices/tablet-10/ok', '{"again":true}', { qos: 1 });
    await waitFor(() => lateSeen.some((s) => s.text === '{"again":true}'), 'the marker');
    expect(lateSeen.filter((s) => s.topic === topic)).toEqual([]);
  });

  it('the internal account may publish under the city root but not under $SYS', async () => {
    const rig = await startRig();
    const sub = await internalClient(rig);
    const seen = collect(sub);
    await sub.subscribeAsync('scpm/v1/#', { qos: 1 });
    const pub = await internalClient(rig);
    await pub.publishAsync('scpm/v1/urban/pm25/11230', '{"value":18}', { qos: 1 });
    await waitFor(() => seen.length === 1, 'city message');
    expect(seen[0]).toMatchObject({ topic: 'scpm/v1/urban/pm25/11230', text: '{"value":18}' });
    const gone = closed(pub);
    pub.publish('$SYS/fake/heartbeat', 'x', { qos: 0 });
    await gone;
    expect(denied(rig, 'publish')).toBe(1);
  });
});

describe('subscribe ACL', () => {
  it('a device gets 128 for the city root, #, $SYS and other devices; state and its own prefix are granted', async () => {
    const rig = await startRig();
    const dev = await device1(rig.port);
    const filters = {
      'scpm/v1/#': 1,
      '#': 1,
      '$SYS/#': 0,
      'office/demo/devices/tablet-10/#': 0,
      'office/demo/state/#': 1,
      'office/demo/devices/tablet-1/#': 1,
    } as const;
    const codes = await subackCodes(dev, Object.fromEntries(Object.entries(filters).map(([t, qos]) => [t, { qos }])));
    expect(Object.fromEntries(Object.keys(filters).map((t, i) => [t, codes[i]]))).toEqual({
      'scpm/v1/#': 128,
      '#': 128,
      '$SYS/#': 128,
      'office/demo/devices/tablet-10/#': 128,
      'office/demo/state/#': 1,
      'office/demo/devices/tablet-1/#': 1,
    });
    expect(denied(rig, 'subscribe')).toBe(4);
    expect(dev.connected).toBe(true);
    // A denied filter delivers nothing: city data published by the internal account does not reach the device.
    const seen = collect(dev);
    const city = await internalClient(rig);
    await city.publishAsync('scpm/v1/incidents/inc-1', '{"id":"inc-1"}', { qos: 1 });
    await city.publishAsync('office/demo/devices/tablet-1/cmd', '{"marker":true}', { qos: 1 });
    await waitFor(() => seen.length >= 1, 'the marker');
    expect(seen.map((s) => s.topic)).toEqual(['office/demo/devices/tablet-1/cmd']);
  });
});

describe('live state for office devices', () => {
  it('link and screen state are republished retained under office/{id}/state; a late device receives them; nothing goes under the city root', async () => {
    const rig = await startRig();
    const all = await internalClient(rig);
    const allSeen = collect(all);
    await all.subscribeAsync('#', { qos: 1 });
    rig.bus.emit('link', { up: true, at: Date.parse('2026-11-23T00:41:07.000Z') });
    rig.bus.emit('screen:changed', { screen: 'wall', state: { page: 'safety', incident: 'inc-1' }, source: 'touch' });
    await waitFor(() => allSeen.length >= 2, 'state published');

    const late = await device1(rig.port);
    const seen = collect(late);
    await late.subscribeAsync('office/demo/state/#', { qos: 1 });
    await waitFor(() => seen.length >= 2, 'retained state');
    const link = seen.find((s) => s.topic === 'office/demo/state/link');
    const wall = seen.find((s) => s.topic === 'office/demo/state/screens/wall');
    expect(link?.retain).toBe(true);
    expect(JSON.parse(link!.text)).toEqual({ up: true, at: '2026-11-23T00:41:07.000Z' });
    expect(wall?.retain).toBe(true);
    expect(JSON.parse(wall!.text)).toMatchObject({ screen: 'wall', state: { page: 'safety', incident: 'inc-1' }, source: 'touch' });

    // Live updates follow.
    rig.bus.emit('link', { up: false, at: Date.parse('2026-11-23T00:45:00.000Z') });
    await waitFor(() => seen.some((s) => s.topic === 'office/demo/state/link' && s.text.includes('"up":false')), 'link down');
    expect(allSeen.filter((s) => s.topic.startsWith('scpm/v1'))).toEqual([]);
    expect(allSeen.every((s) => s.topic.startsWith('office/demo/state/'))).toBe(true);
  });

  it('a screen name that is not one topic level is not republished', async () => {
    const rig = await startRig();
    const all = await internalClient(rig);
    const allSeen = collect(all);
    await all.subscribeAsync('#', { qos: 1 });
    rig.bus.emit('screen:changed', { screen: '../x/#', state: {}, source: 'api' });
    rig.bus.emit('screen:changed', { screen: 'lobby', state: { page: 'home' }, source: 'api' });
    await waitFor(() => allSeen.length >= 1, 'lobby state');
    expect(allSeen.map((s) => s.topic)).toEqual(['office/demo/state/screens/lobby']);
  });

  it('city changes are coalesced into one non-retained office/{id}/state/changes batch', async () => {
    const rig = await startRig();
    const dev = await device1(rig.port);
    const seen = collect(dev);
    await dev.subscribeAsync('office/demo/state/changes', { qos: 0 });
    const t0 = Date.now();
    rig.bus.emit('city:changed', [{ kind: 'urban', key: 'urban:pm25:11230', ts: '2026-11-23T09:41:00+09:00', district: '11230' }]);
    rig.bus.emit('city:changed', [
      { kind: 'incident', key: 'incident:inc-1', ts: '2026-11-23T09:41:02+09:00' },
      { kind: 'urban', key: 'urban:pm25:11230', ts: '2026-11-23T09:42:00+09:00', district: '11230' },
    ]);
    await waitFor(() => seen.length >= 1, 'a batch');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    expect(seen[0]!.retain).toBe(false);
    expect(JSON.parse(seen[0]!.text)).toEqual({
      changes: [
        { key: 'incident:inc-1', ts: '2026-11-23T09:41:02+09:00' },
        { key: 'urban:pm25:11230', ts: '2026-11-23T09:42:00+09:00' },
      ],
    });
    // One window later still only one batch: both notices went out together.
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1);
    // Not retained: a later subscriber gets nothing.
    const late = await device10(rig.port);
    const lateSeen = collect(late);
    await late.subscribeAsync('office/demo/state/#', { qos: 0 });
    await late.subscribeAsync('office/demo/devices/tablet-10/#', { qos: 0 });
    await late.publishAsync('office/demo/devices/tablet-10/marker', '{}', { qos: 1 });
    await waitFor(() => lateSeen.length >= 1, 'marker');
    expect(lateSeen.map((s) => s.topic)).toEqual(['office/demo/devices/tablet-10/marker']);
  });
});

describe('stop and restart', () => {
  it('stop() closes clients, frees the port and removes bus listeners, within 2 s', async () => {
    const rig = await startRig();
    const port = rig.port;
    expect(rig.bus.listenerCount('link')).toBe(1);
    expect(rig.bus.listenerCount('screen:changed')).toBe(1);
    expect(rig.bus.listenerCount('city:changed')).toBe(1);
    const dev = await device1(port);
    const gone = closed(dev);
    // A connection that never sends CONNECT (aedes does not know it as a client yet).
    const raw = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => raw.once('connect', () => r()));
    const rawClosed = new Promise<void>((r) => raw.once('close', () => r()));
    rig.bus.emit('city:changed', [{ kind: 'incident', key: 'incident:inc-9', ts: '2026-11-23T09:41:02+09:00' }]);
    const t0 = Date.now();
    await rig.bridge.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    await gone;
    await rawClosed;
    expect(rig.bridge.address()).toBeNull();
    expect(rig.bridge.health()).toMatchObject({ state: 'stopped', port: null, clients: 0 });
    for (const e of ['link', 'screen:changed', 'city:changed'] as const) expect(rig.bus.listenerCount(e)).toBe(0);
    const s = net.createServer();
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((r) => s.close(() => r()));
  });

  it('a restart keeps the port and the internal credentials, and republishes the last link state', async () => {
    const rig = await startRig();
    const creds = rig.bridge.internalCredentials();
    rig.bus.emit('link', { up: true, at: Date.parse('2026-11-23T01:00:00.000Z') });
    await rig.bridge.stop();
    await rig.bridge.start();
    expect(rig.bridge.address()?.port).toBe(rig.port);
    expect(rig.bridge.internalCredentials()).toEqual(creds);
    expect(rig.bus.listenerCount('link')).toBe(1);
    await internalClient(rig);
    const dev = await device1(rig.port);
    const seen = collect(dev);
    await dev.subscribeAsync('office/demo/state/link', { qos: 0 });
    await waitFor(() => seen.length >= 1, 'retained link after restart');
    expect(JSON.parse(seen[0]!.text)).toEqual({ up: true, at: '2026-11-23T01:00:00.000Z' });
  });
});

describe('retained messages (kept in the store)', () => {
  const retainedRows = (store: Store) => store.brokerRetainedTopics();

  it('are served to a later subscriber from the store; an empty payload clears one; they outlive a bridge restart', async () => {
    const rig = await startRig();
    const pub = await internalClient(rig);
    await pub.publishAsync('scpm/v1/urban/pm25/11230', '{"value":18}', { qos: 1, retain: true });
    await pub.publishAsync('scpm/v1/polls/p1', '{"id":"p1"}', { qos: 1, retain: true });
    await pub.publishAsync('scpm/v1/live/only', '{"x":1}', { qos: 1, retain: false });
    await waitFor(() => retainedRows(rig.store).length === 2, 'two retained rows committed');
    expect(retainedRows(rig.store)).toEqual(['scpm/v1/polls/p1', 'scpm/v1/urban/pm25/11230']);

    const late = await internalClient(rig);
    const seen = collect(late);
    await late.subscribeAsync('scpm/v1/#', { qos: 1 });
    await waitFor(() => seen.length >= 2, 'retained city messages');
    expect(seen.map((m) => [m.topic, m.text, m.retain])).toEqual([
      ['scpm/v1/polls/p1', '{"id":"p1"}', true],
      ['scpm/v1/urban/pm25/11230', '{"value":18}', true],
    ]);

    await pub.publishAsync('scpm/v1/polls/p1', '', { qos: 1, retain: true });
    await waitFor(() => retainedRows(rig.store).length === 1, 'the empty payload deleted the row');
    expect(rig.bridge.health()).toMatchObject({ retained: 1, retainedRefused: 0 });
    expect(rig.metrics.render()).toContain('scpm_local_broker_retained 1');

    await rig.bridge.stop();
    await rig.bridge.start();
    const after = await internalClient(rig);
    const seenAfter = collect(after);
    await after.subscribeAsync('scpm/v1/+/+/+', { qos: 0 });
    await waitFor(() => seenAfter.length >= 1, 'retained after restart');
    await new Promise((r) => setTimeout(r, 100));
    expect(seenAfter.map((m) => m.topic)).toEqual(['scpm/v1/urban/pm25/11230']);
  });

  it('a new process drops what the previous run retained under the city root and the link state, and serves its screen states', async () => {
    const store = new Store(':memory:', parseConfig(yamlText(), 'test.yaml', {}).store);
    stores.push(store);
    const first = await startRig({}, { store });
    const pub = await internalClient(first);
    await pub.publishAsync('scpm/v1/incidents/inc-1', '{"id":"inc-1"}', { qos: 1, retain: true });
    first.bus.emit('link', { up: true, at: Date.parse('2026-11-23T01:00:00.000Z') });
    first.bus.emit('screen:changed', { screen: 'wall', state: { page: 'urban' }, source: 'touch' });
    await waitFor(() => retainedRows(store).length === 3, 'three retained rows');
    await first.bridge.stop();

    const second = await startRig({}, { store });
    expect(retainedRows(store)).toEqual(['office/demo/state/screens/wall']);
    const dev = await device1(second.port);
    const seen = collect(dev);
    await dev.subscribeAsync('office/demo/state/#', { qos: 0 });
    await waitFor(() => seen.length >= 1, 'the screen state');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.map((m) => m.topic)).toEqual(['office/demo/state/screens/wall']);
    expect(JSON.parse(seen[0]!.text)).toMatchObject({ screen: 'wall', state: { page: 'urban' } });
  });
});

/** One CONNECT from `localAddress` (another loopback address is another source); the CONNACK code, 0 when accepted. */
function connackFrom(port: number, opts: IClientOptions, localAddress = '127.0.0.1'): Promise<number> {
  const client = new mqtt.MqttClient(() => net.createConnection({ host: '127.0.0.1', port, localAddress }), {
    protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, clean: true, ...opts,
  });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(0));
    client.once('error', (err) => {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'number') resolve(code);
      else reject(err);
    });
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

/** Bare TCP connections that never send a byte; resolves once each is open (or was closed by the broker). */
async function idleSockets(port: number, n: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = net.createConnection({ host: '127.0.0.1', port });
    s.on('error', () => undefined);
    sockets.push(s);
    await new Promise<void>((resolve) => {
      s.once('connect', () => resolve());
      s.once('close', () => resolve());
    });
  }
  return sockets;
}

describe('bounded under abuse', () => {
  it('200 idle TCP connections do not keep a device out: handshakes have their own places, the oldest goes; the device connects in < 2 s', async () => {
    const rig = await startRig({ maxClients: 4, localBroker: ['maxHandshakes: 32'] });
    const idle = await idleSockets(rig.port, 200);
    try {
      const open = () => idle.filter((s) => !s.destroyed && s.readyState === 'open').length;
      await waitFor(() => open() <= 32, 'idle connections beyond 32 closed');
      expect(rig.bridge.health().handshakes).toBeLessThanOrEqual(32);
      const t0 = performance.now();
      // connectTimeout 2 s: the device is refused the test if it does not get in by then.
      const dev = await device1(rig.port, { connectTimeout: 2000 });
      const ms = performance.now() - t0;
      console.warn(`[bounds] local broker: 200 idle TCP connections open; a device connected in ${ms.toFixed(1)} ms; idle connections closed by the broker: ${denied(rig, 'handshake')}`);
      expect(dev.connected).toBe(true);
      expect(denied(rig, 'handshake')).toBeGreaterThanOrEqual(200 - 32);
      expect(rig.bridge.health().devicesConnected).toBe(1);
    } finally {
      for (const s of idle) s.destroy();
    }
  });

  it('a connection that sends no CONNECT is closed at the deadline (localBroker.connectTimeoutMs)', async () => {
    const rig = await startRig({ localBroker: ['connectTimeoutMs: 500'] });
    const [s] = await idleSockets(rig.port, 1);
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still open after 3 s')), 3000);
      s!.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    console.warn(`[bounds] local broker: an idle connection was closed after ${(performance.now() - t0).toFixed(0)} ms (deadline 500 ms)`);
    await waitFor(() => rig.bridge.health().handshakes === 0, 'its place freed');
  });

  it('500 failed logins from one address: throttled after 5 (refused unchecked, CONNACK 3), a few log lines; another address and the internal account are not held up', async () => {
    const rig = await startRig({ localBroker: ['loginBackoff: { freeFailures: 5, initialMs: 200, maxMs: 1000 }'] }, { captureLogs: true });
    const codes = new Map<number, number>();
    for (let i = 0; i < 500; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => connackFrom(rig.port, { username: 'tab1', password: 'guess-guess-guess' })));
      for (const c of batch) codes.set(c, (codes.get(c) ?? 0) + 1);
    }
    const checked = denied(rig, 'auth');
    const throttled = denied(rig, 'throttled');
    expect(checked + throttled).toBe(500);
    expect(codes.get(4)).toBe(checked);
    expect(codes.get(3)).toBe(throttled);
    // 5 free, then one check per expired wait (200, 400, 800, 1000 ms …) while the flood lasts.
    expect(checked).toBeLessThan(25);
    // Another address, and the internal account from this one, get in at once.
    expect(await connackFrom(rig.port, { username: 'tab1', password: PW1 }, '127.0.0.2')).toBe(0);
    expect(await connackFrom(rig.port, rig.bridge.internalCredentials())).toBe(0);
    // The right password from the throttled address works once its wait is over (≤ maxMs).
    let code = -1;
    const end = Date.now() + 3000;
    while (code !== 0 && Date.now() < end) {
      code = await connackFrom(rig.port, { username: 'tab1', password: PW1 });
      if (code !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(code).toBe(0);
    await rig.bridge.stop();
    const lines = rig.logs.join('').split('\n').filter((l) => l.length > 0);
    console.warn(`[bounds] local broker: 500 failed logins from one address: ${checked} checked, ${throttled} refused unchecked; ${lines.length} log lines`);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.some((l) => l.includes('more like it'))).toBe(true);
    expect(rig.logs.join('')).not.toContain('guess-guess-guess');
  });

  it('a persistent session\'s queue is bounded: a device away gets only the newest N; the rest are dropped and counted', async () => {
    const rig = await startRig({ localBroker: ['sessionQueue: { maxMessages: 10 }'] });
    const topic = 'office/demo/devices/tablet-1/inbox';
    const sub = await device1(rig.port, { clientId: 'tab1-sub', clean: false });
    await sub.subscribeAsync(topic, { qos: 1 });
    await sub.endAsync();
    const pub = await device1(rig.port, { clientId: 'tab1-pub' });
    for (let i = 1; i <= 50; i++) await pub.publishAsync(topic, JSON.stringify({ i }), { qos: 1 });
    expect(rig.bridge.health().queued).toBe(10);
    expect(rig.metrics.counter('scpm_local_broker_queue_dropped_total', '').total()).toBe(40);
    // Another device cannot take the session (its queue, its subscriptions) over.
    await expect(device10(rig.port, { clientId: 'tab1-sub', clean: false })).rejects.toMatchObject({ code: 2 });
    expect(denied(rig, 'session')).toBe(1);
    const back = new mqtt.MqttClient(() => net.createConnection({ host: '127.0.0.1', port: rig.port }), {
      protocolVersion: 4, reconnectPeriod: 0, clientId: 'tab1-sub', clean: false, username: 'tab1', password: PW1,
    });
    clients.push(back);
    const seen = collect(back);
    await waitFor(() => seen.length >= 10, 'the queued messages');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.map((m) => (JSON.parse(m.text) as { i: number }).i)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    await waitFor(() => rig.bridge.health().queued === 0, 'the queue acknowledged');
  });
});
