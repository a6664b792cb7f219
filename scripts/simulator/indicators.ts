// Monthly indicator values for every indicator × district (+ city) × breakdown,
// latest month plus 11 months of history. Values are a pure function of
// (seed, indicator, district, breakdown, month), so a restarted simulator
// republishes the same figures for the same months.
import { INDICATORS, type IndicatorSpec, type Profile } from './catalogue.js';
import { CITY, DISTRICT_CODES } from './districts.js';
import { CITY_POPULATION, placeOf } from './places.js';
import { Rng } from './random.js';
import { isoKst, monthIndexOf, monthOfYear, monthStart, periodOf, type MonthIndex } from './time.js';

export const GENDERS = ['all', 'female', 'male'] as const;
export const AGE_BANDS = ['all', '0-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-plus'] as const;
export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export interface Breakdown { readonly gender: Gender; readonly ageBand: AgeBand }

/** all/all, then by gender, then by age band: never gender × age (the contract's topics hold one each). */
export const BREAKDOWNS: readonly Breakdown[] = [
  { gender: 'all', ageBand: 'all' },
  { gender: 'female', ageBand: 'all' },
  { gender: 'male', ageBand: 'all' },
  ...AGE_BANDS.slice(1).map((ageBand) => ({ gender: 'all' as const, ageBand })),
];

/** Months in a value's payload: the latest plus this many back-filled in `history`. */
export const HISTORY_MONTHS = 11;

type Factors = readonly [number | null, number | null, number | null, number | null, number | null, number | null, number | null];
interface ProfileTable {
  /**
   * `factor`: a group's figure is the whole's times the factor (rates, levels);
   * `share`: a group's figure is that share of the whole (counts); `none`: no
   * breakdown exists (e.g. PM2.5 by gender): groups get null.
   */
  readonly kind: 'factor' | 'share' | 'none';
  readonly female: number | null;
  readonly male: number | null;
  /** Age bands 0-19 … 70-plus; null = the figure does not cover that group. */
  readonly ages: Factors;
}

const NONE: Factors = [null, null, null, null, null, null, null];

export const PROFILES: Readonly<Record<Profile, ProfileTable>> = {
  none: { kind: 'none', female: null, male: null, ages: NONE },
  employment: { kind: 'factor', female: 0.86, male: 1.14, ages: [0.13, 0.95, 1.25, 1.27, 1.22, 0.92, 0.45] },
  unemployment: { kind: 'factor', female: 0.93, male: 1.06, ages: [2.0, 1.85, 0.95, 0.7, 0.75, 0.85, 0.55] },
  // Women's employment rate exists for women only.
  women: { kind: 'factor', female: 1, male: null, ages: [0.14, 1.15, 1.2, 1.15, 1.2, 0.85, 0.35] },
  // Young women in Seoul are employed slightly more than young men (military service).
  youth: { kind: 'factor', female: 1.04, male: 0.96, ages: [0.2, 1.25, null, null, null, null, null] },
  'older-workers': { kind: 'factor', female: 0.75, male: 1.3, ages: [null, null, null, null, null, 1.35, 0.6] },
  seniors: { kind: 'share', female: 0.62, male: 0.38, ages: [0, 0, 0, 0, 0, 0.45, 0.55] },
  'young-adults': { kind: 'share', female: 0.55, male: 0.45, ages: [0.03, 0.62, 0.33, 0.02, 0, 0, 0] },
  children: { kind: 'factor', female: 1, male: 1, ages: [1, null, null, null, null, null, null] },
  families: { kind: 'share', female: 0.58, male: 0.42, ages: [0.55, 0.02, 0.25, 0.15, 0.02, 0.01, 0] },
  residents: { kind: 'share', female: 0.52, male: 0.48, ages: [0.14, 0.14, 0.16, 0.15, 0.16, 0.14, 0.11] },
  workers: { kind: 'share', female: 0.45, male: 0.55, ages: [0.02, 0.26, 0.25, 0.2, 0.16, 0.09, 0.02] },
  households: { kind: 'share', female: 0.36, male: 0.64, ages: [0, 0.1, 0.17, 0.2, 0.21, 0.17, 0.15] },
  homeless: { kind: 'share', female: 0.14, male: 0.86, ages: [0, 0.02, 0.07, 0.16, 0.33, 0.28, 0.14] },
  victims: { kind: 'share', female: 0.42, male: 0.58, ages: [0.08, 0.2, 0.17, 0.16, 0.16, 0.12, 0.11] },
  escorts: { kind: 'share', female: 0.86, male: 0.14, ages: [0.12, 0.5, 0.2, 0.09, 0.05, 0.03, 0.01] },
  tenants: { kind: 'factor', female: 1.12, male: 0.94, ages: [null, 1.3, 1.05, 0.95, 0.9, 0.95, 1.15] },
  transit: { kind: 'factor', female: 1.07, male: 0.93, ages: [1.15, 1.12, 0.98, 0.92, 0.95, 1.0, 1.05] },
  visitors: { kind: 'share', female: 0.55, male: 0.45, ages: [0.15, 0.25, 0.2, 0.15, 0.12, 0.08, 0.05] },
  culture: { kind: 'factor', female: 1.06, male: 0.94, ages: [1.1, 1.2, 1.1, 1.05, 0.95, 0.8, 0.55] },
  online: { kind: 'factor', female: 0.99, male: 1.01, ages: [0.9, 1.2, 1.18, 1.1, 1.0, 0.8, 0.5] },
};

