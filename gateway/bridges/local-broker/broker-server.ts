// One run of the broker: aedes with its hooks and persistence, behind a TCP
// listener that bounds handshakes and packet sizes; listening where the plan
// says (a port-0 listener gets its last port back on restart). A run ends
// with close(), bounded by STOP_TIMEOUT_MS.
import net from 'node:net';
import type { EventEmitter } from 'node:events';
import { Aedes, type AedesPublishPacket, type Client } from 'aedes';
import type { Logger } from '../../logger.js';
import type { RateLimitedLog } from '../../log/rate-limited.js';
import type { Counter } from '../../metrics.js';
import type { RetainedStore } from '../../store/retained.js';
import type { LocalBrokerConfig } from './config.js';
import type { AuthHooks, RunParts } from './auth-hooks.js';
import type { ConnectedClients } from './clients.js';
import type { DeviceStats } from './device-stats.js';
import { BrokerPersistence, type IncomingBound } from './broker-persistence.js';
import { FrameGuard } from './frame-guard.js';
import { HandshakeSlots } from './handshake-slots.js';
import { addressKey } from './login-throttle.js';
import { SessionOwners } from './session-owners.js';
import { SessionQueues, type QueueOwner } from './session-queues.js';
import { INTERNAL_CONNECTION_RESERVE, INTERNAL_QUEUE_LIMITS, MAX_PACKET_BYTES, MAX_SESSIONS_PER_ACCOUNT, STOP_TIMEOUT_MS } from './limits.js';

export type ListenPlan = { mode: 'devices' | 'demo-internal'; host: string; port: number } | null;

/** Where to listen: the configured port; else, in demo mode, the internal port on loopback; else nowhere. */
export function listenPlan(lb: LocalBrokerConfig, demo: boolean): ListenPlan {
  if (lb.port > 0) return { mode: 'devices', host: lb.host, port: lb.port };
  if (demo) return { mode: 'demo-internal', host: '127.0.0.1', port: lb.demoPort };
  return null;
}

export interface BrokerParts extends RunParts { queues: SessionQueues }

/** The per-run state: session queues and owners, the persistence over the retained store, handshake slots. */
export function createRunParts(o: { config: LocalBrokerConfig; clients: ConnectedClients; retained: RetainedStore; queueDropped: Counter; limited: RateLimitedLog; deny(kind: string): void }): BrokerParts {
  const { config, limited } = o;
  const owners = new SessionOwners(MAX_SESSIONS_PER_ACCOUNT, (id) => o.clients.has(id));
  const queueOwner = (clientId: string): QueueOwner => {
    const owner = owners.ownerOf(clientId);
    if (owner === 'internal') return { key: owner, limits: INTERNAL_QUEUE_LIMITS };
    return { key: owner ?? `client:${clientId}`, limits: config.sessionQueue };
  };
  const queues = new SessionQueues(queueOwner, (d) => {
    o.queueDropped.inc({});
    limited(`queue-dropped:${d.owner}`, 'warn', { owner: d.owner, queued: d.messages, queuedBytes: d.queuedBytes, limits: config.sessionQueue },
      'local broker: a persistent session\'s queue is full; its oldest message dropped');
  });
  const handshakes = new HandshakeSlots<net.Socket>(config.maxHandshakes, (address) => {
    o.deny('handshake');
    limited('handshake-evicted', 'warn', { remote: address, maxHandshakes: config.maxHandshakes }, 'local broker: too many connections waiting to authenticate; the oldest closed');
  });
  return { queues, sessions: owners, persistence: new BrokerPersistence(o.retained, queues, (client, filter) => o.clients.holdsSubscription(client as Client, filter), incomingBound(o)), handshakes };
}

/** One connection's worth (localBroker.maxInflight) per client id: more can only be a device that never sends PUBREL. */
function incomingBound(o: { config: LocalBrokerConfig; limited: RateLimitedLog; deny(kind: string): void }): IncomingBound {
  return {
    max: o.config.maxInflight,
    dropped: (clientId) => {
      o.deny('qos2_unreleased');
      o.limited('qos2-unreleased', 'warn', { clientId: clientId.slice(0, 64), max: o.config.maxInflight }, 'local broker: a session holds its most QoS 2 messages awaiting PUBREL; its oldest let go');
    },
  };
}

