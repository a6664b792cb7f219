// The one interface every bridge implements (cf. Zigbee2MQTT extensions).
import type { Bus } from '../bus.js';
import type { Config } from '../config/load.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { Ingestor } from '../ingest/ingestor.js';

export type BridgeState = 'stopped' | 'starting' | 'running' | 'degraded' | 'failed';

export interface BridgeHealth {
  state: BridgeState;
  /** Short human-readable detail for /healthz and the technician. */
  detail?: string;
  /** Bridge-specific facts (e.g. connected: true, clients: 3). */
  [key: string]: unknown;
}

export interface Bridge {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): BridgeHealth;
  /** A bridge calls this when it fails after start; the supervisor restarts it with backoff. */
  onFailure?: (err: Error) => void;
}

/** What the host injects into every bridge (cf. aedes: dependencies given by the host). */
export interface BridgeContext {
  config: Config;
  store: Store;
  bus: Bus;
  metrics: Metrics;
  ingestor: Ingestor;
  logger: Logger;
  /** Shared facts between host pieces; e.g. the demo broker's port. */
  runtime: { demoBroker?: { url: string; username: string; password: string } };
}
