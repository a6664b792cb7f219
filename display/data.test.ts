// Which indicators the city's single target can judge on a district: rates and
// levels (by unit) everywhere, counts and totals only for the whole city.
import { describe, expect, it } from 'vitest';
import { intensiveUnit, onTarget, targetApplies, type IndicatorDefView } from './data.js';

const def = (unit: string, o: Partial<IndicatorDefView> = {}): IndicatorDefView => ({
  id: 'x', name: { en: 'x', ko: 'x' }, unit, category: 'culture', direction: 'up', target: 1000, period: 'month', headline: false,
  intensive: intensiveUnit(unit), ...o,
});

describe('intensive units (a district is comparable with the city target)', () => {
  it('takes rates, concentrations, indices, durations, speeds and readings', () => {
    for (const u of ['%', ' % ', '%p', '‰', 'ppm', 'ug/m3', 'µg/m³', 'μg/m3', 'index', 'points', '점', 'min', 'minutes', '분', 'hours', 'days',
      'km/h', '°C', '℃', 'NTU', 'pH', 'ratio', '% of households']) {
      expect(intensiveUnit(u), u).toBe(true);
    }
  });

  it('takes per-capita and per-area units ("/", "per", "당")', () => {
    for (const u of ['㎡/person', 'm2/person', 'kg/person', 'per 100k', 'cases per 100,000 people', 'Per capita', '명/10만명', '1인당 ㎡', 'm/s']) {
      expect(intensiveUnit(u), u).toBe(true);
    }
  });

  it('treats counts, totals, sums of money and flows in time as totals', () => {
    for (const u of ['events', 'members', 'households', 'people', 'jobs', 'companies', 'units', 'won', '₩bn', 'KRW', 'homes', 'cases', 'visitors',
      'thousand riders', 'rentals', 'm2', '㎡', 'kg', '명', '건', 'persons', 'riders/day', 'thousand calls per month', '건/일', '대/시간', '명/월', '톤/년', 'vehicles/h', '']) {
      expect(intensiveUnit(u), u).toBe(false);
    }
  });
});

describe('where the city target applies', () => {
  it('judges a count only for the whole city, never for a district or a group', () => {
    const events = def('events');
    expect(targetApplies(events, { district: 'city' })).toBe(true);
    expect(targetApplies(events, { district: '11230' })).toBe(false);
    expect(targetApplies(events, { district: 'city', breakdown: true })).toBe(false);
    expect(targetApplies(events, { district: '11230', breakdown: true })).toBe(false);
  });

  it('judges a rate or level everywhere', () => {
    for (const u of ['%', 'ug/m3', 'min']) {
      expect(targetApplies(def(u), { district: 'city' })).toBe(true);
      expect(targetApplies(def(u), { district: '11230' })).toBe(true);
      expect(targetApplies(def(u), { district: '11230', breakdown: true })).toBe(true);
    }
  });

  it('keeps onTarget itself unchanged (direction, missing target or value)', () => {
    expect(onTarget(def('%', { target: 62 }), 60)).toBe(false);
    expect(onTarget(def('%', { target: 3.5, direction: 'down' }), 3.1)).toBe(true);
    expect(onTarget(def('%', { target: null }), 60)).toBeNull();
    expect(onTarget(def('%'), null)).toBeNull();
  });
});
