// What social and news media talk about: mentions in the last hour and their tone,
// per keyword. Busy in the evening, quiet at night, with news cycles that come and
// go (smooth noise over hours).
import { smoothNoise } from './random.js';
import { HOUR, isoKst, kstHourOfDay } from './time.js';

export interface TrendPayload {
  id: string;
  keyword: { en: string; ko: string };
  mentions: number;
  sentiment: number;
  window: '1h';
  ts: string;
}

interface TrendSpec {
  readonly id: string;
  readonly en: string;
  readonly ko: string;
  /** Typical mentions per hour in the evening. */
  readonly mentions: number;
  /** Typical tone, −1 … 1. */
  readonly sentiment: number;
}

export const TRENDS: readonly TrendSpec[] = [
  { id: 'fine-dust', en: 'fine dust', ko: '미세먼지', mentions: 1800, sentiment: -0.42 },
  { id: 'climate-card', en: 'climate companion card', ko: '기후동행카드', mentions: 950, sentiment: 0.31 },
  { id: 'jeonse-fraud', en: 'jeonse fraud', ko: '전세사기', mentions: 1300, sentiment: -0.63 },
  { id: 'ttareungyi', en: 'Ttareungyi bikes', ko: '따릉이', mentions: 620, sentiment: 0.22 },
  { id: 'owl-bus', en: 'late-night Owl bus', ko: '올빼미버스', mentions: 410, sentiment: 0.18 },
  { id: 'hangang-park', en: 'Hangang park', ko: '한강공원', mentions: 1100, sentiment: 0.45 },
  { id: 'childcare', en: 'childcare', ko: '돌봄', mentions: 870, sentiment: -0.05 },
  { id: 'subway-fare', en: 'subway fare rise', ko: '지하철 요금 인상', mentions: 1500, sentiment: -0.38 },
];

function bump(h: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(h - centre), 24 - Math.abs(h - centre));
  return Math.exp(-(d * d) / (2 * width * width));
}

export function trendAt(spec: TrendSpec, nowMs: number, seed: number): TrendPayload {
  const h = kstHourOfDay(nowMs);
  // Quiet before dawn; the morning commute, lunch and the evening are busy.
  const diurnal = 0.2 + 0.5 * bump(h, 8.5, 1.5) + 0.45 * bump(h, 12.5, 2) + 0.8 * bump(h, 21, 2.5);
  const cycle = Math.exp(0.6 * smoothNoise(seed, `trend-${spec.id}`, nowMs, 6 * HOUR));
  const tone = spec.sentiment + 0.25 * smoothNoise(seed, `tone-${spec.id}`, nowMs, 3 * HOUR);
  return {
    id: spec.id, keyword: { en: spec.en, ko: spec.ko }, mentions: Math.round(spec.mentions * diurnal * cycle),
    sentiment: Math.round(Math.max(-1, Math.min(1, tone)) * 100) / 100, window: '1h', ts: isoKst(nowMs),
  };
}
