// Numbers, money, times and ages for the wall: tabular, grouped, in the office's language.
import { clockInZone } from '../gateway/util/time.js';
import type { Lang } from './i18n.js';
import { t } from './i18n.js';

const locale = (lang: Lang) => (lang === 'ko' ? 'ko-KR' : 'en-US');

// Intl formatters are costly to build (toLocaleString builds one per call:
// ~40 % of a page render once measured); a page formats hundreds of figures.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    if (formatters.size < 256) formatters.set(key, f); // bounded: keys come from config and code, not from data
  }
  return f;
}

/** Grouped number with a fixed number of decimals (same precision in a column). */
export function num(lang: Lang, value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const d = Math.max(0, Math.min(20, Math.trunc(decimals)));
  return formatter(`n:${lang}:${d}`, () => new Intl.NumberFormat(locale(lang), { minimumFractionDigits: d, maximumFractionDigits: d })).format(value);
}

/**
 * Decimals urban metrics are reported with (the sensors' precision): ozone in
 * ppm needs three (0.031), turbidity in NTU two (0.05), dust in µg/m³ none.
 */
export const METRIC_DECIMALS: Readonly<Record<string, number>> = {
  pm10: 0, pm25: 0, o3: 3, no2: 3, 'traffic-speed': 1, 'water-turbidity': 2, 'water-ph': 1, temperature: 1, humidity: 0,
};

/** Decimals a unit carries whatever the figure (keys in lower case). */
const UNIT_DECIMALS: Readonly<Record<string, number>> = {
  ppm: 3, ppb: 0, ntu: 2, ph: 1, '%': 1, '°c': 1, 'km/h': 1,
};

const MAX_DECIMALS = 6;

/** Decimals that show `sig` significant digits of a (non-zero) magnitude: 0.031 → 3 for 2 digits. */
function sigDecimals(abs: number, sig: number): number {
  return Math.max(0, Math.min(MAX_DECIMALS, sig - 1 - Math.floor(Math.log10(abs))));
}

const isWhole = (v: number) => Math.abs(v - Math.round(v)) < 1e-9;

/** What a figure is: an urban metric id and/or a unit. */
export interface Precision { metric?: string | null; unit?: string | null }

/** Decimals the metric or the unit fixes; undefined when neither says. */
export function knownDecimals(p: Precision): number | undefined {
  if (p.metric && p.metric in METRIC_DECIMALS) return METRIC_DECIMALS[p.metric];
  const u = p.unit?.trim().toLowerCase();
  return u && u in UNIT_DECIMALS ? UNIT_DECIMALS[u] : undefined;
}

/**
 * One precision for a column of figures (tiles, a map and its legend, a
 * value beside its target): from the metric, else the unit, else from the
 * values themselves — whole numbers none, ≥ 100 none, ≥ 1 one, and below 1
 * two significant digits (0.031 → 3), so a small figure never reads 0.0.
 */
export function decimalsFor(values: Iterable<number | null | undefined>, p: Precision = {}): number {
  const known = knownDecimals(p);
  if (known !== undefined) return known;
  let d = 0;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v) || isWhole(v)) continue;
    const a = Math.abs(v);
    d = Math.max(d, a >= 100 ? 0 : a >= 1 ? 1 : sigDecimals(a, 2));
  }
  return d;
}

/** Decimals for one figure: the column's, or more when those would hide it (0.004 at 2 → 4, never "0.00"). */
export function safeDecimals(value: number | null | undefined, decimals: number): number {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return decimals;
  const a = Math.abs(value);
  return a < 10 ** -decimals ? Math.max(decimals, sigDecimals(a, 2)) : decimals;
}

/** A measured figure at its column's precision, never rounded to a misleading zero. */
export function fig(lang: Lang, value: number | null | undefined, decimals: number): string {
  return num(lang, value, safeDecimals(value, decimals));
}

/**
 * A headline figure that must fit a tile: as `fig` below a million, else three
 * significant digits with M/B/T in English or 만/억/조 in Korean
 * (2,159,615 → "2.16M", "216만").
 */
export function headlineFig(lang: Lang, value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value) || Math.abs(value) < 1e6) return fig(lang, value, decimals);
  const r = Number(value.toPrecision(3));
  const a = Math.abs(r);
  const [div, suffix] = lang === 'ko'
    ? a >= 1e12 ? [1e12, '조'] : a >= 1e8 ? [1e8, '억'] : [1e4, '만']
    : a >= 1e12 ? [1e12, 'T'] : a >= 1e9 ? [1e9, 'B'] : [1e6, 'M'];
  const scaled = r / div;
  return `${num(lang, scaled, sigDecimals(Math.abs(scaled), 3))}${suffix}`;
}

/** Large counts: Korean units (만, 억) in Korean, K/M in English. */
export function compact(lang: Lang, value: number): string {
  const a = Math.abs(value);
  if (lang === 'ko') {
    if (a >= 1e12) return `${num(lang, value / 1e12, a >= 1e13 ? 0 : 1)}조`;
    if (a >= 1e8) return `${num(lang, value / 1e8, 0)}억`;
    if (a >= 1e4) return `${num(lang, value / 1e4, a >= 1e5 ? 0 : 1)}만`;
    return num(lang, value);
  }
  if (a >= 1e12) return `${num(lang, value / 1e12, 2)}T`;
  if (a >= 1e9) return `${num(lang, value / 1e9, 1)}B`;
  if (a >= 1e6) return `${num(lang, value / 1e6, 1)}M`;
  if (a >= 1e4) return `${num(lang, value / 1e3, 1)}K`;
  return num(lang, value);
}

/** Money: "7,020억 원" in Korean, "₩702.0B" in English. */
export function money(lang: Lang, value: number, currency = 'KRW'): string {
  if (currency !== 'KRW') return `${compact(lang, value)} ${currency}`;
  return lang === 'ko' ? `${compact(lang, value)} 원` : `₩${compact(lang, value)}`;
}

export function percent(lang: Lang, value: number, decimals = 0): string {
  return `${num(lang, value, decimals)}%`;
}

/** HH:MM in the office time zone (ctx.timeZone: office.timezone). */
export function clock(ms: number, timeZone: string): string {
  return clockInZone(ms, timeZone);
}

export function dateShort(lang: Lang, ms: number, timeZone: string): string {
  return formatter(`date:${lang}:${timeZone}`, () => new Intl.DateTimeFormat(locale(lang), { month: 'short', day: 'numeric', timeZone })).format(ms);
}

/** "3 min ago", "2 h ago", "5 d ago" (the client re-renders these every few seconds). */
export function age(lang: Lang, fromMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - fromMs) / 1000));
  if (s < 60) return t(lang, 'justNow');
  const m = Math.floor(s / 60);
  const span = m < 60 ? `${m} ${lang === 'ko' ? '분' : 'min'}` : m < 48 * 60 ? `${Math.floor(m / 60)} ${lang === 'ko' ? '시간' : 'h'}` : `${Math.floor(m / 1440)} ${lang === 'ko' ? '일' : 'd'}`;
  return t(lang, 'ago', { n: span });
}

/** Minutes between two instants, for incident timelines. */
export function minutesBetween(a: number, b: number): number {
  return Math.max(0, Math.round((b - a) / 60_000));
}

export function parseMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}
