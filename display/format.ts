// Numbers, money, times and ages for the wall: tabular, grouped, in the office's language.
import type { Lang } from './i18n.js';
import { t } from './i18n.js';

const locale = (lang: Lang) => (lang === 'ko' ? 'ko-KR' : 'en-US');

/** Grouped number with a fixed number of decimals (same precision in a column). */
export function num(lang: Lang, value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(locale(lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Decimals that suit a value's magnitude (for indicator figures). */
export function autoDecimals(value: number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const a = Math.abs(value);
  return a >= 100 ? 0 : a >= 1 ? 1 : a === 0 ? 0 : 2;
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

/** HH:MM in the office time zone. */
export function clock(ms: number, timeZone = 'Asia/Seoul'): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
}

export function dateShort(lang: Lang, ms: number, timeZone = 'Asia/Seoul'): string {
  return new Date(ms).toLocaleDateString(locale(lang), { month: 'short', day: 'numeric', timeZone });
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