/** Drift is compounded from here, so a month's value does not depend on when it is generated. */
const DRIFT_ANCHOR: MonthIndex = 2026 * 12;

function isCount(spec: IndicatorSpec): boolean {
  return spec.measure === 'flow' || spec.measure === 'stock';
}

function groupFactor(table: ProfileTable, b: Breakdown): number | null {
  if (b.gender !== 'all') return b.gender === 'female' ? table.female : table.male;
  if (b.ageBand === 'all') return 1;
  if (table.kind === 'none') return null;
  return table.ages[AGE_BANDS.indexOf(b.ageBand) - 1] ?? null;
}

function round(value: number, spec: IndicatorSpec): number {
  const bounded = spec.unit === '%' ? Math.min(100, Math.max(0, value)) : Math.max(0, value);
  return isCount(spec) ? Math.round(bounded) : Math.round(bounded * 10) / 10;
}

function defaultDrift(spec: IndicatorSpec): number {
  const sign = spec.direction === 'up' ? 1 : -1;
  return sign * (spec.measure === 'stock' ? 0.003 : 0.0015);
}

/** One district's values for one breakdown, months [first, last], oldest first. */
function districtSeries(spec: IndicatorSpec, district: string, b: Breakdown, first: MonthIndex, last: MonthIndex, seed: number): (number | null)[] {
  const table = PROFILES[spec.profile];
  const factor = groupFactor(table, b);
  if (factor === null) return new Array<number | null>(last - first + 1).fill(null);
  const lvl = Rng.of(seed, 'level', spec.id, district);
  const z = Math.max(-2, Math.min(2, lvl.normal() * 0.7));
  const share = isCount(spec) ? placeOf(district).population / CITY_POPULATION : 1;
  const level = spec.baseline * share * Math.max(0.1, 1 + spec.spread * z);
  const drift = (spec.drift ?? defaultDrift(spec)) + (lvl.next() - 0.5) * 0.002;
  // Each district's groups differ a little from the city-wide profile.
  const groupBias = b.gender === 'all' && b.ageBand === 'all' ? 1 : 1 + Rng.of(seed, 'bias', spec.id, district, b.gender, b.ageBand).normal() * 0.03;
  const out: (number | null)[] = [];
  for (let m = first; m <= last; m++) {
    const season = spec.season ? 1 + spec.season.amplitude * Math.cos((2 * Math.PI * (monthOfYear(m) - spec.season.peakMonth)) / 12) : 1;
    const expected = level * Math.pow(1 + drift, m - DRIFT_ANCHOR) * season * factor * groupBias;
    // Monthly counts scatter like Poisson counts (relative spread 1/√n): a district's
    // 1 road death a month is 0, 1, 2 or 3, not always 1.
    const noiseSd = spec.measure === 'flow' ? Math.max(0.04, 1 / Math.sqrt(Math.max(expected, 0.01))) : spec.measure === 'stock' ? 0.002 : 0.008;
    const noise = Rng.of(seed, 'noise', spec.id, district, b.gender, b.ageBand, m).normal() * noiseSd;
    out.push(round(expected * (1 + noise), spec));
  }
  return out;
}

