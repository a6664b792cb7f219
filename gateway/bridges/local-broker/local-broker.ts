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
import { rateLimitedLog, type RateLimitedLog } from '../../log/rate-limited.js';
import type { Counter } from '../../metrics.js';
import { createAcl } from './acl.js';
import { authHooks, type AuthHooks } from './auth-hooks.js';
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

const DENIED_KINDS = ['auth', 'throttled', 'handshake', 'publish', 'subscribe', 'capacity', 'packet_size', 'session', 'subscription_limit', 'qos2_unreleased'];

export function createLocalBrokerBridge(ports: BridgePorts<LocalBrokerConfig>): LocalBrokerBridge {
  return new LocalBroker(ports);
}

class LocalBroker implements LocalBrokerBridge {
  private readonly acl;
  private readonly internal = generateInternalAccount();
  private readonly credentials: CredentialTable;
  private readonly denied: Counter;
  private readonly queueDropped: Counter;
  private readonly deviceStats: DeviceStats;
  private readonly clients = new ConnectedClients();
  /** Everything a device or a stranger can trigger is logged rate-limited, by kind. */
  private readonly limited: RateLimitedLog;
  private readonly mirror: StateMirror;
  private readonly hooks: AuthHooks;
  private readonly onPublish: ReturnType<typeof deviceMessages>;

  private state: BridgeState = 'stopped';
  private detail: string | undefined;
  private run: BrokerServer | null = null;
  private parts: BrokerParts | null = null;
  /** The port picked last time for a port-0 listener, reused on restart so clients can reconnect. */
  private lastPickedPort: number | null = null;
  /** Opened at the first start, kept across restarts. */
  private retained: RetainedStore | null = null;

  constructor(private readonly ports: BridgePorts<LocalBrokerConfig>) {
    const { config, bus, metrics, log, office } = ports;
    this.acl = createAcl({ officeId: office.id, topicRoot: office.topicRoot });
    this.credentials = new CredentialTable(config.devices, this.internal);
    this.denied = metrics.counter('scpm_local_broker_denied_total', 'Local broker requests denied.');
    for (const kind of DENIED_KINDS) this.denied.inc({ kind }, 0);
    this.queueDropped = metrics.counter('scpm_local_broker_queue_dropped_total', 'QoS 1/2 messages dropped from a persistent session\'s queue (its owner over localBroker.sessionQueue).');
    this.queueDropped.inc({}, 0);
    this.deviceStats = new DeviceStats(config.devices);
    this.limited = rateLimitedLog(log);
    this.mirror = new StateMirror(this.acl.statePrefix, log, this.limited);
    const { acl, clients, deviceStats, limited } = this;
    this.hooks = authHooks({
      config, acl, credentials: this.credentials, internal: this.internal, throttle: new LoginThrottle(config.loginBackoff), clients, deviceStats, log, limited,
      deny: (kind) => this.deny(kind), run: () => this.parts,
    });
    this.onPublish = deviceMessages({ acl, clients, deviceStats, bus, limited });
    this.registerMetrics();
  }

  private deny(kind: string): void {
    this.denied.inc({ kind });
  }

  private registerMetrics(): void {
    const m = this.ports.metrics;
    m.gauge('scpm_local_broker_clients', 'Clients connected to the local broker.', () => this.run?.broker.connectedClients ?? 0);
    m.gauge('scpm_local_broker_changes_dropped', 'Change notices dropped for office devices since start (buffer full).', () => this.mirror.changesDropped);
    m.gauge('scpm_local_broker_retained', 'Retained topics held by the local broker (in the store).', () => this.retained?.size ?? 0);
    m.gauge('scpm_local_broker_retained_refused', `New retained topics refused since start (over ${MAX_RETAINED_TOPICS}).`, () => this.retained?.refused ?? 0);
    m.gauge('scpm_local_broker_queued_messages', 'QoS 1/2 messages held for persistent sessions (all owners).', () => this.parts?.queues.messages ?? 0);
    m.gauge('scpm_local_broker_queued_bytes', 'Bytes of those messages (payload, topic and bookkeeping).', () => this.parts?.queues.bytes ?? 0);
    m.gauge('scpm_local_broker_handshakes', 'Connections not yet authenticated.', () => this.parts?.handshakes.size ?? 0);
  }

