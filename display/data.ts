// Read models for the pages, straight from the local store. On the public
// mirror every object is rebuilt from a whitelist of fields, so nothing
// private (address, location, cameras, reporter, private polls, summaries
// unless allowed) can reach a template by accident.
import { memo, type RenderCtx } from './context.js';
import type { EntityKind } from '../gateway/contract/messages.js';
import type { EntityFilter } from '../gateway/store/types.js';
import { COMPLAINT_HANDLED_STATUSES } from '../gateway/contract/payloads.js';
import { parseMs } from './format.js';

export interface IncidentView {
  id: string; kind: string; title: string; severity: number | null; district: string; status: string;
  receivedAt: number | null; dispatchedAt: number | null; onSceneAt: number | null; closedAt: number | null;
  units: string[]; address: string | null; cameras: string[]; ts: string; tsMs: number;
}
export interface ComplaintView {
  id: string; kind: 'complaint' | 'suggestion'; category: string; district: string; status: string;
  summary: string | null; department: string | null; reportedAt: number | null; receivedAt: number | null; handledAt: number | null; ts: string; tsMs: number;
}
export interface PollView {
  id: string; title: string; kind: string; visibility: string; status: string; closesAt: number | null; totalVoters: number | null;
  options: { id: string; label: string; votes: number }[]; ts: string; tsMs: number;
}
export interface PledgeView { id: string; title: string; area: string | null; progress: number; status: string; allocated: number | null; executed: number | null; currency: string; ts: string; tsMs: number }
export interface TrendView { id: string; keyword: { en: string; ko: string }; mentions: number; sentiment: number | null; window: string; ts: string; tsMs: number }
export interface IndicatorDefView {
  id: string; name: { en: string; ko: string }; unit: string; category: string; direction: 'up' | 'down'; target: number | null; period: 'month' | 'quarter' | 'year'; headline: boolean;
  /** A rate or level (from the unit, see `intensiveUnit`): its city target also reads for a district. */
  intensive: boolean;
}

/** The store's latest rows of one kind, read once per render. */
function entityRows(ctx: RenderCtx, kind: EntityKind, limit: number, filter: EntityFilter = {}) {
  return memo(ctx, `rows:${kind}:${limit}:${JSON.stringify(filter)}`, () => ctx.store.listEntities<Record<string, unknown>>(kind, { limit, ...filter }));
}

/** Statuses after which an item leaves the live pipeline (closed ones are kept for the retention window). */
const INCIDENT_DONE = ['closed'];
export const COMPLAINT_DONE: readonly string[] = COMPLAINT_HANDLED_STATUSES;
/** Handled complaints shown in the latest lists (the open ones are all read, however old). */
const RECENT_DONE_COMPLAINTS = 200;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One entity by id (an opened item may be older than any list holds). */
function entityById(ctx: RenderCtx, kind: EntityKind, id: string) {
  return memo(ctx, `row:${kind}:${id}`, () => {
    const row = ctx.store.getEntity<Record<string, unknown>>(kind, id);
    return row ? [row] : [];
  });
}

/**
 * How old an empty list of a kind is: the last word from the city that it is empty, the later of the newest item of
 * the kind the gateway took (any district: the feed is one) and the moment the city link came up (the retained
 * state comes then). A quiet feed is not proof that nothing happened (a silent publisher sounds the same), so the
 * age grows until the city speaks. Null when neither is known. The count is stale while the link is down.
 */
export function emptyListKnownAt(ctx: RenderCtx, kind: EntityKind): number | null {
  // The public mirror is told only of what it may see (never when a private poll last changed).
  const heard = memo(ctx, `last-received:${kind}:${ctx.isPublic}`, () => ctx.store.lastReceived(kind, { publicOnly: ctx.isPublic }));
  const linked = ctx.link.up ? ctx.link.since : null;
  return heard === null ? linked : linked === null ? heard : Math.max(heard, linked);
}

function incidentView(ctx: RenderCtx, r: { id: string; ts: string; data: Record<string, unknown> }): IncidentView {
  const d = r.data;
  const loc = (d.location ?? {}) as Record<string, unknown>;
  return {
    id: r.id, kind: str(d.kind), title: str(d.title), severity: numOrNull(d.severity), district: str(d.district), status: str(d.status),
    receivedAt: parseMs(d.receivedAt as string), dispatchedAt: parseMs(d.dispatchedAt as string), onSceneAt: parseMs(d.onSceneAt as string), closedAt: parseMs(d.closedAt as string),
    units: Array.isArray(d.units) ? d.units.filter((u): u is string => typeof u === 'string') : [],
    address: ctx.isPublic ? null : typeof loc.address === 'string' ? loc.address : null,
    cameras: ctx.isPublic ? [] : Array.isArray(d.cameras) ? d.cameras.filter((u): u is string => typeof u === 'string') : [],
    ts: r.ts, tsMs: parseMs(r.ts) ?? 0,
  };
}

