// The simulated city's messages, as {topic, payload, retain}: pure and
// deterministic given (seed, clock). simulator.ts does the publishing.
import { INDICATORS, toDefinition } from './catalogue.js';
import { complaintSource } from './complaints.js';
import { CITY, DISTRICT_CODES } from './districts.js';
import { incidentSource } from './incidents.js';
import { allIndicatorValues } from './indicators.js';
import { POLLS, pollAt } from './polls.js';
import { PLEDGES, pledgeAt } from './pledges.js';
import { changesBetween, snapshotAt, type Change } from './timeline.js';
import { TRENDS, trendAt } from './trends.js';
import { urbanReadings } from './urban.js';
import { cityTopics } from '../../gateway/contract/topics.js';
import type { EntityKind } from '../../gateway/contract/messages.js';

export { isoKst } from './time.js';

export const DEFAULT_TOPIC_ROOT = 'scpm/v1';
export const DEFAULT_SEED = 20_261_123;

export interface SimMessage {
  readonly topic: string;
  /** A JSON object, or null for a zero-length payload (clears a retained message). */
  readonly payload: object | null;
  readonly retain: boolean;
}

export interface GenerateOptions {
  /** Topic root, default `scpm/v1`. */
  readonly root?: string;
  readonly seed?: number;
  /** Multiplier on how often things happen (incidents, complaints, votes). Default 1. */
  readonly rate?: number;
  /** When the run started: polls and pledges are placed relative to it. Default: `now`. */
  readonly since?: Date;
}

interface Resolved { root: string; seed: number; rate: number }

function resolve(opts: GenerateOptions = {}): Resolved {
  const rate = opts.rate ?? 1;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`rate must be a positive number, got ${rate}`);
  return { root: opts.root ?? DEFAULT_TOPIC_ROOT, seed: opts.seed ?? DEFAULT_SEED, rate };
}

const retained = (topic: string, payload: object | null): SimMessage => ({ topic, payload, retain: true });

function entityMessages<P>(root: string, kind: EntityKind, changes: readonly Change<P>[]): SimMessage[] {
  return changes.map((c) => retained(cityTopics.entity(root, kind, c.id), c.payload as object | null));
}

export function catalogueMessages(opts?: GenerateOptions): SimMessage[] {
  const { root } = resolve(opts);
  return INDICATORS.map((spec) => retained(cityTopics.indicatorDef(root, spec.id), toDefinition(spec)));
}

/** 62 indicators × 26 districts × 10 breakdowns, lazily (16,120 messages). */
export function* indicatorMessages(now: Date, opts?: GenerateOptions): Generator<SimMessage> {
  const { root, seed } = resolve(opts);
  for (const v of allIndicatorValues(now, seed)) {
    const gender = v.breakdown?.gender ?? 'all';
    const ageBand = v.breakdown?.ageBand ?? 'all';
    yield retained(cityTopics.indicatorValue(root, { indicator: v.indicator, district: v.district, gender, ageBand }), v);
  }
}

/** Readings of every metric for the given districts (default: the 25 and `city`). */
export function urbanMessages(now: Date, opts?: GenerateOptions, districts: readonly string[] = [...DISTRICT_CODES, CITY]): SimMessage[] {
  const { root, seed } = resolve(opts);
  return districts.flatMap((d) => urbanReadings(d, now, seed).map((r) => retained(cityTopics.urban(root, r.metric, r.district), r)));
}

/** Incidents retained at `now` (received in the last 3 h ÷ rate). */
export function incidentMessages(now: Date, opts?: GenerateOptions): SimMessage[] {
  const o = resolve(opts);
  return entityMessages(o.root, 'incident', snapshotAt(incidentSource(o), now.getTime()));
}

/** Incidents that appeared, moved on, or expired in (from, to]. */
export function incidentChangeMessages(from: Date, to: Date, opts?: GenerateOptions): SimMessage[] {
  const o = resolve(opts);
  return entityMessages(o.root, 'incident', changesBetween(incidentSource(o), from.getTime(), to.getTime()));
}

/** Complaints and suggestions retained at `now` (reported in the last 8 h ÷ rate). */
export function complaintMessages(now: Date, opts?: GenerateOptions): SimMessage[] {
  const o = resolve(opts);
  return entityMessages(o.root, 'complaint', snapshotAt(complaintSource(o), now.getTime()));
}

export function complaintChangeMessages(from: Date, to: Date, opts?: GenerateOptions): SimMessage[] {
  const o = resolve(opts);
  return entityMessages(o.root, 'complaint', changesBetween(complaintSource(o), from.getTime(), to.getTime()));
}

export function pollMessages(now: Date, opts?: GenerateOptions): SimMessage[] {
  const { root, seed, rate } = resolve(opts);
  const since = (opts?.since ?? now).getTime();
  return POLLS.map((p) => retained(cityTopics.entity(root, 'poll', p.id), pollAt(p, now.getTime(), since, seed, rate)));
}

export function pledgeMessages(now: Date, opts?: GenerateOptions): SimMessage[] {
  const { root, rate } = resolve(opts);
  const since = (opts?.since ?? now).getTime();
  return PLEDGES.map((p) => retained(cityTopics.entity(root, 'pledge', p.id), pledgeAt(p, now.getTime(), since, rate)));
}

export function trendMessages(now: Date, opts?: GenerateOptions): SimMessage[] {
  const { root, seed } = resolve(opts);
  return TRENDS.map((t) => retained(cityTopics.entity(root, 'trend', t.id), trendAt(t, now.getTime(), seed)));
}

/**
 * The whole retained state at `now`, lazily: catalogue first (so a gateway knows
 * the indicators before their values), then values, urban readings and entities.
 */
export function* snapshotMessages(now: Date, opts?: GenerateOptions): Generator<SimMessage> {
  yield* catalogueMessages(opts);
  yield* indicatorMessages(now, opts);
  yield* urbanMessages(now, opts);
  yield* incidentMessages(now, opts);
  yield* complaintMessages(now, opts);
  yield* pollMessages(now, opts);
  yield* pledgeMessages(now, opts);
  yield* trendMessages(now, opts);
}

/** The bytes to publish: JSON, or an empty payload to clear a retained message. */
export function encodePayload(message: SimMessage): string {
  return message.payload === null ? '' : JSON.stringify(message.payload);
}
