// Services a bridge may `need`: the host's own, listed here, and those other
// bridges `provide`, each declared in the providing bridge's folder by
// augmenting this interface (so no bridge imports another, and no central
// file changes when a bridge offers something new).
import type { OrderRow, OrderState } from '../store/types.js';
import type { RetainedStore, RetainedStoreOptions } from '../store/retained.js';

/** The city link's door into the store: never throws; a QoS ≥ 1 message is committed (or rejected) on return. */
export interface IngestPort {
  accept(topic: string, payload: Uint8Array, qos: number, receivedMs?: number): void;
  /** Totals for the gateway's status message. */
  stats(): { ingested: number; rejected: number };
}

/**
 * The orders outbox, as the upstream bridge delivers it (store-backed; every
 * call is synchronous and never throws for a missing order). Orders `queued`
 * or `refused` are owed to the city; the transitions are guarded by the state
 * they leave, so a late acknowledgement never undoes the city's answer.
 */
export interface OrdersPort {
  /** Owed orders due now (queued, or refused with their retry time come), oldest first. */
  due(nowMs: number, limit: number): OrderRow[];
  /** When the next refused order comes due; null when none waits. */
  nextRetryAt(): number | null;
  /** The broker acknowledged a publish. True when the order moved to `sent`. */
  markSent(id: string, atMs: number): boolean;
  /** The broker refused a publish with an error reason code; retried at `retryAtMs`. */
  markRefused(id: string, code: number, error: string, atMs: number, retryAtMs: number): boolean;
  /** A publish the link cut off (no answer): the order stays owed, due at once. */
  markFailed(id: string, error: string): void;
  /** Sent orders the city has not answered since before `sentBeforeMs` become `unconfirmed`; their ids. */
  flagUnconfirmed(sentBeforeMs: number, nowMs: number): string[];
  /** Orders owed to the city. */
  pendingCount(): number;
  counts(): Record<OrderState, number>;
  /** The newest orders in one state (the setup panel's list). */
  inState(state: OrderState, limit: number): OrderRow[];
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