/** One incident by id (an opened item), open or closed. */
export function incidentById(ctx: RenderCtx, id: string): IncidentView | null {
  const r = entityById(ctx, 'incident', id)[0];
  return r ? incidentView(ctx, r) : null;
}

const OPEN_INCIDENTS = { statusNotIn: INCIDENT_DONE };

/** Open incidents (of a district), counted by the store, and the ts of the one updated last ('' when none is open). */
export function openIncidentCount(ctx: RenderCtx, district?: string): { total: number; newestTs: string } {
  const filter = { ...OPEN_INCIDENTS, district };
  const total = memo(ctx, `open-incidents:${district ?? ''}`, () => ctx.store.countEntities('incident', filter));
  return { total, newestTs: total ? entityRows(ctx, 'incident', 1, filter)[0]?.ts ?? '' : '' };
}

/**
 * One page of open incidents in the wall's order: the most severe first, then the latest received, an old open
 * incident in it however old. Read as that page alone: a render costs about the same with 5 open incidents or 50,000.
 */
export function openIncidents(ctx: RenderCtx, o: { district?: string; offset: number; limit: number }): IncidentView[] {
  const rows = memo(ctx, `open-incidents:${o.district ?? ''}:${o.offset}:${o.limit}`,
    () => ctx.store.listEntities<Record<string, unknown>>('incident', { ...OPEN_INCIDENTS, district: o.district, offset: o.offset, limit: o.limit, order: 'severity' }));
  return rows.map((r) => incidentView(ctx, r));
}

function complaintView(ctx: RenderCtx, r: { id: string; ts: string; data: Record<string, unknown> }): ComplaintView {
  const d = r.data;
  const showText = !ctx.isPublic || ctx.publicComplaintText;
  return {
    id: r.id, kind: d.kind === 'suggestion' ? 'suggestion' : 'complaint', category: str(d.category) || 'other', district: str(d.district), status: str(d.status),
    summary: showText ? str(d.summary) : null, department: typeof d.department === 'string' ? d.department : null,
    reportedAt: parseMs(d.reportedAt as string), receivedAt: parseMs(d.receivedAt as string), handledAt: parseMs(d.handledAt as string), ts: r.ts, tsMs: parseMs(r.ts) ?? 0,
  };
}

/** One complaint by id (an opened item), open or handled. */
export function complaintById(ctx: RenderCtx, id: string): ComplaintView | null {
  const r = entityById(ctx, 'complaint', id)[0];
  return r ? complaintView(ctx, r) : null;
}

/** The newest complaints of either kind (of a district, open ones only when asked), at most `limit`. */
export function newestComplaints(ctx: RenderCtx, o: { limit: number; district?: string; open?: boolean }): ComplaintView[] {
  return entityRows(ctx, 'complaint', o.limit, { district: o.district, statusNotIn: o.open ? COMPLAINT_DONE : undefined }).map((r) => complaintView(ctx, r));
}

/**
 * The latest list of one kind: every open one (newest first), then the newest RECENT_DONE_COMPLAINTS handled ones;
 * its length, a page of it when asked, and the open ones' top categories. Counted and paged by the store: a render reads a
 * page, however many are open.
 */
export function latestComplaints(ctx: RenderCtx, o: { kind: 'complaint' | 'suggestion'; district?: string }) {
  const scope = { kind: o.kind, district: o.district };
  const key = `${o.kind}:${o.district ?? ''}`;
  const count = memo(ctx, `latest-count:${key}`, () => ctx.store.complaints.latestCount(scope, RECENT_DONE_COMPLAINTS));
  const page = (offset: number, limit: number) => memo(ctx, `latest-page:${key}:${offset}:${limit}`,
    () => ctx.store.complaints.latestPage(scope, count.open, RECENT_DONE_COMPLAINTS, offset, limit)
      .map((id) => entityById(ctx, 'complaint', id)[0]).filter((r) => r !== undefined))
    .map((r) => complaintView(ctx, r));
  return { total: count.open + count.done, page, top: (n: number) => ctx.store.complaints.topCategories(scope, n) };
}

