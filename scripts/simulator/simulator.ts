// Publishes the simulated city on an MQTT broker: the full retained snapshot first,
// then a live loop (urban readings, incidents, complaints, poll tallies, trends,
// pledges). All content comes from generate.ts; this file only schedules and sends.
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { DEFAULT_SEED, DEFAULT_TOPIC_ROOT, encodePayload, snapshotMessages, type GenerateOptions, type SimMessage } from './generate.js';
import { LiveLoop } from './live-loop.js';

/** pino-compatible: `logger.info({ some: 'fields' }, 'message')`. */
export interface SimulatorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface SimulatorOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  url: string;
  /** Multiplier on the live event rate (default 1: urban readings every 5 s, an incident every ~45 s). */
  rate?: number;
  topicRoot?: string;
  /** 4 (MQTT 3.1.1, default: the embedded aedes broker speaks only that) or 5. */
  protocolVersion?: 4 | 5;
  seed?: number;
  logger?: SimulatorLogger;
  clock?: () => Date;
  username?: string;
  password?: string;
  /** How long `start` waits for the first connection before giving up (default 30 s). */
  connectTimeoutMs?: number;
}

export interface SimulatorStats {
  /** Messages the broker acknowledged. */
  published: number;
  /** Live messages skipped while the link was down or too many were in flight. */
  dropped: number;
  failed: number;
  /** Full snapshots sent (the first, then one per reconnection). */
  snapshots: number;
  connected: boolean;
}

export interface SimulatorHandle {
  stop(): Promise<void>;
  stats(): SimulatorStats;
}

/** Snapshot messages are sent this many at a time, each batch awaited, to bound memory. */
const SNAPSHOT_BATCH = 500;
/** Beyond this many unacknowledged live messages, live messages are dropped (a slow or stalled broker). */
const MAX_IN_FLIGHT = 2000;

export const consoleLogger: SimulatorLogger = {
  info: (obj, msg) => console.log(`[simulator] ${msg ?? ''} ${JSON.stringify(obj)}`),
  warn: (obj, msg) => console.warn(`[simulator] ${msg ?? ''} ${JSON.stringify(obj)}`),
};

export class CitySimulator implements SimulatorHandle {
  private readonly opts: Required<Pick<SimulatorOptions, 'url' | 'rate' | 'topicRoot' | 'protocolVersion' | 'seed' | 'connectTimeoutMs'>> & SimulatorOptions;
  private readonly logger: SimulatorLogger;
  private readonly clock: () => Date;
  private readonly gen: GenerateOptions;
  private client: MqttClient | null = null;
  private live: LiveLoop | null = null;
  private stopped = false;
  private counts = { published: 0, dropped: 0, failed: 0, snapshots: 0 };
  private inFlight = 0;
  /** Live ticks pause while a snapshot is sent, so the snapshot never overwrites newer retained state. */
  private snapshotRunning: Promise<void> | null = null;
  private resyncWanted = false;
  /** When the last snapshot was taken: the live loop's entity changes start there. */
  private readonly cursor = { entitiesMs: 0 };