export interface BrokerServerDeps {
  config: LocalBrokerConfig;
  parts: BrokerParts;
  hooks: AuthHooks;
  onPublish(packet: AedesPublishPacket, client: Client | null): void;
  clients: ConnectedClients;
  deviceStats: DeviceStats;
  log: Logger;
  limited: RateLimitedLog;
  deny(kind: string): void;
}

export interface BrokerServer {
  broker: Aedes;
  server: net.Server;
  bound: { host: string; port: number };
  close(): Promise<void>;
}

async function createAedes(d: BrokerServerDeps): Promise<Aedes> {
  const lb = d.config;
  const b = await Aedes.createBroker({
    ...d.hooks,
    persistence: d.parts.persistence,
    queueLimit: lb.queueLimit,
    maxInflightInbound: lb.maxInflight,
    drainTimeout: lb.drainTimeoutMs,
    connectTimeout: lb.connectTimeoutMs,
    maxClientsIdLength: 128,
    maxTopicLevels: 32,
  });
  b.on('publish', d.onPublish);
  b.on('client', (client) => {
    d.clients.registered(client);
    const user = d.clients.userOf(client);
    if (user?.kind === 'device') d.deviceStats.connected(user.deviceId);
  });
  b.on('clientDisconnect', (client) => {
    const user = d.clients.userOf(client);
    if (user?.kind === 'device') d.deviceStats.disconnected(user.deviceId);
    d.clients.disconnected(client);
    d.parts.sessions.disconnected(client.id, client);
  });
  b.on('unsubscribe', (filters, client) => d.clients.unsubscribed(client, filters));
  b.on('clientError', (client, err) => d.log.debug({ clientId: client.id, err: err.message }, 'local broker client error'));
  b.on('connectionError', (_client, err) => d.log.debug({ err: err.message }, 'local broker connection error'));
  // aedes emits 'error' for background work (will sweeps): log, never crash.
  (b as EventEmitter).on('error', (err: Error) => d.limited('broker-error', 'warn', { err: err.message }, 'local broker error'));
  return b;
}

function createTcpServer(d: BrokerServerDeps, b: Aedes, sockets: Set<net.Socket>): net.Server {
  const slots = d.parts.handshakes;
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
      d.deny('packet_size');
      d.limited('packet-size', 'warn', { remote: socket.remoteAddress, maxBytes: MAX_PACKET_BYTES }, 'local broker: packet over the size limit; connection closed');
      socket.destroy();
    });
  });
  // Handshakes hold their own places (maxHandshakes, oldest evicted), so
  // this backstop is reached only with every device place taken.
  s.maxConnections = d.config.maxClients + d.config.maxHandshakes + INTERNAL_CONNECTION_RESERVE;
  return s;
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

/** Closes the listener and the broker; connections still in their handshake (or refused) are ours to end. */
async function closeBoth(b: Aedes, s: net.Server | null, sockets: Set<net.Socket>, log: Logger, clients: ConnectedClients): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = Promise.all([
    new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve())),
    new Promise<void>((resolve) => b.close(() => resolve())),
  ]);
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
  clients.clear();
}

/** Starts aedes and listens. `reusePort`: the port a port-0 plan picked last time (clients reconnect to it). */
export async function startBrokerServer(plan: NonNullable<ListenPlan>, reusePort: number | null, d: BrokerServerDeps): Promise<BrokerServer> {
  const sockets = new Set<net.Socket>();
  const b = await createAedes(d);
  const s = createTcpServer(d, b, sockets);
  try {
    const reuse = plan.port === 0 && reusePort !== null;
    try {
      await listen(s, plan.host, reuse ? reusePort : plan.port);
    } catch (err) {
      if (!reuse || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      d.log.warn({ port: reusePort }, 'previous local broker port taken; picking a new one');
      await listen(s, plan.host, 0);
    }
  } catch (err) {
    await closeBoth(b, null, sockets, d.log, d.clients);
    throw err;
  }
  const addr = s.address() as net.AddressInfo;
  return { broker: b, server: s, bound: { host: plan.host, port: addr.port }, close: () => closeBoth(b, s, sockets, d.log, d.clients) };
}
