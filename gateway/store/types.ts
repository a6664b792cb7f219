import type { CityMessage, EntityKind } from '../contract/messages.js';

/** What changed in the store, for the display (after commit). `key` is the DOM data-key. */
export interface ChangeNotice {
  kind: CityMessage['kind'];
  key: string;
  ts: string;
  district?: string;
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

export interface OrderRow {
  id: string;
  text: string;
  ref: string | null;
  createdAt: string;
  source: { screen: string | null; via: OrderVia };
  state: 'queued' | 'sent';
  sentAt: number | null;
  attempts: number;
  lastError: string | null;
  city: { status: string; note: string | null; by: string | null; ts: string } | null;
}

export interface RejectedRow { id: number; at: number; topic: string; reason: string; detail: string; excerpt: string; bytes: number }

export interface ListOptions { limit?: number; offset?: number }
/** Row filters on an entity table's own columns (values are bound, never spliced into SQL). */
export interface EntityFilter { statusIn?: readonly string[]; statusNotIn?: readonly string[]; district?: string }

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
