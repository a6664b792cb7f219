// The office's local MQTT broker (aedes, MQTT 3.1.1): office devices (tablets,
// gesture and voice units) publish under their own prefix and follow the
// gateway's normalized live state under office/{officeId}/state/…; in demo mode
// it is also the "city" the simulator publishes to and the upstream bridge
// subscribes to (through the internal account). The pieces: broker-server.ts
// (one run of aedes and its listener), auth-hooks.ts (who may do what),
// device-messages.ts (devices to the bus), state-mirror.ts (the gateway's state
// to devices), retained-lifecycle.ts (retained messages in the store).
import type { Bridge, BridgeHealth, BridgePorts, BridgeState } from '../types.js';
import type { LocalBrokerConfig } from './config.js';
import type { RetainedStore } from '../../store/retained.js';
import { rateLimitedLog } from '../../log/rate-limited.js';
import { createAcl } from './acl.js';
import { authHooks } from './auth-hooks.js';
import { createRunParts, listenPlan, startBrokerServer, type BrokerParts, type BrokerServer } from './broker-server.js';
import { ConnectedClients } from './clients.js';
import { CredentialTable, generateInternalAccount } from './credentials.js';
import { deviceMessages } from './device-messages.js';
import { DeviceStats } from './device-stats.js';
import { LoginThrottle } from './login-throttle.js';
import { MAX_RETAINED_TOPICS } from './limits.js';
import { openBrokerRetained } from './retained-lifecycle.js';
import { localBrokerPanel } from './setup-panel.js';
import { StateMirror } from './state-mirror.js';
import './services.js';

export { listenPlan } from './broker-server.js';

export interface LocalBrokerBridge extends Bridge {
  /** Where the broker listens (the bound port, also when configured as 0), or null when not running. */
  address(): { host: string; port: number } | null;
  /** The internal account (generated once per bridge instance; stable across restarts). */
  internalCredentials(): { username: string; password: string };
}

const DENIED_KINDS = ['auth', 'throttled', 'handshake', 'publish', 'subscribe', 'capacity', 'packet_size', 'session'];