export const PIPELINE = [
  { stage: 'reported', label: 'report' },
  { stage: 'received', label: 'reception' },
  { stage: 'in-progress', label: 'handling' },
  { stage: 'done', label: 'done' },
] as const;

export function stageOf(status: string): 'reported' | 'received' | 'in-progress' | 'done' {
  return COMPLAINT_DONE.includes(status) ? 'done' : status === 'received' ? 'received' : status === 'in-progress' ? 'in-progress' : 'reported';
}

/** Handled complaints (or suggestions) in all, counted by the store: the lists hold only the newest of them. */
function handledCount(ctx: RenderCtx, kind: 'complaint' | 'suggestion', district?: string): number {
  return memo(ctx, `handled:${kind}:${district ?? ''}`, () => ctx.store.complaints.handled({ kind, district }));
}

/**
 * The pipeline of one kind (of a district): open ones per stage with the oldest report of each, the open ones'
 * ageing (reported < 1, 1–3, 3–7, > 7 days ago), the handled ones in all, and the ts of the one updated last ('' when
 * none). All counted by the store.
 */
export function complaintPipeline(ctx: RenderCtx, o: { kind: 'complaint' | 'suggestion'; district?: string }) {
  const scope = { kind: o.kind, district: o.district };
  const counts = { reported: 0, received: 0, 'in-progress': 0, done: 0 } as Record<ReturnType<typeof stageOf>, number>;
  const oldest = { reported: null, received: null, 'in-progress': null, done: null } as Record<ReturnType<typeof stageOf>, number | null>;
  const ageing = [0, 0, 0, 0];
  for (const r of ctx.store.complaints.openByStatus(scope, ctx.now)) {
    const s = stageOf(r.status ?? '');
    counts[s] += r.n;
    if (r.oldestReportedMs !== null) oldest[s] = oldest[s] === null ? r.oldestReportedMs : Math.min(oldest[s]!, r.oldestReportedMs);
    r.ageing.forEach((n, i) => { ageing[i]! += n; });
  }
  counts.done = handledCount(ctx, o.kind, o.district);
  return { counts, oldest, ageing, latestTs: ctx.store.complaints.newestTs(scope) };
}

export function polls(ctx: RenderCtx): PollView[] {
  return entityRows(ctx, 'poll', 1000)
    .filter((r) => !ctx.isPublic || r.data.visibility === 'public')
    .map((r) => {
      const d = r.data;
      const options = Array.isArray(d.options) ? (d.options as Record<string, unknown>[]).map((o) => ({ id: str(o.id), label: str(o.label), votes: numOrNull(o.votes) ?? 0 })) : [];
      // A tally stamped ahead of the gateway's clock (a fast city clock) counts from when it came: never live for longer.
      const tsMs = Math.min(parseMs(r.ts) ?? 0, r.receivedAt);
      return { id: r.id, title: str(d.title), kind: str(d.kind), visibility: str(d.visibility), status: str(d.status), closesAt: parseMs(d.closesAt as string), totalVoters: numOrNull(d.totalVoters), options, ts: r.ts, tsMs };
    })
    .sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || b.tsMs - a.tsMs);
}

