// Real-time urban readings (air, water, traffic, weather) per district and city.
// Each value is a pure function of (seed, metric, district, instant): a seasonal
// mean × a diurnal pattern × slowly varying smooth noise, so consecutive readings
// wander like a random walk without the simulator keeping any state.
import { CITY, DISTRICT_CODES } from './districts.js';
import { smoothNoise, unit } from './random.js';
import { HOUR, MINUTE, isoKst, kstHourOfDay, kstParts } from './time.js';

export const URBAN_METRICS = [
  { metric: 'pm10', unit: 'ug/m3', decimals: 0 },
  { metric: 'pm25', unit: 'ug/m3', decimals: 0 },
  { metric: 'o3', unit: 'ppm', decimals: 3 },
  { metric: 'traffic-speed', unit: 'km/h', decimals: 1 },
  { metric: 'water-turbidity', unit: 'NTU', decimals: 2 },
  { metric: 'temperature', unit: '°C', decimals: 1 },
] as const;
export type UrbanMetric = (typeof URBAN_METRICS)[number]['metric'];

export interface UrbanPayload { metric: string; district: string; value: number; unit: string; ts: string }

// Seoul monthly climatology, January first.
const TEMPERATURE = [-2.0, 0.6, 6.1, 12.6, 18.2, 22.4, 25.3, 25.9, 21.2, 14.8, 7.2, 0.4];
const PM10 = [45, 50, 58, 52, 42, 32, 24, 22, 22, 30, 38, 42];
const PM25_RATIO = [0.58, 0.56, 0.5, 0.45, 0.47, 0.55, 0.55, 0.52, 0.5, 0.52, 0.55, 0.58];
const O3 = [0.018, 0.022, 0.03, 0.038, 0.045, 0.046, 0.035, 0.032, 0.03, 0.024, 0.018, 0.015];

// Downtown districts run warmer and slower; the northern mountain edge cooler.
const URBAN_CORE = new Set(['11010', '11020', '11140', '11190', '11230']);
const MOUNTAIN_EDGE = new Set(['11090', '11100', '11110', '11120']);

/** A monthly climatology value, interpolated between mid-month points. */
function seasonal(table: readonly number[], ms: number): number {
  const { month, day } = kstParts(ms);
  const x = month - 1 + (day - 15) / 30;
  const i = Math.floor(x);
  const f = x - i;
  const a = table[(i + 12) % 12]!;
  const b = table[(i + 13) % 12]!;
  return a + (b - a) * f;
}

function bump(h: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(h - centre), 24 - Math.abs(h - centre));
  return Math.exp(-(d * d) / (2 * width * width));
}

function districtBias(seed: number, metric: string, district: string): number {
  return unit(seed, 'urban-bias', metric, district) * 2 - 1;
}

function pm10(seed: number, d: string, ms: number): number {
  const h = kstHourOfDay(ms);
  // City-wide pollution episodes lasting a day or two, plus local variation.
  const episode = Math.exp(0.45 * smoothNoise(seed, 'air-episode', ms, 12 * HOUR) + 0.15 * smoothNoise(seed, 'air-front', ms, 3 * HOUR));
  const diurnal = 1 + 0.14 * bump(h, 8.5, 1.5) + 0.1 * bump(h, 20, 2) - 0.1 * bump(h, 4, 2);
  const local = 1 + 0.12 * districtBias(seed, 'pm', d) + 0.08 * smoothNoise(seed, `pm-${d}`, ms, 40 * MINUTE);
  return seasonal(PM10, ms) * episode * diurnal * local * (1 + 0.03 * smoothNoise(seed, `pm-jitter-${d}`, ms, 2 * MINUTE));
}

function reading(metric: UrbanMetric, seed: number, d: string, ms: number): number {
  const h = kstHourOfDay(ms);
  switch (metric) {
    case 'pm10':
      return pm10(seed, d, ms);
    case 'pm25':
      return pm10(seed, d, ms) * seasonal(PM25_RATIO, ms) * (1 + 0.06 * smoothNoise(seed, `pm25-${d}`, ms, 30 * MINUTE));
    case 'o3': {
      // Photochemical: peaks mid-afternoon; traffic NO eats it downtown.
      const diurnal = Math.max(0.15, 1 + 0.65 * Math.cos((2 * Math.PI * (h - 15)) / 24));
      const local = (URBAN_CORE.has(d) ? 0.85 : 1) * (1 + 0.08 * districtBias(seed, 'o3', d));
      return seasonal(O3, ms) * diurnal * local * (1 + 0.15 * smoothNoise(seed, `o3-${d}`, ms, 45 * MINUTE));
    }
    case 'traffic-speed': {
      const weekend = kstParts(ms).weekday % 6 === 0;
      const peaks = weekend ? 0.12 * bump(h, 15, 3) : 0.28 * bump(h, 8, 1.2) + 0.3 * bump(h, 18.5, 1.5) + 0.08 * bump(h, 13, 2);
      const night = 0.4 * bump(h, 3, 2.5);
      const freeFlow = (URBAN_CORE.has(d) ? 21 : 26) + 3 * districtBias(seed, 'speed', d);
      return freeFlow * (1 + night - peaks) * (1 + 0.06 * smoothNoise(seed, `speed-${d}`, ms, 20 * MINUTE));
    }
    case 'water-turbidity': {
      // Tap water is ~0.06 NTU; heavy rain upstream occasionally lifts it (limit 0.5).
      const rain = Math.max(0, smoothNoise(seed, 'rain', ms, 6 * HOUR) - 0.7) * 0.6;
      return 0.06 + 0.015 * districtBias(seed, 'turbidity', d) + 0.01 * smoothNoise(seed, `turbidity-${d}`, ms, HOUR) + rain;
    }
    case 'temperature': {
      const local = (URBAN_CORE.has(d) ? 0.6 : 0) - (MOUNTAIN_EDGE.has(d) ? 0.7 : 0) + 0.3 * districtBias(seed, 'temp', d);
      const weather = 3 * smoothNoise(seed, 'weather', ms, 24 * HOUR) + smoothNoise(seed, 'weather-hour', ms, 4 * HOUR);
      return seasonal(TEMPERATURE, ms) + 4.5 * Math.cos((2 * Math.PI * (h - 15)) / 24) + weather + local + 0.2 * smoothNoise(seed, `temp-${d}`, ms, 15 * MINUTE);
    }
  }
}

function rounded(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** All metrics for one district (or `city`, the mean of the 25) at `now`. */
export function urbanReadings(district: string, now: Date, seed: number): UrbanPayload[] {
  const ms = Math.floor(now.getTime() / 1000) * 1000;
  const ts = isoKst(ms);
  return URBAN_METRICS.map(({ metric, unit: u, decimals }) => {
    const raw = district === CITY
      ? DISTRICT_CODES.reduce((s, d) => s + reading(metric, seed, d, ms), 0) / DISTRICT_CODES.length
      : reading(metric, seed, district, ms);
    const value = rounded(metric === 'temperature' ? raw : Math.max(0, raw), decimals);
    return { metric, district, value, unit: u, ts };
  });
}
