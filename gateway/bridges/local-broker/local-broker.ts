// The office's local MQTT broker (aedes, MQTT 3.1.1): office devices (tablets,
// gesture and voice units) publish under their own prefix and follow the
// gateway's normalized live state under office/{officeId}/state/…; in demo mode
// it is also the "city" the simulator publishes to and the upstream bridge
// subscribes to (through the internal account).
import net from 'node:net';
import type { EventEmitter } from 'node:events';
import { Aedes, type AedesOptions, type AedesPublishPacket, type AuthenticateError, type Client, type PublishPacket } from 'aedes';
import type { Bridge, BridgeHealth, BridgePorts, BridgeState } from '../types.js';
import type { LocalBrokerConfig } from './config.js';
import type { ScreenChange } from '../../bus.js';
import type { ChangeNotice } from '../../store/types.js';
import { createAcl, type BrokerUser } from './acl.js';
import { isValidTopicName } from '../../contract/topics.js';
import { DeviceStats } from './device-stats.js';
import { localBrokerPanel } from './setup-panel.js';
import { ChangeBatcher } from './change-batcher.js';
import { CredentialTable, generateInternalAccount, type InternalAccount } from './credentials.js';
import { FrameGuard } from './frame-guard.js';
import { BrokerPersistence } from './broker-persistence.js';
import { HandshakeSlots } from './handshake-slots.js';
import { LoginThrottle, addressKey } from './login-throttle.js';
import { SessionOwners } from './session-owners.js';
import { SessionQueues, type QueueLimits, type QueueOwner } from './session-queues.js';
import type { RetainedStore } from '../../store/retained.js';
import type { Counter } from '../../metrics.js';
import { rateLimitedLog } from '../../log/rate-limited.js';
import './services.js';

/** Largest device payload parsed (the contract's 64 KiB). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Largest MQTT packet accepted: a 64 KiB payload plus room for its topic and header fields. */
export const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 1024;
/** TCP connections allowed beyond maxClients + maxHandshakes, for the internal clients. */
export const INTERNAL_CONNECTION_RESERVE = 4;
/** Persistent sessions (client ids with clean=false) one account keeps; a new one past it ends its oldest offline one. */
export const MAX_SESSIONS_PER_ACCOUNT = 8;
/**
 * The internal account's queue bound (the gateway's own upstream client in
 * demo mode, a persistent QoS 1 subscriber of the demo city): wide, so a
 * bridge restart loses nothing, but a bound all the same.
 */
export const INTERNAL_QUEUE_LIMITS: QueueLimits = { maxMessages: 100_000, maxBytes: 64 * 1024 * 1024 };
export const CHANGES_WINDOW_MS = 250;
export const CHANGES_MAX_KEYS = 500;
const MAX_SCREENS = 64;
const STOP_TIMEOUT_MS = 2000;
/**
 * Most retained topics the broker holds (in the store, not in memory). Demo
 * mode's city is ~17.3k; device mode holds the office state (a few dozen).
 */
export const MAX_RETAINED_TOPICS = 50_000;
/** Retained writes are committed together, at most this long after the first one (ms). */
export const RETAINED_FLUSH_MS = 20;

export interface LocalBrokerBridge extends Bridge {
  /** Where the broker listens (the bound port, also when configured as 0), or null when not running. */
  address(): { host: string; port: number } | null;
  /** The internal account (generated once per bridge instance; stable across restarts). */
  internalCredentials(): { username: string; password: string };
}

type ListenPlan = { mode: 'devices' | 'demo-internal'; host: string; port: number } | null;

/** Where to listen: the configured port; else, in demo mode, the internal port on loopback; else nowhere. */
export function listenPlan(lb: LocalBrokerConfig, demo: boolean): ListenPlan {
  if (lb.port > 0) return { mode: 'devices', host: lb.host, port: lb.port };
  if (demo) return { mode: 'demo-internal', host: '127.0.0.1', port: lb.demoPort };
  return null;
}

function authError(message: string, returnCode: 2 | 3 | 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}

