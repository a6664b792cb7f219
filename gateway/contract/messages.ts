// The edge of ingest: topic + bytes → a typed, validated city message, or a
// rejection with one of the counter's reasons. Pure: no I/O.
import { z } from 'zod';
import {
  complaintSchema, incidentSchema, INDICATOR_DEF_MAX_BYTES, indicatorDefSchema, indicatorValueSchema, orderStatusSchema,
  pledgeSchema, pollSchema, trendSchema, urbanReadingSchema, isUrbanReading, periodAfterTs, type IndicatorValue,
} from './payloads.js';
import { routeTopic, type TopicRoute } from './topics.js';
import { unknownDistrict, type DistrictList } from './districts.js';
import type { CityMessage } from './city-message.js';

export type { CityMessage, EntityKind } from './city-message.js';

/**
 * Why a message was rejected: at the edge (the first seven), or while storing
 * it (`store-error`; `store-full` when the disk or the database's page cap is
 * full; `table-full` when its table is at its own bound; `unknown-order` for an
 * answer about an order this office does not hold). Each rejects that one message only.
 */
export const REJECT_REASONS = ['not-json', 'schema', 'too-large', 'unknown-topic', 'topic-mismatch', 'unknown-district', 'future-ts', 'store-error', 'store-full', 'table-full', 'unknown-order'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Fields that identify a complaint's reporter: dropped at ingest, never stored or logged. */
export const REPORTER_FIELDS = ['reporter', 'phone', 'email', 'name'] as const;

/** An optional field of the wrong shape, dropped so the rest of the entity is kept (contract § Rules). */
export interface DroppedField { entity: CityMessage['kind']; field: string }

export type Classified =
  | { ok: true; message: CityMessage; strippedFields: number; droppedFields: DroppedField[] }
  | { ok: false; reason: RejectReason; detail: string }
  | { ok: 'ignore' };

export const MAX_JSON_DEPTH = 16;

/** Keys JSON.parse creates as own properties but a copy by assignment would turn into a prototype. */
const PROTO_KEYS = new Set(['__proto__']);

interface Walk { tooDeep: boolean; stripped: number; protoKeys: number }

/**
 * One pass over a parsed payload: is it nested deeper than `max` (recursion
 * stops there, so a hostile payload cannot blow the stack); removes
 * `__proto__` keys; and removes `strip` keys (a complaint's reporter fields)
 * at any depth.
 */
function walk(value: object, max: number, strip: ReadonlySet<string> | null, acc: Walk, depth = 0): void {
  if (depth >= max) {
    acc.tooDeep = true;
    return;
  }
  if (Array.isArray(value)) {
    for (const child of value) {
      if (child !== null && typeof child === 'object') walk(child as object, max, strip, acc, depth + 1);
      if (acc.tooDeep) return;
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    if (PROTO_KEYS.has(key)) {
      delete obj[key];
      acc.protoKeys++;
      continue;
    }
    if (strip?.has(key)) {
      delete obj[key];
      acc.stripped++;
      continue;
    }
    const child = obj[key];
    if (child !== null && typeof child === 'object') walk(child, max, strip, acc, depth + 1);
    if (acc.tooDeep) return;
  }
}

const REPORTER_KEYS: ReadonlySet<string> = new Set(REPORTER_FIELDS);

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.length ? issue.path.join('.') : '(payload)';
  return `${path}: ${issue.message}${error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : ''}`;
}

const SCHEMAS = {
  'indicator-def': indicatorDefSchema,
  'indicator-value': indicatorValueSchema,
  urban: urbanReadingSchema,
  incident: incidentSchema,
  complaint: complaintSchema,
  poll: pollSchema,
  pledge: pledgeSchema,
  trend: trendSchema,
  'order-status': orderStatusSchema,
} as const;

/**
 * A topic level as a rejection's detail quotes it: the sender's text, so cut
 * short and on one line (control and bidi characters as escapes); the detail
 * goes to the log, the rejected table and the setup page.
 */
function quotedLevel(level: string): string {
  const cut = level.length > 64 ? `${level.slice(0, 64)}…` : level;
  return JSON.stringify(cut).replace(/[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

function mismatch(route: TopicRoute, data: Record<string, unknown>): string | null {
  const check = (field: string, expected: string | undefined, got: unknown) =>
    expected !== undefined && got !== expected ? `${field} is ${JSON.stringify(got)} but the topic says ${quotedLevel(expected)}` : null;
  switch (route.kind) {
    case 'indicator-value': {
      const b = (data.breakdown ?? {}) as Record<string, unknown>;
      return check('indicator', route.keys.indicator, data.indicator) ?? check('district', route.keys.district, data.district)
        ?? check('breakdown.gender', route.keys.gender, b.gender ?? 'all') ?? check('breakdown.ageBand', route.keys.ageBand, b.ageBand ?? 'all');
    }
    case 'urban':
      return check('metric', route.keys.metric, data.metric) ?? check('district', route.keys.district, data.district);
    case 'order-status':
      return check('orderId', route.keys.orderId, data.orderId);
    default:
      return check('id', route.keys.id, data.id);
  }
}

export interface ClassifyOptions {
  root: string;
  officeId: string;
  maxBytes: number;
  /** The office's districts: a message naming another is rejected (`unknown-district`). */
  districts: DistrictList;
  /** A `ts` further ahead of the gateway's clock than this is rejected (`future-ts`): it would pin the entity. */
  maxFutureSkewMs?: number;
  now?: () => number;
}

/** Top-level keys a schema may go without: a wrong value there is dropped, not a rejection. */
const OPTIONAL_KEYS = Object.fromEntries(Object.entries(SCHEMAS).map(([kind, schema]) => [
  kind,
  new Set(Object.entries(schema.shape).filter(([, field]) => (field as z.ZodType).safeParse(undefined).success).map(([key]) => key)),
])) as unknown as Record<CityMessage['kind'], ReadonlySet<string>>;

/** Kinds whose schema has a district (read from the schemas, so it cannot drift). */
const DISTRICT_KINDS: ReadonlySet<string> = new Set(Object.entries(SCHEMAS).filter(([, schema]) => 'district' in schema.shape).map(([kind]) => kind));

/**
 * Validates `json` against its entity's schema. When every problem lies in an
 * optional top-level field, those fields are dropped and the rest is kept.
 */
function validate(kind: CityMessage['kind'], json: Record<string, unknown>): { data: Record<string, unknown>; dropped: DroppedField[] } | { error: string } {
  const schema = SCHEMAS[kind];
  const first = schema.safeParse(json);
  if (first.success) return { data: first.data as Record<string, unknown>, dropped: [] };
  const optional = OPTIONAL_KEYS[kind];
  const fields = new Set<string>();
  for (const issue of first.error.issues) {
    const key = issue.path[0];
    if (typeof key !== 'string' || !optional.has(key)) {
      const required = new z.ZodError(first.error.issues.filter((i) => typeof i.path[0] !== 'string' || !optional.has(i.path[0])));
      return { error: firstIssue(required) };
    }
    fields.add(key);
  }
  for (const key of fields) delete json[key];
  const second = schema.safeParse(json);
  if (!second.success) return { error: firstIssue(second.error) };
  return { data: second.data as Record<string, unknown>, dropped: [...fields].map((field) => ({ entity: kind, field })) };
}

/** Routes of recently seen topics: a city has a few thousand, each repeated every few seconds. */
const ROUTE_CACHE_MAX = 4096;

/**
 * A classifier for one topic root and office, remembering the routes of up to
 * ROUTE_CACHE_MAX topics (splitting the topic was ~0.5 µs of each message).
 */
export function createClassifier(opts: ClassifyOptions): (topic: string, payload: Uint8Array) => Classified {
  const routes = new Map<string, TopicRoute | null>();
  const route = (topic: string): TopicRoute | null => {
    let r = routes.get(topic);
    if (r === undefined) {
      r = routeTopic(topic, opts.root, opts.officeId);
      if (routes.size >= ROUTE_CACHE_MAX) routes.clear();
      routes.set(topic, r);
    }
    return r;
  };
  return (topic, payload) => classifyRouted(topic, payload, opts, route);
}

export function classify(topic: string, payload: Uint8Array, opts: ClassifyOptions): Classified {
  return classifyRouted(topic, payload, opts, (t) => routeTopic(t, opts.root, opts.officeId));
}

function classifyRouted(topic: string, payload: Uint8Array, opts: ClassifyOptions, routeOf: (topic: string) => TopicRoute | null): Classified {
  // A zero-length payload clears a retained message: ignored, not rejected (contract § Rules).
  if (payload.length === 0) return { ok: 'ignore' };
  if (payload.length > opts.maxBytes) return { ok: false, reason: 'too-large', detail: `${payload.length} bytes > ${opts.maxBytes}` };
  const route = routeOf(topic);
  if (!route) return { ok: false, reason: 'unknown-topic', detail: 'no entity is mapped to this topic' };
  if (route.kind === 'indicator-def' && payload.length > INDICATOR_DEF_MAX_BYTES) return { ok: false, reason: 'too-large', detail: `an indicator definition of ${payload.length} bytes > ${INDICATOR_DEF_MAX_BYTES}` };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (err) {
    // V8's message quotes the payload's start: keep only where it broke, never the text.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    return { ok: false, reason: 'not-json', detail: at ? `invalid JSON at byte ${at}` : 'invalid JSON (truncated or not JSON at all)' };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, reason: 'schema', detail: 'payload is not a JSON object' };
  const walked: Walk = { tooDeep: false, stripped: 0, protoKeys: 0 };
  walk(json, MAX_JSON_DEPTH, route.kind === 'complaint' ? REPORTER_KEYS : null, walked);
  if (walked.tooDeep) return { ok: false, reason: 'schema', detail: `nesting deeper than ${MAX_JSON_DEPTH}` };
  let data: Record<string, unknown>;
  let dropped: DroppedField[] = [];
  if (route.kind === 'urban' && isUrbanReading(json as Record<string, unknown>)) data = json as Record<string, unknown>;
  else {
    const result = validate(route.kind, json as Record<string, unknown>);
    if ('error' in result) return { ok: false, reason: 'schema', detail: result.error };
    ({ data, dropped } = result);
  }
  if (walked.protoKeys > 0) dropped = [...dropped, { entity: route.kind, field: '__proto__' }];
  const wrong = mismatch(route, data);
  if (wrong) return { ok: false, reason: 'topic-mismatch', detail: wrong };
  // After the topic check: a topic's district is the payload's, so this covers both.
  if (DISTRICT_KINDS.has(route.kind)) {
    const unknown = unknownDistrict(opts.districts, data.district as string);
    if (unknown) return { ok: false, reason: 'unknown-district', detail: unknown };
  }
  if (opts.maxFutureSkewMs !== undefined && typeof data.ts === 'string') {
    const ahead = Date.parse(data.ts) - (opts.now ?? Date.now)();
    if (ahead > opts.maxFutureSkewMs) return { ok: false, reason: 'future-ts', detail: `ts is ${Math.round(ahead / 1000)} s ahead of the gateway's clock (limit ${Math.round(opts.maxFutureSkewMs / 1000)} s)` };
  }
  if (route.kind === 'indicator-value') {
    const late = periodAfterTs(data as IndicatorValue);
    if (late) return { ok: false, reason: 'schema', detail: late };
    const b = (data.breakdown ?? {}) as { gender?: string; ageBand?: string };
    data.breakdown = { ...b, gender: b.gender ?? 'all', ageBand: b.ageBand ?? 'all' };
  }
  return { ok: true, message: { kind: route.kind, data } as CityMessage, strippedFields: walked.stripped, droppedFields: dropped };
}

/**
 * A short, redacted excerpt of a rejected payload for technicians: structure and
 * key names only, string values masked, so no citizen text or PII is kept.
 */
export function redactedExcerpt(payload: Uint8Array, maxChars = 240): string {
  const text = Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.byteLength, 4096)).toString('utf8');
  // Walk the text: keep structure and key names (first 40 chars), mask every
  // other string, including one left unterminated by truncation, and every bare
  // word or number run outside strings (a non-JSON payload may be plain PII).
  let out = '';
  let i = 0;
  while (i < text.length && out.length <= maxChars) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const body = text.slice(i + 1, Math.min(j, text.length));
      const closed = j < text.length;
      const rest = text.slice(j + 1);
      const isKey = closed && /^\s*:/.test(rest);
      out += isKey ? `"${body.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"` : `"…${body.length}ch${closed ? '"' : ''}`;
      i = j + 1;
    } else if (/[{}[\],:\s]/.test(ch)) {
      out += ch === '\n' || ch === '\r' || ch === '\t' ? ' ' : ch;
      i++;
    } else {
      let j = i;
      while (j < text.length && !/["{}[\],:\s]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      out += /^(true|false|null)$/.test(word) ? word : /^-?\d{1,5}(\.\d+)?$/.test(word) ? word : `‹${word.length}›`;
      i = j;
    }
  }
  return out.length > maxChars ? out.slice(0, maxChars) + '…' : out;
}