  constructor(options: SimulatorOptions) {
    const rate = options.rate ?? 1;
    if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`rate must be a positive number, got ${rate}`);
    // `??` rather than spreading defaults: an explicit `undefined` (e.g. an absent CLI flag) means the default.
    this.opts = {
      ...options, rate, topicRoot: options.topicRoot ?? DEFAULT_TOPIC_ROOT, protocolVersion: options.protocolVersion ?? 4,
      seed: options.seed ?? DEFAULT_SEED, connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    };
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? (() => new Date());
    this.gen = { root: this.opts.topicRoot, seed: this.opts.seed, rate, since: this.clock() };
  }

  /** Connects, sends the retained snapshot, then starts the live loop. */
  async start(): Promise<void> {
    const { url, protocolVersion } = this.opts;
    const clientId = `scpm-sim-${randomBytes(4).toString('hex')}`;
    this.logger.info({ url, clientId, protocolVersion, rate: this.opts.rate, root: this.opts.topicRoot, seed: this.opts.seed }, 'connecting');
    const client = mqtt.connect(url, {
      clientId, protocolVersion, clean: true, reconnectPeriod: 2000, connectTimeout: 10_000,
      ...(this.opts.username !== undefined ? { username: this.opts.username } : {}),
      ...(this.opts.password !== undefined ? { password: this.opts.password } : {}),
    });
    this.client = client;
    // Without an 'error' listener an unreachable broker would crash the process.
    client.on('error', (err) => this.warnThrottled(err.message));
    client.on('offline', () => this.logger.warn({}, 'broker link down; reconnecting'));
    await this.firstConnect(client);
    // The broker may have lost its retained state (an embedded broker restarts with
    // the gateway): send everything again on every reconnection.
    client.on('connect', () => {
      this.logger.info({}, 'reconnected; resending the snapshot');
      void this.resync();
    });
    await this.resync();
    if (this.stopped) return;
    this.startLiveLoop();
  }

  private lastWarn = { text: '', at: 0 };

  /** The same broker error repeats on every reconnect attempt: log it once per 30 s. */
  private warnThrottled(text: string): void {
    const now = Date.now();
    if (text === this.lastWarn.text && now - this.lastWarn.at < 30_000) return;
    this.lastWarn = { text, at: now };
    this.logger.warn({ err: text }, 'broker error');
  }

  private firstConnect(client: MqttClient): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.end(true);
        reject(new Error(`no connection to ${this.opts.url} within ${this.opts.connectTimeoutMs} ms`));
      }, this.opts.connectTimeoutMs);
      client.once('connect', () => {
        clearTimeout(timer);
        this.logger.info({}, 'connected');
        resolve();
      });
    });
  }

  /** Sends the full snapshot; a request made while one is running queues one more. */
  private async resync(): Promise<void> {
    if (this.snapshotRunning) {
      this.resyncWanted = true;
      return this.snapshotRunning;
    }
    this.snapshotRunning = (async () => {
      do {
        this.resyncWanted = false;
        await this.sendSnapshot();
      } while (this.resyncWanted && !this.stopped);
    })();
    try {
      await this.snapshotRunning;
    } finally {
      this.snapshotRunning = null;
    }
  }

  private async sendSnapshot(): Promise<void> {
    const now = this.clock();
    const started = Date.now();
    let sent = 0;
    let batch: SimMessage[] = [];
    const flush = async () => {
      await Promise.all(batch.map((m) => this.publishAwaited(m)));
      sent += batch.length;
      batch = [];
      if (sent % 4000 < SNAPSHOT_BATCH) this.logger.info({ sent }, 'snapshot progress');
    };
    for (const message of snapshotMessages(now, this.gen)) {
      if (this.stopped) return;
      batch.push(message);
      if (batch.length >= SNAPSHOT_BATCH) await flush();
    }
    await flush();
    this.cursor.entitiesMs = now.getTime();
    this.counts.snapshots++;
    this.logger.info({ messages: sent, ms: Date.now() - started }, 'snapshot sent');
  }

  private publishAwaited(message: SimMessage): Promise<void> {
    return new Promise((resolve) => {
      if (!this.client || this.stopped) return resolve();
      this.client.publish(message.topic, encodePayload(message), { qos: 1, retain: message.retain }, (err) => {
        if (err) this.counts.failed++;
        else this.counts.published++;
        resolve();
      });
    });
  }

  /** Fire-and-forget for the live loop: skipped while the link is down or the broker lags. */
  private publishLive(messages: readonly SimMessage[]): void {
    const client = this.client;
    for (const message of messages) {
      if (!client || this.stopped || !client.connected || this.inFlight >= MAX_IN_FLIGHT) {
        this.counts.dropped++;
        continue;
      }
      this.inFlight++;
      client.publish(message.topic, encodePayload(message), { qos: 1, retain: message.retain }, (err) => {
        this.inFlight--;
        if (err) this.counts.failed++;
        else this.counts.published++;
      });
    }
  }

  private startLiveLoop(): void {
    this.live = new LiveLoop({
      gen: this.gen, clock: this.clock, rate: this.opts.rate, logger: this.logger, cursor: this.cursor,
      paused: () => this.stopped || this.snapshotRunning !== null,
      publish: (messages) => this.publishLive(messages),
      stats: () => this.stats(),
    });
  }

  stats(): SimulatorStats {
    return { ...this.counts, connected: this.client?.connected ?? false };
  }

  /** Stops the timers and disconnects, letting in-flight messages finish (3 s at most). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.live?.stop();
    const client = this.client;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    const graceful = client.endAsync(false).then(() => true);
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 3000)));
    const clean = await Promise.race([graceful, timeout]).catch(() => false);
    clearTimeout(timer);
    if (!clean) await client.endAsync(true).catch(() => undefined);
    // A snapshot stops at its next batch; don't wait on messages a dead link never acknowledges.
    if (this.snapshotRunning) await Promise.race([this.snapshotRunning.catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
    this.logger.info({ ...this.stats() }, 'stopped');
  }
}

/** Starts a simulator; resolves once the first snapshot has been sent and the live loop runs. */
export async function startSimulator(opts: SimulatorOptions): Promise<SimulatorHandle> {
  const sim = new CitySimulator(opts);
  try {
    await sim.start();
  } catch (err) {
    await sim.stop();
    throw err;
  }
  return sim;
}