export function createLocalBrokerBridge(ports: BridgePorts<LocalBrokerConfig>): LocalBrokerBridge {
  const { config, bus, metrics, log, office } = ports;
  const officeId = office.id;
  const acl = createAcl({ officeId, topicRoot: office.topicRoot });
  const internal: InternalAccount = generateInternalAccount();
  const credentials = new CredentialTable(config.devices, internal);
  const deniedCounter: Counter = metrics.counter('scpm_local_broker_denied_total', 'Local broker requests denied.');
  for (const kind of ['auth', 'throttled', 'handshake', 'publish', 'subscribe', 'capacity', 'packet_size', 'session']) deniedCounter.inc({ kind }, 0);
  const deny = (kind: string) => deniedCounter.inc({ kind });
  const deviceStats = new DeviceStats(config.devices);
  const queueDropped: Counter = metrics.counter('scpm_local_broker_queue_dropped_total', 'QoS 1/2 messages dropped from a persistent session\'s queue (its owner over localBroker.sessionQueue).');
  queueDropped.inc({}, 0);

  let state: BridgeState = 'stopped';
  let detail: string | undefined;
  let broker: Aedes | null = null;
  let server: net.Server | null = null;
  let bound: { host: string; port: number } | null = null;
  /** The port picked last time for a port-0 listener, reused on restart so clients can reconnect. */
  let lastPickedPort: number | null = null;
  let offBus: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  /** Who each connected client logged in as. */
  let users = new WeakMap<Client, BrokerUser>();
  /** Registered (CONNACKed) clients by client id. */
  const live = new Map<string, Client>();
  // Remembered across restarts so devices find the state again at once.
  let lastLink: { up: boolean; at: string } | null = null;
  const screens = new Map<string, string>();
  // Everything a device or a stranger can trigger is logged rate-limited, by kind.
  const limited = rateLimitedLog(log);
  const throttle = new LoginThrottle(config.loginBackoff);
  /** Per start (a new broker starts with no sessions). */
  let queues: SessionQueues | null = null;
  let sessions: SessionOwners | null = null;
  let persistence: BrokerPersistence | null = null;
  let handshakes: HandshakeSlots<net.Socket> | null = null;
  /** The broker's retained messages, in the store; opened at the first start, kept across restarts. */
  let retained: RetainedStore | null = null;

  const batcher = new ChangeBatcher({
    windowMs: CHANGES_WINDOW_MS,
    maxKeys: CHANGES_MAX_KEYS,
    maxBytes: MAX_PAYLOAD_BYTES,
    publish: (payload) => publishState('changes', payload, false),
  });

  metrics.gauge('scpm_local_broker_clients', 'Clients connected to the local broker.', () => broker?.connectedClients ?? 0);
  metrics.gauge('scpm_local_broker_changes_dropped', 'Change notices dropped for office devices since start (buffer full).', () => batcher.dropped);
  metrics.gauge('scpm_local_broker_retained', 'Retained topics held by the local broker (in the store).', () => retained?.size ?? 0);
  metrics.gauge('scpm_local_broker_retained_refused', `New retained topics refused since start (over ${MAX_RETAINED_TOPICS}).`, () => retained?.refused ?? 0);
  metrics.gauge('scpm_local_broker_queued_messages', 'QoS 1/2 messages held for persistent sessions (all owners).', () => queues?.messages ?? 0);
  metrics.gauge('scpm_local_broker_queued_bytes', 'Bytes of those messages (payload, topic and bookkeeping).', () => queues?.bytes ?? 0);
  metrics.gauge('scpm_local_broker_handshakes', 'Connections not yet authenticated.', () => handshakes?.size ?? 0);

  function queueOwner(clientId: string): QueueOwner {
    const owner = sessions?.ownerOf(clientId);
    if (owner === 'internal') return { key: owner, limits: INTERNAL_QUEUE_LIMITS };
    return { key: owner ?? `client:${clientId}`, limits: config.sessionQueue };
  }

  /**
   * The retained store, opened once per process. What a previous run left under
   * the city root (the demo city, which the simulator publishes anew at every
   * start; the city never publishes here outside demo mode) and the link state
   * (stale until the first link event) is dropped; the rest (screen states)
   * is served again. See docs/decisions/2026-11-26-broker-retained.md.
   */
  function openRetained(): RetainedStore {
    if (retained) return retained;
    const r = ports.need('broker-retained').open({
      maxTopics: MAX_RETAINED_TOPICS,
      flushMs: RETAINED_FLUSH_MS,
      onRefused: (topic, held) => limited('retained-refused', 'warn', { topic: topic.slice(0, 200), held, max: MAX_RETAINED_TOPICS, refused: r.refused },
        'local broker: retained topic limit reached; message delivered but not retained'),
      // A full disk fails every flush: rate-limited like the rest.
      onError: (err, dropped) => limited(dropped ? 'retained-store-failed' : 'retained-read-failed', 'error', { err: err.message, dropped }, dropped
        ? 'local broker: retained messages could not be stored; dropped'
        : 'local broker: retained messages could not be read; a subscriber got fewer'),
    });
    const city = r.deleteUnder(office.topicRoot);
    const link = r.deleteUnder(`${acl.statePrefix}/link`);
    log.info({ kept: r.size, droppedCity: city, droppedLink: link }, 'local broker: retained messages of the previous run');
    retained = r;
    return r;
  }

  function publishState(sub: string, payload: string, retain: boolean): void {
    const b = broker;
    if (!b) return;
    // QoS 0 (retained where it is state): a device gets the latest on every
    // (re)subscribe, and aedes queues nothing in memory for an offline
    // persistent session (it only queues QoS > 0).
    const packet: PublishPacket = { cmd: 'publish', topic: `${acl.statePrefix}/${sub}`, payload: Buffer.from(payload), qos: 0, retain, dup: false };
    b.publish(packet, (err) => {
      if (err) limited('state-publish-failed', 'warn', { err: err.message, topic: packet.topic }, 'state publish failed');
    });
  }

  function remote(client: Client): string | undefined {
    return (client.conn as net.Socket).remoteAddress;
  }

  function connectedDevices(): number {
    let n = 0;
    for (const c of live.values()) if (users.get(c)?.kind === 'device') n++;
    return n;
  }

  const hooks: Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'> = {
    authenticate(client, username, password, done) {
      const from = addressKey(remote(client));
      // The internal account (a random 32-byte password, used from this
      // process) is never throttled: a stranger's failures on loopback must
      // not cut the gateway's own clients off.
      const internalUser = username === internal.username;
      const wait = internalUser ? 0 : throttle.waitMs(from);
      if (wait > 0) {
        deny('throttled');
        limited('auth-throttled', 'warn', { remote: from, waitMs: wait }, 'local broker: login refused unchecked (too many failed logins from this address; it must wait)');
        return done(authError('server unavailable', 3), null);
      }
      const result = credentials.check(username ?? undefined, password ?? undefined);
      if (!result.ok) {
        deny('auth');
        deviceStats.failedLogin(username);
        const waitNow = internalUser ? 0 : throttle.failure(from);
        limited('auth-failed', 'warn', { username: username?.slice(0, 64), clientId: client.id.slice(0, 64), remote: from, reason: result.reason, waitMs: waitNow }, 'local broker: connection refused');
        return done(authError(result.reason, result.reason === 'missing credentials' ? 5 : 4), null);
      }
      if (!internalUser) throttle.success(from);
      const p = result.user;
      // A client id held by another account is not taken over (a device must
      // not kick the gateway's own upstream session, or another device, off).
      const holder = live.get(client.id);
      const holderUser = holder ? users.get(holder)?.username : undefined;
      if (holder && !holder.closed && holderUser !== p.username) {
        deny('auth');
        limited('client-id-in-use', 'warn', { username, clientId: client.id.slice(0, 64), remote: from }, 'local broker: client id in use by another account; refused');
        return done(authError('client id in use', 2), null);
      }
      if (p.kind === 'device' && !holder && connectedDevices() >= config.maxClients) {
        deny('capacity');
        limited('capacity', 'warn', { username, clientId: client.id.slice(0, 64), maxClients: config.maxClients }, 'local broker: device limit reached; refused');
        return done(authError('server unavailable', 3), null);
      }
      // Nor is another account's offline session (its queued messages, its subscriptions) taken or wiped.
      const claim = sessions?.claim(client.id, { username: p.username, owner: p.kind === 'internal' ? 'internal' : `device:${p.deviceId}` }, client.clean, client);
      if (claim && !claim.ok) {
        deny('session');
        limited('session-held', 'warn', { username, clientId: client.id.slice(0, 64), remote: from }, 'local broker: client id holds another account\'s session; refused');
        return done(authError('client id in use', 2), null);
      }
      for (const id of claim?.evict ?? []) {
        persistence?.cleanSubscriptions({ id }).catch((err: Error) => log.warn({ err: err.message }, 'local broker: ending an old session failed'));
        limited('session-evicted', 'info', { username, max: MAX_SESSIONS_PER_ACCOUNT }, 'local broker: an account opened more persistent sessions than it may keep; its oldest offline one ended');
      }
      handshakes?.release(client.conn as net.Socket);
      users.set(client, p);
      done(null, true);
    },

    authorizePublish(client, packet, done) {
      const p = client ? users.get(client) : undefined;
      // acl.canPublish refuses every `$` topic, which keeps aedes' own `$SYS/` block.
      if (!acl.canPublish(p, packet.topic)) {
        deny('publish');
        if (p?.kind === 'device') deviceStats.refused(p.deviceId);
        limited('publish-denied', 'warn', { clientId: client?.id.slice(0, 64), user: p?.username, topic: packet.topic.slice(0, 200) }, 'local broker: publish denied');
        return done(new Error('publish not authorized'));
      }
      // A device's messages are for the gateway (and itself); retaining them
      // would let one device grow the broker's memory topic by topic.
      if (p?.kind === 'device') packet.retain = false;
      done(null);
    },

    authorizeSubscribe(client, sub, done) {
      const p = users.get(client);
      if (!acl.canSubscribe(p, sub.topic)) {
        deny('subscribe');
        if (p?.kind === 'device') deviceStats.refused(p.deviceId);
        limited('subscribe-denied', 'warn', { clientId: client.id.slice(0, 64), user: p?.username, filter: sub.topic.slice(0, 200) }, 'local broker: subscription denied');
        // null = SUBACK 0x80 for this filter; the connection stays up.
        return done(null, null);
      }
      done(null, sub);
    },
  };

  function onPublish(packet: AedesPublishPacket, client: Client | null): void {
    if (!client) return;
    const p = users.get(client);
    if (p?.kind !== 'device') return;
    const subtopic = acl.deviceSubtopic(p.deviceId, packet.topic);
    if (subtopic === null) return;
    deviceStats.message(p.deviceId);
    const raw = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    // A zero-length payload clears a retained message: nothing to report.
    if (raw.length === 0) return;
    if (raw.length > MAX_PAYLOAD_BYTES) {
      limited('device-oversize', 'warn', { deviceId: p.deviceId, subtopic: subtopic.slice(0, 200), bytes: raw.length }, 'device message over 64 KiB ignored');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      limited('device-not-json', 'warn', { deviceId: p.deviceId, subtopic: subtopic.slice(0, 200), bytes: raw.length }, 'device message is not JSON; ignored');
      return;
    }
    try {
      bus.emit('device:message', { deviceId: p.deviceId, subtopic, payload });
    } catch (err) {
      limited('device-listener-failed', 'error', { err: (err as Error).message, deviceId: p.deviceId, subtopic: subtopic.slice(0, 200) }, 'device:message listener failed');
    }
  }

  function onLink(e: { up: boolean; at: number }): void {
    const at = new Date(Number.isFinite(e.at) ? e.at : Date.now());
    lastLink = { up: e.up === true, at: at.toISOString() };
    publishState('link', JSON.stringify(lastLink), true);
  }

  function onScreen(e: ScreenChange): void {
    const screen = e.screen;
    if (typeof screen !== 'string' || !isValidTopicName(screen) || screen.includes('/') || screen.startsWith('$') || screen.length > 64) {
      log.warn({ screen: String(screen).slice(0, 80) }, 'screen name is not a single topic level; state not republished');
      return;
    }
    const payload = JSON.stringify({ screen, state: e.state, source: e.source, at: new Date().toISOString() });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      log.warn({ screen, bytes: Buffer.byteLength(payload) }, 'screen state over 64 KiB; not republished');
      return;
    }
    if (!screens.has(screen) && screens.size >= MAX_SCREENS) {
      log.warn({ screen, max: MAX_SCREENS }, 'too many screens; state not republished');
      return;
    }
    screens.set(screen, payload);
    publishState(`screens/${screen}`, payload, true);
  }

  function onCityChanged(changes: ChangeNotice[]): void {
    if (Array.isArray(changes)) batcher.add(changes);
  }

  async function closeAll(b: Aedes | null, s: net.Server | null): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const closed = Promise.all([
      new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (b ? b.close(() => resolve()) : resolve())),
    ]);
    // aedes closes the clients it registered; connections still in their
    // handshake (or refused) are ours to end so that server.close completes.
    for (const socket of sockets) socket.destroy();
    const timedOut = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) log.warn({ timeoutMs: STOP_TIMEOUT_MS }, 'local broker did not close in time; abandoned');
    sockets.clear();
    live.clear();
  }

  const bridge: LocalBrokerBridge = {
    async start() {
      const plan = listenPlan(config, office.demo);
      if (!plan) {
        state = 'stopped';
        detail = 'disabled by config';
        log.info('local broker disabled by config (localBroker.port 0, not in demo mode)');
        return;
      }
      if (broker) return;
      state = 'starting';
      detail = undefined;
      users = new WeakMap();
      const lb = config;
      const q = new SessionQueues(queueOwner, (d) => {
        queueDropped.inc({});
        limited(`queue-dropped:${d.owner}`, 'warn', { owner: d.owner, queued: d.messages, queuedBytes: d.queuedBytes, limits: lb.sessionQueue },
          'local broker: a persistent session\'s queue is full; its oldest message dropped');
      });
      const owners = new SessionOwners(MAX_SESSIONS_PER_ACCOUNT, (id) => live.has(id));
      const bp = new BrokerPersistence(openRetained(), q);
      const slots = new HandshakeSlots<net.Socket>(lb.maxHandshakes, (address) => {
        deny('handshake');
        limited('handshake-evicted', 'warn', { remote: address, maxHandshakes: lb.maxHandshakes },
          'local broker: too many connections waiting to authenticate; the oldest closed');
      });
      queues = q;
      sessions = owners;
      persistence = bp;
      handshakes = slots;
      const b = await Aedes.createBroker({
        ...hooks,
        persistence: bp,
        queueLimit: lb.queueLimit,
        maxInflightInbound: lb.maxInflight,
        drainTimeout: lb.drainTimeoutMs,
        connectTimeout: lb.connectTimeoutMs,
        maxClientsIdLength: 128,
        maxTopicLevels: 32,
      });
      b.on('publish', onPublish);
      b.on('client', (client) => {
        live.set(client.id, client);
        const p = users.get(client);
        if (p?.kind === 'device') deviceStats.connected(p.deviceId);
      });
      b.on('clientDisconnect', (client) => {
        const p = users.get(client);
        if (p?.kind === 'device') deviceStats.disconnected(p.deviceId);
        if (live.get(client.id) === client) live.delete(client.id);
        owners.disconnected(client.id, client);
      });
      b.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'local broker client error'));
      b.on('connectionError', (_client, err) => log.debug({ err: err.message }, 'local broker connection error'));
      // aedes emits 'error' for background work (will sweeps): log, never crash.
      (b as EventEmitter).on('error', (err: Error) => limited('broker-error', 'warn', { err: err.message }, 'local broker error'));

      const s = net.createServer((socket) => {
        sockets.add(socket);
        slots.admit(socket, addressKey(socket.remoteAddress));
        socket.once('close', () => {
          sockets.delete(socket);
          slots.release(socket);
        });
        b.handle(socket);
        // Added after aedes' 'readable' listener, so 'data' only observes the
        // chunks aedes reads (it does not switch the socket to flowing mode).
        const guard = new FrameGuard(MAX_PACKET_BYTES);
        socket.on('data', (chunk: Buffer) => {
          if (guard.feed(chunk)) return;
          deny('packet_size');
          limited('packet-size', 'warn', { remote: socket.remoteAddress, maxBytes: MAX_PACKET_BYTES }, 'local broker: packet over the size limit; connection closed');
          socket.destroy();
        });
      });
      // Handshakes hold their own places (maxHandshakes, oldest evicted), so
      // this backstop is reached only with every device place taken.
      s.maxConnections = lb.maxClients + lb.maxHandshakes + INTERNAL_CONNECTION_RESERVE;

      try {
        const reuse = plan.port === 0 && lastPickedPort !== null;
        try {
          await listen(s, plan.host, reuse ? lastPickedPort! : plan.port);
        } catch (err) {
          if (!reuse || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
          log.warn({ port: lastPickedPort }, 'previous local broker port taken; picking a new one');
          await listen(s, plan.host, 0);
        }
      } catch (err) {
        await closeAll(b, null);
        state = 'failed';
        detail = `cannot listen on ${plan.host}:${plan.port}: ${(err as Error).message}`;
        throw new Error(detail);
      }
      const addr = s.address() as net.AddressInfo;
      bound = { host: plan.host, port: addr.port };
      if (plan.port === 0) lastPickedPort = addr.port;
      s.on('error', (err) => {
        log.error({ err: err.message }, 'local broker server error');
        state = 'failed';
        detail = err.message;
        ports.fail(err);
      });
      broker = b;
      server = s;

      batcher.start();
      offBus = [bus.on('link', onLink), bus.on('screen:changed', onScreen), bus.on('city:changed', onCityChanged)];
      if (lastLink) publishState('link', JSON.stringify(lastLink), true);
      for (const [screen, payload] of screens) publishState(`screens/${screen}`, payload, true);

      if (office.demo) ports.provide('demo-broker', { url: `mqtt://127.0.0.1:${bound.port}`, username: internal.username, password: internal.password });
      state = 'running';
      detail = plan.mode === 'demo-internal' ? 'demo: internal broker on loopback' : undefined;
      log.info({ host: bound.host, port: bound.port, mode: plan.mode, devices: credentials.deviceCount }, 'local broker listening');
    },

    async stop() {
      for (const off of offBus) off();
      offBus = [];
      batcher.stop();
      const b = broker;
      const s = server;
      broker = null;
      server = null;
      bound = null;
      if (b || s) await closeAll(b, s);
      queues = null;
      sessions = null;
      persistence = null;
      handshakes = null;
      retained?.flush();
      limited.flush();
      if (detail !== 'disabled by config') {
        state = 'stopped';
        detail = undefined;
      }
    },

    health(): BridgeHealth {
      return {
        state,
        detail,
        port: bound?.port ?? null,
        clients: broker?.connectedClients ?? 0,
        devices: credentials.deviceCount,
        devicesConnected: connectedDevices(),
        changesDropped: batcher.dropped,
        retained: retained?.size ?? 0,
        retainedRefused: retained?.refused ?? 0,
        queued: queues?.messages ?? 0,
        queuedBytes: queues?.bytes ?? 0,
        queueDropped: queues?.dropped ?? 0,
        handshakes: handshakes?.size ?? 0,
      };
    },

    address() {
      return bound ? { ...bound } : null;
    },

    setupPanel() {
      const denied = Object.fromEntries(['auth', 'throttled', 'publish', 'subscribe', 'capacity', 'session', 'handshake', 'packet_size'].map((k) => [k, deniedCounter.get({ kind: k })]).filter(([, n]) => (n as number) > 0));
      return localBrokerPanel({ devices: deviceStats.list(), unknownLogins: deviceStats.unknownLogins, listening: bound ? `${bound.host}:${bound.port}` : null, denied, now: Date.now() });
    },

    internalCredentials() {
      return { username: internal.username, password: internal.password };
    },
  };
  return bridge;
}