  private openRetained(): RetainedStore {
    const { ports } = this;
    return (this.retained ??= openBrokerRetained({ open: (o) => ports.need('broker-retained').open(o), cityRoot: ports.office.topicRoot, statePrefix: this.acl.statePrefix, log: ports.log, limited: this.limited }));
  }

  async start(): Promise<void> {
    const { config, log, office } = this.ports;
    const plan = listenPlan(config, office.demo);
    if (!plan) {
      this.state = 'stopped';
      this.detail = 'disabled by config';
      log.info('local broker disabled by config (localBroker.port 0, not in demo mode)');
      return;
    }
    if (this.run) return;
    this.state = 'starting';
    this.detail = undefined;
    this.clients.reset();
    const { clients, deviceStats, limited, hooks, onPublish } = this;
    const deny = (kind: string) => this.deny(kind);
    const parts = (this.parts = createRunParts({ config, clients, retained: this.openRetained(), queueDropped: this.queueDropped, limited, deny }));
    let r: BrokerServer;
    try {
      r = await startBrokerServer(plan, this.lastPickedPort, { config, parts, hooks, onPublish, clients, deviceStats, log, limited, deny });
    } catch (err) {
      this.parts = null;
      this.state = 'failed';
      this.detail = `cannot listen on ${plan.host}:${plan.port}: ${(err as Error).message}`;
      throw new Error(this.detail);
    }
    if (plan.port === 0) this.lastPickedPort = r.bound.port;
    r.server.on('error', (err) => {
      log.error({ err: err.message }, 'local broker server error');
      this.state = 'failed';
      this.detail = err.message;
      this.ports.fail(err);
    });
    this.run = r;
    this.mirror.attach(r.broker, this.ports.bus);
    if (office.demo) this.ports.provide('demo-broker', { url: `mqtt://127.0.0.1:${r.bound.port}`, username: this.internal.username, password: this.internal.password });
    this.state = 'running';
    this.detail = plan.mode === 'demo-internal' ? 'demo: internal broker on loopback' : undefined;
    log.info({ host: r.bound.host, port: r.bound.port, mode: plan.mode, devices: this.credentials.deviceCount }, 'local broker listening');
  }

  async stop(): Promise<void> {
    this.mirror.detach();
    const r = this.run;
    this.run = null;
    if (r) await r.close();
    this.parts = null;
    this.retained?.flush();
    this.limited.flush();
    if (this.detail !== 'disabled by config') {
      this.state = 'stopped';
      this.detail = undefined;
    }
  }

  health(): BridgeHealth {
    const { run, parts, retained } = this;
    return {
      state: this.state,
      detail: this.detail,
      port: run?.bound.port ?? null,
      clients: run?.broker.connectedClients ?? 0,
      devices: this.credentials.deviceCount,
      devicesConnected: this.clients.devicesConnected(),
      changesDropped: this.mirror.changesDropped,
      retained: retained?.size ?? 0,
      retainedRefused: retained?.refused ?? 0,
      queued: parts?.queues.messages ?? 0,
      queuedBytes: parts?.queues.bytes ?? 0,
      queueDropped: parts?.queues.dropped ?? 0,
      handshakes: parts?.handshakes.size ?? 0,
    };
  }

  address(): { host: string; port: number } | null {
    return this.run ? { ...this.run.bound } : null;
  }

  setupPanel(): string {
    const counts = Object.fromEntries(['auth', 'throttled', 'publish', 'subscribe', 'capacity', 'session', 'handshake', 'packet_size'].map((k) => [k, this.denied.get({ kind: k })]).filter(([, n]) => (n as number) > 0));
    const run = this.run;
    return localBrokerPanel({ devices: this.deviceStats.list(), unknownLogins: this.deviceStats.unknownLogins, listening: run ? `${run.bound.host}:${run.bound.port}` : null, denied: counts, now: Date.now() });
  }

  internalCredentials(): { username: string; password: string } {
    return { username: this.internal.username, password: this.internal.password };
  }
}
