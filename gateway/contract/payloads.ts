// zod schemas of the city data contract (shared/docs/city-data-contract.md, v1).
// Objects are loose: unknown extra fields are kept, per the contract.
import { z } from 'zod';

export const ID_SLUG = /^[A-Za-z0-9_.-]{1,128}$/;
export const DISTRICT_CODE = /^(\d{5}|city)$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True when `s` is ISO-8601 with an offset AND names a real instant: month,
 * day (of that month and year), hour, minute, second and offset in range, and
 * `Date.parse` finite. The pattern alone let `2026-13-01` and `T25:00` through,
 * Date.parse gave NaN, and the store refused the row (contract § Rules).
 */
export function isInstant(s: string): boolean {
  const m = ISO_TIME.exec(s);
  if (!m) return false;
  const year = +m[1]!, month = +m[2]!, day = +m[3]!, hour = +m[4]!, minute = +m[5]!;
  const second = m[6] === undefined ? 0 : +m[6];
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] !== undefined && (+m[7] > 14 || +m[8]! > 59)) return false;
  return Number.isFinite(Date.parse(s));
}

export const idSlug = z.string().regex(ID_SLUG, 'an id slug');
export const districtCode = z.string().regex(DISTRICT_CODE, 'a KOSTAT district code or "city"');
export const isoTime = z.string().refine(isInstant, 'a real ISO-8601 instant with offset (month 1-12, day of the month, hour 0-23, minute and second 0-59, offset up to ±14:59)');
export const GENDERS = ['all', 'female', 'male'] as const;
export const AGE_BANDS = ['all', '0-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-plus'] as const;
export const period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'a period YYYY-MM or YYYY');
const nullableTime = isoTime.nullable().optional();
const i18n = z.looseObject({ en: z.string().max(500), ko: z.string().max(500) });

/**
 * An indicator definition's largest payload: its known fields at their bounds
 * with every character escaped (two 500-character names as \uXXXX) take under
 * 7 KB. The catalogue is read whole on each render, so its rows stay small.
 */
export const INDICATOR_DEF_MAX_BYTES = 8192;

export const indicatorDefSchema = z.looseObject({
  id: idSlug,
  name: i18n,
  unit: z.string().max(32),
  category: idSlug,
  direction: z.enum(['up', 'down']),
  target: z.number().finite().nullable().optional(),
  period: z.enum(['month', 'quarter', 'year']).default('month'),
  ts: isoTime.optional(),
});

export const indicatorValueSchema = z.looseObject({
  indicator: idSlug,
  district: districtCode,
  period,
  value: z.number().finite().nullable(),
  breakdown: z.looseObject({ gender: z.enum(GENDERS).default('all'), ageBand: z.enum(AGE_BANDS).default('all') }).optional(),
  history: z.array(z.looseObject({ period, value: z.number().finite().nullable() })).max(240).optional(),
  ts: isoTime,
});

/**
 * A value's period (or one of its history's) that starts after the message's
 * own ts, read in the ts's calendar (the figure of a period that has not begun
 * cannot have been measured): such a row would sit past every retention cut
 * for good. Returns the problem, or null.
 */
export function periodAfterTs(v: { period: string; ts: string; history?: readonly { period: string }[] }): string | null {
  const late = [v.period, ...(v.history ?? []).map((h) => h.period)].find((p) => p > v.ts.slice(0, p.length));
  return late === undefined ? null : `period ${late} starts after the message's ts (${v.ts.slice(0, 7)})`;
}

export const urbanReadingSchema = z.looseObject({
  metric: idSlug,
  district: districtCode,
  value: z.number().finite(),
  unit: z.string().max(32).optional(),
  ts: isoTime,
});

/**
 * The hot path of ingest: urban readings are most of a city's traffic, and
 * zod's walk was about a tenth of a message's cost. This check accepts only
 * what `urbanReadingSchema` accepts, with the same output (the object itself:
 * loose objects keep their extra fields); anything it refuses goes through
 * zod, which names the reason. messages.test.ts holds the two to agreement.
 */
