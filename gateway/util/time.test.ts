import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockInZone, isTimeZone, isoInZone, zoneOffset } from './time.js';

const T = Date.parse('2026-11-29T01:00:00Z');

describe('time in the office zone', () => {
  it('knows IANA zones and refuses others', () => {
    for (const z of ['Asia/Seoul', 'UTC', 'Europe/Berlin', 'America/St_Johns']) expect(isTimeZone(z), z).toBe(true);
    for (const z of ['Mars/Olympus', 'Asia/Seol', '', '+09:00 ', '+09:00', '-05:00', '+0900']) expect(isTimeZone(z), z).toBe(false);
  });

  it('writes ISO-8601 with the zone offset at that instant (daylight saving too)', () => {
    expect(isoInZone(T, 'Asia/Seoul')).toBe('2026-11-29T10:00:00+09:00');
    expect(isoInZone(T, 'UTC')).toBe('2026-11-29T01:00:00+00:00');
    expect(isoInZone(T, 'America/St_Johns')).toBe('2026-11-28T21:30:00-03:30');
    expect(zoneOffset(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe('+02:00');
    expect(zoneOffset(Date.parse('2026-01-01T00:00:00Z'), 'Europe/Berlin')).toBe('+01:00');
  });

  it('names the same instant it was given (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), fc.constantFrom('Asia/Seoul', 'UTC', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kathmandu'), (s, zone) => {
      expect(Date.parse(isoInZone(s * 1000, zone))).toBe(s * 1000);
    }));
  });

  it('reads a 24-hour clock in the zone', () => {
    expect(clockInZone(T, 'Asia/Seoul')).toBe('10:00');
    expect(clockInZone(T + 13 * 3_600_000, 'Asia/Seoul')).toBe('23:00');
    expect(clockInZone(T, 'Europe/Berlin')).toBe('02:00');
  });
});