export function pledges(ctx: RenderCtx): PledgeView[] {
  return entityRows(ctx, 'pledge', 1000).map((r) => {
    const d = r.data;
    const b = (d.budget ?? null) as Record<string, unknown> | null;
    return { id: r.id, title: str(d.title), area: typeof d.area === 'string' ? d.area : null, progress: numOrNull(d.progress) ?? 0, status: str(d.status),
      allocated: b ? numOrNull(b.allocated) : null, executed: b ? numOrNull(b.executed) : null, currency: b ? str(b.currency) || 'KRW' : 'KRW', ts: r.ts, tsMs: parseMs(r.ts) ?? 0 };
  }).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

export function trends(ctx: RenderCtx): TrendView[] {
  return entityRows(ctx, 'trend', 500).map((r) => {
    const d = r.data;
    const k = (d.keyword ?? {}) as Record<string, unknown>;
    return { id: r.id, keyword: { en: str(k.en), ko: str(k.ko) }, mentions: numOrNull(d.mentions) ?? 0, sentiment: numOrNull(d.sentiment), window: str(d.window) || '1h', ts: r.ts, tsMs: parseMs(r.ts) ?? 0 };
  }).sort((a, b) => b.mentions - a.mentions);
}

export function indicatorDefs(ctx: RenderCtx): IndicatorDefView[] {
  return ctx.store.indicatorDefs().map(({ id, category, data: d }) => {
    const name = (d.name ?? {}) as Record<string, unknown>;
    return {
      id, category, name: { en: str(name.en) || id, ko: str(name.ko) || id }, unit: str(d.unit), direction: d.direction === 'down' ? 'down' : 'up',
      target: numOrNull(d.target), period: d.period === 'year' || d.period === 'quarter' ? d.period : 'month', headline: d.headline === true,
      intensive: intensiveUnit(str(d.unit)),
    } satisfies IndicatorDefView;
  });
}

export function categories(defs: IndicatorDefView[]): string[] {
  return [...new Set(defs.map((d) => d.category))];
}

/**
 * Units of rates and levels (intensive measures): a district's value is read
 * against the city's target as it is. Compared after NFKC and lower-casing
 * (so "µg/m³" = "μg/m3", "㎡" = "m2", "℃" = "°c").
 */
const INTENSIVE_UNITS = new Set([
  '%', '%p', 'percent', 'pct', '‰', 'ppm', 'ppb', 'ug/m3', 'μg/m3', 'mg/l',
  'index', 'points', 'pts', 'pt', 'score', '점', 'ratio', '배',
  'min', 'mins', 'minute', 'minutes', '분', 'h', 'hr', 'hrs', 'hour', 'hours', '시간', 'day', 'days', '일',
  'km/h', '°c', 'ntu', 'ph',
]);
/**
 * A "/", "per" or "당" whose denominator is a span of time is a flow (riders/day, vehicles/h): it still adds up across districts.
 * The Korean words are written as \u escapes (당, 시간, 일, 주, 월, 년, 연): esbuild keeps a regex literal as written, and
 * one non-ASCII character makes V8 hold the gateway's whole bundle source as a two-byte string (+1.3 MB resident).
 */
const PER_TIME = /(?:\/|\bper\b|\uB2F9)\s*(?:\d+\s*)?(?:h|hr|hour|hours|\uC2DC\uAC04|day|days|d|week|weeks|wk|month|months|mo|year|years|yr|\uC77C|\uC8FC|\uC6D4|\uB144|\uC5F0)\s*$/;

/**
 * Whether an indicator's unit makes it intensive (a rate, level or per-capita
 * figure, comparable between a district and the city) rather than a count or a
 * total (events, people, homes, won…, which add up across districts, so a
 * district's figure is never comparable with the city's target). The contract's
 * definition carries nothing else to tell them apart; an unknown or empty unit
 * counts as a total, so the display stays silent rather than wrong.
 */
export function intensiveUnit(unit: string): boolean {
  const u = unit.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  if (!u) return false;
  if (INTENSIVE_UNITS.has(u)) return true;
  if (u.includes('%') || u.includes('‰')) return true;
  if (PER_TIME.test(u)) return false;
  return u.includes('/') || /\bper\b/.test(u) || u.includes('당');
}

/**
 * Whether the city's target can judge a figure: always for the whole city,
 * and for a district or a gender/age group only when the measure is intensive
 * (a district's 63 events are not "off" a city target of 1,000).
 */
export function targetApplies(def: IndicatorDefView, scope: { district: string; breakdown?: boolean }): boolean {
  if (def.intensive) return true;
  return scope.district === 'city' && !scope.breakdown;
}

/** On target: at or beyond the target in the good direction; null when there is no target or value. */
export function onTarget(def: IndicatorDefView, value: number | null): boolean | null {
  if (def.target === null || value === null) return null;
  return def.direction === 'up' ? value >= def.target : value <= def.target;
}

/** Headline indicators: flagged ones, else the first of each category (at most `max`). */
export function headlineDefs(defs: IndicatorDefView[], max = 6): IndicatorDefView[] {
  const flagged = defs.filter((d) => d.headline);
  if (flagged.length) return flagged.slice(0, max);
  const seen = new Set<string>();
  return defs.filter((d) => (seen.has(d.category) ? false : (seen.add(d.category), true))).slice(0, max);
}

/** Urban metrics present in the store, in a stable display order. */
export const METRIC_ORDER = ['pm25', 'pm10', 'o3', 'no2', 'traffic-speed', 'water-turbidity', 'water-ph', 'temperature', 'humidity'];
export const AIR_METRICS = ['pm25', 'pm10', 'o3', 'no2'];

export function sortMetrics(ms: string[]): string[] {
  return [...new Set(ms)].sort((a, b) => {
    const ia = METRIC_ORDER.indexOf(a), ib = METRIC_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

/** Lower is better for these metrics (the map ramp runs light = good → dark... see choropleth). */
export const LOWER_IS_BETTER = new Set(['pm25', 'pm10', 'o3', 'no2', 'water-turbidity']);
