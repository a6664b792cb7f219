import type { CityMessage, EntityKind } from '../contract/messages.js';

/** What changed in the store, for the display (after commit). `key` is the DOM data-key. */
export interface ChangeNotice {
  kind: CityMessage['kind'];
  key: string;
  ts: string;
  district?: string;
  /**
   * Only the office's views show this change (a private poll's, an order's): the public mirror's views skip it, so
   * not even a redraw tells them it exists or when it changed. Set by the store from what it committed; a poll
   * that was public until this change is not private (the public views must drop it, once).
   */
  private?: true;
}

export interface EntityRow<T = Record<string, unknown>> {
  id: string;
  status: string | null;
  district: string | null;
  ts: string;
  receivedAt: number;
  data: T;
}

export type OrderVia = 'touch' | 'voice' | 'gesture' | 'api';

/**
 * Where an order stands, as far as the gateway knows: `queued` (owed to the
 * city), `sent` (the broker acknowledged it), `refused` (the broker answered
 * with an error reason code; retried with backoff), `unconfirmed` (sent, but
 * the city did not answer within the configured time), `received` (the city
 * answered on order-status; its own status is in `city`).
 */
export const ORDER_STATES = ['queued', 'sent', 'refused', 'unconfirmed', 'received'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export interface OrderRow {
  id: string;
  text: string;
  ref: string | null;
  createdAt: string;
  /** When the gateway accepted it (epoch ms). */
  createdMs: number;
  source: { screen: string | null; via: OrderVia };
  /** Who gave it, as the action log names principals: `api`, `device:{id}`, `loopback:{screen}`… (`unknown` for orders older than this field). */
  principal: string;
  /** A technician's test order (published with `"test": true`). */
  test: boolean;
  state: OrderState;
  /** When the order entered its state (epoch ms). */
  stateAt: number;
  /** When the broker first acknowledged it (epoch ms). */
  sentAt: number | null;
  /** Publishes whose outcome came back (acknowledged, refused or cut off). */
  attempts: number;
  /** Refusals in a row (the retry backoff's exponent). */
  refusals: number;
  lastError: string | null;
  /** The broker's reason code of the last refusal (MQTT 5), e.g. 135 = not authorized. */
  refusedCode: number | null;
  /** When a refused order is tried again (epoch ms); null unless refused. */
  nextAttemptAt: number | null;
  city: { status: string; note: string | null; by: string | null; ts: string } | null;
}

export interface NewOrder {
  /** A client-chosen id (a contract id slug); a new ULID-style id when absent. */
  id?: string;
  text: string;
  ref: string | null;
  screen: string | null;
  via: OrderVia;
  principal: string;
  idempotencyKey: string | null;
  test: boolean;
  nowMs: number;
  createdAt: string;
}

export interface RejectedRow { id: number; at: number; topic: string; reason: string; detail: string; excerpt: string; bytes: number }

/** A series' latest reading, as `urban_latest` holds it. */
export interface UrbanLatestRow { metric: string; district: string; value: number; unit: string | null; ts: string; tsMs: number; receivedAt: number }

export interface ListOptions { limit?: number; offset?: number }
/** Row filters on an entity table's own columns (values are bound, never spliced into SQL). */
export interface EntityFilter { statusIn?: readonly string[]; statusNotIn?: readonly string[]; district?: string }
/** An entity list's order: newest first (`ts`, the default) or the wall's order of incidents (`severity`). */
export type EntityOrder = 'ts' | 'severity';

/** A poll's visibility (`public`, `private`) as SQL on its row. */
export const POLL_VISIBILITY_SQL = "json_extract(payload, '$.visibility')";
/** Which rows of a kind the public may see, as SQL; a kind not here is everyone's (apply.ts marks the others' notices). */
export const PUBLIC_ROWS_SQL: Partial<Record<EntityKind, string>> = { poll: `${POLL_VISIBILITY_SQL} = 'public'` };

export const ENTITY_TABLES: Record<EntityKind, string> = {
  incident: 'incidents',
  complaint: 'complaints',
  poll: 'polls',
  pledge: 'pledges',
  trend: 'trends',
};

export interface StoreLimits {
  maxSizeMb: number;
  warnAtPercent: number;
  urbanRawRetentionHours: number;
  urbanDownsampleMinutes: number;
  urbanDownsampledRetentionDays: number;
  closedEntityRetentionDays: number;
  indicatorRetentionMonths: number;
  rejectedKeep: number;
  ordersKeep: number;
  maxRowsPerEntity: number;
  /** Hard cap in pages, overriding the one maxSizeMb gives (tests, and ops who want an exact figure). */
  maxPages?: number;
}

/** One dispatched action: who asked, on which screen, and what came of it. */
export interface ActionLogRow {
  id: number;
  at: number;
  screen: string;
  action: string;
  source: string;
  principal: string;
  /** `done`, `pending` (awaits confirmation), `cancelled`, `expired`, or the refusal's HTTP status (`400`, `404`, `409`). */
  outcome: string;
  detail: string | null;
}