/** The city figure from the districts': a sum for counts, a population-weighted mean otherwise. */
function citySeries(spec: IndicatorSpec, perDistrict: readonly (readonly (number | null)[])[]): (number | null)[] {
  const months = perDistrict[0]?.length ?? 0;
  const out: (number | null)[] = [];
  for (let i = 0; i < months; i++) {
    let sum = 0;
    let weight = 0;
    perDistrict.forEach((series, d) => {
      const v = series[i];
      if (v === null || v === undefined) return;
      const w = isCount(spec) ? 1 : placeOf(DISTRICT_CODES[d]!).population;
      sum += v * w;
      weight += isCount(spec) ? 0 : w;
    });
    const any = perDistrict.some((s) => s[i] !== null && s[i] !== undefined);
    out.push(!any ? null : round(isCount(spec) ? sum : sum / weight, spec));
  }
  return out;
}

export interface IndicatorValuePayload {
  indicator: string;
  district: string;
  period: string;
  value: number | null;
  breakdown?: Breakdown;
  history: { period: string; value: number | null }[];
  ts: string;
}

/** The latest reported month at `now`: the month before the current one (KST). */
export function latestMonth(now: Date): MonthIndex {
  return monthIndexOf(now) - 1;
}

/**
 * Every value payload of one indicator: 26 districts (25 + city) × 10 breakdowns.
 * `ts` is when the month's figures were released: 00:00 KST on the first of the next month.
 */
export function* indicatorValues(spec: IndicatorSpec, now: Date, seed: number): Generator<IndicatorValuePayload> {
  const last = latestMonth(now);
  const first = last - HISTORY_MONTHS;
  const ts = isoKst(monthStart(last + 1));
  for (const b of BREAKDOWNS) {
    const perDistrict = DISTRICT_CODES.map((d) => districtSeries(spec, d, b, first, last, seed));
    const all = [...perDistrict, citySeries(spec, perDistrict)];
    const codes = [...DISTRICT_CODES, CITY];
    for (let i = 0; i < codes.length; i++) {
      const series = all[i]!;
      const history = [];
      for (let k = series.length - 2; k >= 0; k--) history.push({ period: periodOf(first + k), value: series[k] ?? null });
      const payload: IndicatorValuePayload = { indicator: spec.id, district: codes[i]!, period: periodOf(last), value: series[series.length - 1] ?? null, history, ts };
      // all/all leaves `breakdown` out (the contract's default), saving bytes on ~1,600 messages.
      if (b.gender !== 'all' || b.ageBand !== 'all') payload.breakdown = b;
      yield reorder(payload);
    }
  }
}

/** Field order as in the contract's example, for readable payloads. */
function reorder(p: IndicatorValuePayload): IndicatorValuePayload {
  const { indicator, district, period, value, breakdown, history, ts } = p;
  return breakdown ? { indicator, district, period, value, breakdown, history, ts } : { indicator, district, period, value, history, ts };
}

export function* allIndicatorValues(now: Date, seed: number): Generator<IndicatorValuePayload> {
  for (const spec of INDICATORS) yield* indicatorValues(spec, now, seed);
}
