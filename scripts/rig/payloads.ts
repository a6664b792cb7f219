// Contract-shaped urban readings for load (city-data-contract.md § Urban reading).
import { DISTRICT_CODES } from '../simulator/districts.js';

export const METRICS = ['pm10', 'pm25', 'o3', 'traffic-speed', 'temperature'] as const;
/** The 25 districts of the office's map: a code outside it is refused at the gateway's edge, not stored. */
export const DISTRICTS = DISTRICT_CODES;

/** ISO-8601 with a +09:00 offset, as the city publishes it. */
export function kstIso(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
}

/**
 * The `seq`-th reading of a load run: spread over 125 series, every reading with
 * its own ts (so each one is a new row, never an "unchanged" redelivery).
 * Timestamps are `baseMs + seq` ms: keep baseMs within the raw retention window.
 */
export function urbanLoadMessage(seq: number, baseMs: number): { topic: string; payload: string } {
  const metric = METRICS[seq % METRICS.length]!;
  const district = DISTRICTS[Math.floor(seq / METRICS.length) % DISTRICTS.length]!;
  const payload = JSON.stringify({
    metric,
    district,
    value: Math.round((20 + (seq % 97) * 0.37) * 100) / 100,
    unit: metric === 'temperature' ? 'C' : metric === 'traffic-speed' ? 'km/h' : 'ug/m3',
    ts: kstIso(baseMs + seq),
    station: `st-${district}-${seq % 7}`,
    quality: 'valid',
    seq,
  });
  return { topic: `scpm/v1/urban/${metric}/${district}`, payload };
}
