import { describe, expect, it } from 'vitest';
import { CATEGORIES, INDICATORS, toDefinition } from './catalogue.js';
import { PROFILES } from './indicators.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HANGUL = /[\uac00-\ud7a3]/;

describe('indicator catalogue', () => {
  it('has exactly 62 indicators with unique slug ids', () => {
    expect(INDICATORS).toHaveLength(62);
    const ids = INDICATORS.map((i) => i.id);
    expect(new Set(ids).size).toBe(62);
    for (const id of ids) expect(id).toMatch(SLUG);
  });

  it('includes the indicators the office asked for', () => {
    const ids = new Set(INDICATORS.map((i) => i.id));
    for (const id of ['employment-rate', 'womens-employment-rate', 'jobs-created', 'mini-photovoltaic-installations', 'eco-mileage-members', 'public-rental-housing-supplied']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('puts every indicator in a defined category and uses every category', () => {
    const categoryIds = CATEGORIES.map((c) => c.id);
    expect(new Set(categoryIds).size).toBe(categoryIds.length);
    for (const c of CATEGORIES) {
      expect(c.id).toMatch(SLUG);
      expect(c.name.ko).toMatch(HANGUL);
    }
    for (const i of INDICATORS) expect(categoryIds, i.id).toContain(i.category);
    for (const c of categoryIds) expect(INDICATORS.some((i) => i.category === c), c).toBe(true);
  });

  it('has English and Korean names, a unit and a monthly period', () => {
    for (const i of INDICATORS) {
      expect(i.name.en.length, i.id).toBeGreaterThan(3);
      expect(i.name.ko, i.id).toMatch(HANGUL);
      expect(i.unit.length, i.id).toBeGreaterThan(0);
      expect(i.period).toBe('month');
      expect(['up', 'down']).toContain(i.direction);
    }
  });

  it('sets targets a plausible way beyond the baseline, in the indicator direction', () => {
    for (const i of INDICATORS) {
      expect(i.baseline, i.id).toBeGreaterThan(0);
      expect(i.spread, i.id).toBeGreaterThan(0);
      expect(i.spread, i.id).toBeLessThan(1);
      if (i.direction === 'up') {
        expect(i.target, i.id).toBeGreaterThanOrEqual(i.baseline);
        expect(i.target, i.id).toBeLessThanOrEqual(i.baseline * 1.6);
      } else {
        expect(i.target, i.id).toBeLessThanOrEqual(i.baseline);
        expect(i.target, i.id).toBeGreaterThanOrEqual(i.baseline * 0.5);
      }
      if (i.unit === '%') expect(i.target, i.id).toBeLessThanOrEqual(100);
    }
  });

  it('pairs counts with share profiles and rates or levels with factor profiles', () => {
    for (const i of INDICATORS) {
      const kind = PROFILES[i.profile].kind;
      if (i.measure === 'flow' || i.measure === 'stock') expect(['share', 'none'], i.id).toContain(kind);
      else expect(['factor', 'none'], i.id).toContain(kind);
    }
  });

  it('publishes only the contract fields', () => {
    const def = toDefinition(INDICATORS[0]!);
    expect(Object.keys(def).sort()).toEqual(['category', 'direction', 'id', 'name', 'period', 'target', 'unit']);
    expect(def).toEqual({ id: 'employment-rate', name: { en: 'Employment rate', ko: '고용률' }, unit: '%', category: 'jobs', direction: 'up', target: 62, period: 'month' });
  });
});
