import { describe, expect, it } from 'vitest';
import { districtMap, simplify } from './geo.js';
import { bins, binOf, legendBins, rampStep } from './choropleth.js';
import { Sparkline, monthlySeries } from '../charts/sparkline.js';

describe('district map', () => {
  it('projects all 25 districts to compact SVG paths', () => {
    const m = districtMap();
    expect(m.shapes.length).toBe(25);
    const bytes = m.shapes.reduce((n, s) => n + s.d.length, 0);
    expect(bytes).toBeLessThan(25_000); // the source GeoJSON is ~57 KB
    for (const s of m.shapes) {
      expect(s.d).toMatch(/^M\d+ \d+l/);
      expect(s.cx).toBeGreaterThan(0);
      expect(s.cx).toBeLessThan(m.width);
    }
    expect(m.shapes.find((s) => s.code === '11230')!.nameKo).toBe('강남구');
    expect(districtMap()).toBe(m); // cached
  });

  it('lists the districts in code order, 11010 (Jongno) first', () => {
    const codes = districtMap().shapes.map((s) => s.code);
    expect(codes[0]).toBe('11010');
    expect(codes).toEqual([...codes].sort((a, b) => a.localeCompare(b)));
    expect(new Set(codes).size).toBe(25);
  });

  it('simplifies a straight line to its ends', () => {
    expect(simplify([[0, 0], [1, 0.01], [2, 0], [3, 0]], 0.5)).toEqual([[0, 0], [3, 0]]);
  });

  it('bins values in order', () => {
    const e = bins([0, 10, 20, 30, 40, 50, 60]);
    expect(e.length).toBe(5);
    expect(binOf(e, 0)).toBe(0);
    expect(binOf(e, 60)).toBe(5);
  });
});

describe('sparkline', () => {
  it('leaves outage gaps open and hatched', () => {
    const s = monthlySeries([{ period: '2026-01', value: 1 }, { period: '2026-02', value: 2 }, { period: '2026-05', value: 3 }]);
    expect(s.map((p) => p.value)).toEqual([1, 2, null, null, 3]);
    const svg = String(Sparkline({ series: s, target: 2 }));
    expect(svg).toContain('class="gap"');
    expect((svg.match(/M/g) ?? []).length).toBe(2); // the line breaks at the gap
    expect(svg).toContain('class="target"');
  });
});

describe('map legend', () => {
  it('puts bin edges at the labels\' precision, never twice the same', () => {
    // naive edges of 0.05–0.07 read 0.05, 0.06, 0.06, 0.06, 0.07
    expect(legendBins([0.05, 0.06, 0.05, 0.07], 2)).toEqual([0.06, 0.07]);
    expect(legendBins([24, 31, 18, 22], 0)).toEqual([20, 22, 25, 27, 29]);
    expect(legendBins([0.02, 0.02], 2)).toEqual([]); // one value: one colour, no edges
    expect(legendBins([], 1)).toEqual([]);
    // a district labelled "0.06" sits in the bin "≥ 0.06"
    const e = legendBins([0.05, 0.06, 0.05, 0.07], 2);
    expect(binOf(e, 0.06)).toBe(1);
  });

  it('spreads fewer bins over the whole ramp', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => rampStep(i, 5))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([0, 1, 2].map((i) => rampStep(i, 2))).toEqual([0, 3, 5]);
    expect(rampStep(0, 0)).toBe(2);
  });
});