export function isUrbanReading(v: Record<string, unknown>): v is UrbanReading {
  const { metric, district, value, unit, ts } = v;
  return typeof metric === 'string' && ID_SLUG.test(metric)
    && typeof district === 'string' && DISTRICT_CODE.test(district)
    && typeof value === 'number' && Number.isFinite(value)
    && (unit === undefined || (typeof unit === 'string' && unit.length <= 32))
    && typeof ts === 'string' && isInstant(ts);
}

export const incidentSchema = z.looseObject({
  id: idSlug,
  kind: z.string().max(64),
  title: z.string().max(500),
  severity: z.number().int().min(0).max(10).optional(),
  district: districtCode,
  location: z.looseObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), address: z.string().max(500).optional() }).optional(),
  status: z.enum(['received', 'dispatched', 'on-scene', 'closed']),
  receivedAt: isoTime,
  dispatchedAt: nullableTime,
  onSceneAt: nullableTime,
  closedAt: nullableTime,
  units: z.array(z.string().max(200)).max(100).optional(),
  cameras: z.array(z.string().max(200)).max(50).optional(),
  ts: isoTime,
});

/** The statuses after which a complaint is handled and leaves the pipeline (contract § Entities). */
export const COMPLAINT_HANDLED_STATUSES = ['resolved', 'rejected'] as const;

export const complaintSchema = z.looseObject({
  id: idSlug,
  kind: z.enum(['complaint', 'suggestion']),
  category: z.string().max(64),
  district: districtCode,
  summary: z.string().max(4000),
  channel: z.string().max(64).optional(),
  status: z.enum(['reported', 'received', 'in-progress', ...COMPLAINT_HANDLED_STATUSES]),
  reportedAt: isoTime,
  receivedAt: nullableTime,
  handledAt: nullableTime,
  department: z.string().max(200).nullable().optional(),
  ts: isoTime,
});

export const pollSchema = z.looseObject({
  id: idSlug,
  title: z.string().max(500),
  kind: z.enum(['policy', 'community']),
  visibility: z.enum(['public', 'private']),
  status: z.enum(['open', 'closed', 'scheduled']),
  opensAt: nullableTime,
  closesAt: nullableTime,
  totalVoters: z.number().int().min(0).optional(),
  options: z.array(z.looseObject({ id: idSlug, label: z.string().max(300), votes: z.number().int().min(0) })).min(1).max(50),
  ts: isoTime,
});

export const pledgeSchema = z.looseObject({
  id: idSlug,
  title: z.string().max(500),
  area: z.string().max(64).optional(),
  progress: z.number().min(0).max(100),
  status: z.enum(['on-track', 'at-risk', 'delayed', 'done']),
  budget: z.looseObject({ allocated: z.number().min(0), executed: z.number().min(0), currency: z.string().max(8) }).optional(),
  ts: isoTime,
});

export const trendSchema = z.looseObject({
  id: idSlug,
  keyword: i18n,
  mentions: z.number().int().min(0),
  sentiment: z.number().min(-1).max(1).optional(),
  window: z.string().regex(/^\d+[mhd]$/, 'a window like 1h, 30m, 1d'),
  ts: isoTime,
});

export const orderStatusSchema = z.looseObject({
  orderId: idSlug,
  status: z.enum(['received', 'in-progress', 'done', 'declined']),
  note: z.string().max(2000).optional(),
  by: z.string().max(200).optional(),
  ts: isoTime,
});

export type IndicatorDef = z.infer<typeof indicatorDefSchema>;
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;
export type UrbanReading = z.infer<typeof urbanReadingSchema>;
export type Incident = z.infer<typeof incidentSchema>;
export type Complaint = z.infer<typeof complaintSchema>;
export type Poll = z.infer<typeof pollSchema>;
export type Pledge = z.infer<typeof pledgeSchema>;
export type Trend = z.infer<typeof trendSchema>;
export type OrderStatus = z.infer<typeof orderStatusSchema>;