export function createLocalBrokerBridge(ports: BridgePorts<LocalBrokerConfig>): LocalBrokerBridge {
  const { config, bus, metrics, log, office } = ports;
  const acl = createAcl({ officeId: office.id, topicRoot: office.topicRoot });
  const internal = generateInternalAccount();
  const credentials = new CredentialTable(config.devices, internal);
  const denied = metrics.counter('scpm_local_broker_denied_total', 'Local broker requests denied.');
  for (const kind of DENIED_KINDS) denied.inc({ kind }, 0);
  const deny = (kind: string) => denied.inc({ kind });
  const queueDropped = metrics.counter('scpm_local_broker_queue_dropped_total', 'QoS 1/2 messages dropped from a persistent session\'s queue (its owner over localBroker.sessionQueue).');
  queueDropped.inc({}, 0);
  const deviceStats = new DeviceStats(config.devices);
  const clients = new ConnectedClients();
  // Everything a device or a stranger can trigger is logged rate-limited, by kind.
  const limited = rateLimitedLog(log);
  const mirror = new StateMirror(acl.statePrefix, log, limited);

  let state: BridgeState = 'stopped';
  let detail: string | undefined;
  let run: BrokerServer | null = null;
  let parts: BrokerParts | null = null;
  /** The port picked last time for a port-0 listener, reused on restart so clients can reconnect. */
  let lastPickedPort: number | null = null;
  /** Opened at the first start, kept across restarts. */
  let retained: RetainedStore | null = null;

  const hooks = authHooks({ config, acl, credentials, internal, throttle: new LoginThrottle(config.loginBackoff), clients, deviceStats, log, limited, deny, run: () => parts });
  const onPublish = deviceMessages({ acl, clients, deviceStats, bus, limited });

  metrics.gauge('scpm_local_broker_clients', 'Clients connected to the local broker.', () => run?.broker.connectedClients ?? 0);
  metrics.gauge('scpm_local_broker_changes_dropped', 'Change notices dropped for office devices since start (buffer full).', () => mirror.changesDropped);
  metrics.gauge('scpm_local_broker_retained', 'Retained topics held by the local broker (in the store).', () => retained?.size ?? 0);
  metrics.gauge('scpm_local_broker_retained_refused', `New retained topics refused since start (over ${MAX_RETAINED_TOPICS}).`, () => retained?.refused ?? 0);
  metrics.gauge('scpm_local_broker_queued_messages', 'QoS 1/2 messages held for persistent sessions (all owners).', () => parts?.queues.messages ?? 0);
  metrics.gauge('scpm_local_broker_queued_bytes', 'Bytes of those messages (payload, topic and bookkeeping).', () => parts?.queues.bytes ?? 0);
  metrics.gauge('scpm_local_broker_handshakes', 'Connections not yet authenticated.', () => parts?.handshakes.size ?? 0);

  const openRetained = () => (retained ??= openBrokerRetained({ open: (o) => ports.need('broker-retained').open(o), cityRoot: office.topicRoot, statePrefix: acl.statePrefix, log, limited }));

  async function start(): Promise<void> {
    const plan = listenPlan(config, office.demo);
    if (!plan) {
      state = 'stopped';
      detail = 'disabled by config';
      log.info('local broker disabled by config (localBroker.port 0, not in demo mode)');
      return;
    }
    if (run) return;
    state = 'starting';
    detail = undefined;
    clients.reset();
    const p = (parts = createRunParts({ config, clients, retained: openRetained(), queueDropped, limited, deny }));
    let r: BrokerServer;
    try {
      r = await startBrokerServer(plan, lastPickedPort, { config, parts: p, hooks, onPublish, clients, deviceStats, log, limited, deny });
    } catch (err) {
      parts = null;
      state = 'failed';
      detail = `cannot listen on ${plan.host}:${plan.port}: ${(err as Error).message}`;
      throw new Error(detail);
    }
    if (plan.port === 0) lastPickedPort = r.bound.port;
    r.server.on('error', (err) => {
      log.error({ err: err.message }, 'local broker server error');
      state = 'failed';
      detail = err.message;
      ports.fail(err);
    });
    run = r;
    mirror.attach(r.broker, bus);
    if (office.demo) ports.provide('demo-broker', { url: `mqtt://127.0.0.1:${r.bound.port}`, username: internal.username, password: internal.password });
    state = 'running';
    detail = plan.mode === 'demo-internal' ? 'demo: internal broker on loopback' : undefined;
    log.info({ host: r.bound.host, port: r.bound.port, mode: plan.mode, devices: credentials.deviceCount }, 'local broker listening');
  }

  async function stop(): Promise<void> {
    mirror.detach();
    const r = run;
    run = null;
    if (r) await r.close();
    parts = null;
    retained?.flush();
    limited.flush();
    if (detail !== 'disabled by config') {
      state = 'stopped';
      detail = undefined;
    }
  }

  function health(): BridgeHealth {
    return {
      state,
      detail,
      port: run?.bound.port ?? null,
      clients: run?.broker.connectedClients ?? 0,
      devices: credentials.deviceCount,
      devicesConnected: clients.devicesConnected(),
      changesDropped: mirror.changesDropped,
      retained: retained?.size ?? 0,
      retainedRefused: retained?.refused ?? 0,
      queued: parts?.queues.messages ?? 0,
      queuedBytes: parts?.queues.bytes ?? 0,
      queueDropped: parts?.queues.dropped ?? 0,
      handshakes: parts?.handshakes.size ?? 0,
    };
  }

  return {
    start,
    stop,
    health,
    address: () => (run ? { ...run.bound } : null),
    setupPanel() {
      const counts = Object.fromEntries(['auth', 'throttled', 'publish', 'subscribe', 'capacity', 'session', 'handshake', 'packet_size'].map((k) => [k, denied.get({ kind: k })]).filter(([, n]) => (n as number) > 0));
      return localBrokerPanel({ devices: deviceStats.list(), unknownLogins: deviceStats.unknownLogins, listening: run ? `${run.bound.host}:${run.bound.port}` : null, denied: counts, now: Date.now() });
    },
    internalCredentials: () => ({ username: internal.username, password: internal.password }),
  };
}
