// Services a bridge may `need`: the host's own, listed here, and those other
// bridges `provide`, each declared in the providing bridge's folder by
// augmenting this interface (so no bridge imports another, and no central
// file changes when a bridge offers something new).
import type { OrderRow } from '../store/types.js';
import type { RetainedStore, RetainedStoreOptions } from '../store/retained.js';

/** The city link's door into the store: never throws; a QoS ≥ 1 message is committed (or rejected) on return. */
export interface IngestPort {
  accept(topic: string, payload: Uint8Array, qos: number): void;
  /** Totals for the gateway's status message. */
  stats(): { ingested: number; rejected: number };
}

/** The orders outbox, as the upstream bridge drains it. */
export interface OrdersPort {
  queued(limit: number): OrderRow[];
  markSent(id: string, atMs: number): void;
  markFailed(id: string, error: string): void;
  pendingCount(): number;
}

/** The city link's state: recorded in the store and announced on the bus. */
export interface LinkPort {
  set(up: boolean): void;
}

/** The local broker's retained messages, kept in the store. */
export interface BrokerRetainedPort {
  open(opts: RetainedStoreOptions): RetainedStore;
}

export interface Services {
  ingest: IngestPort;
  orders: OrdersPort;
  link: LinkPort;
  'broker-retained': BrokerRetainedPort;
}
