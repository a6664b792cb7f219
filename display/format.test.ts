import { describe, expect, it } from 'vitest';
import { decimalsFor, fig, headlineFig, knownDecimals, safeDecimals } from './format.js';

describe('precision of figures', () => {
  it('takes decimals from the urban metric first', () => {
    expect(decimalsFor([0.031, 0.042], { metric: 'o3', unit: 'ppm' })).toBe(3);
    expect(decimalsFor([0.05, 0.12], { metric: 'water-turbidity', unit: 'NTU' })).toBe(2);
    // dust is reported in whole µg/m³: no "25.0"
    expect(decimalsFor([25, 30.4], { metric: 'pm25', unit: 'ug/m3' })).toBe(0);
    expect(decimalsFor([20.4], { metric: 'traffic-speed', unit: 'km/h' })).toBe(1);
  });

  it('then from the unit, whatever the metric id', () => {
    expect(knownDecimals({ unit: 'ppm' })).toBe(3);
    expect(knownDecimals({ unit: 'NTU' })).toBe(2);
    expect(knownDecimals({ unit: ' % ' })).toBe(1);
    expect(knownDecimals({ metric: 'co', unit: 'households' })).toBeUndefined();
    expect(decimalsFor([61], { unit: '%' })).toBe(1); // a whole rate still reads 61.0% beside a target of 62.0%
  });

  it('else from the values: whole counts none, small values two significant digits', () => {
    expect(decimalsFor([42, 1_000], { unit: 'households' })).toBe(0);
    expect(decimalsFor([6.9, 6], { unit: 'min' })).toBe(1);
    expect(decimalsFor([2612.4])).toBe(0);
    expect(decimalsFor([0.031])).toBe(3);
    expect(decimalsFor([0.5, 12.25])).toBe(2);
    expect(decimalsFor([null, undefined, Number.NaN])).toBe(0);
  });

  it('never rounds a small figure to a misleading zero', () => {
    // the screenshots' bugs: ozone "0.0 ppm", turbidity "0.1 NTU"
    expect(fig('en', 0.031, decimalsFor([0.031], { metric: 'o3' }))).toBe('0.031');
    expect(fig('en', 0.05, decimalsFor([0.05], { metric: 'water-turbidity' }))).toBe('0.05');
    // a column's precision that would hide a figure is raised for that figure
    expect(fig('en', 0.031, 1)).toBe('0.031');
    expect(fig('en', 0.004, 2)).toBe('0.0040');
    expect(fig('en', 0.96, 0)).toBe('0.96');
    expect(fig('en', -0.04, 1)).toBe('-0.040');
    expect(safeDecimals(0.05, 2)).toBe(2);
    expect(fig('en', 0, 2)).toBe('0.00');
    expect(fig('en', 1234.5, 0)).toBe('1,235');
    expect(fig('en', null, 1)).toBe('—');
  });

  it('abbreviates headline figures from a million, with three significant digits', () => {
    expect(headlineFig('en', 2_159_615, 0)).toBe('2.16M');
    expect(headlineFig('en', 2_200_000, 0)).toBe('2.20M');
    expect(headlineFig('en', 21_596_150, 0)).toBe('21.6M');
    expect(headlineFig('en', 999_999_999, 0)).toBe('1.00B');
    expect(headlineFig('en', 999_999, 0)).toBe('999,999');
    expect(headlineFig('en', 69.74, 1)).toBe('69.7');
    expect(headlineFig('ko', 2_159_615, 0)).toBe('216만');
    expect(headlineFig('ko', 12_345_678, 0)).toBe('1,230만');
    expect(headlineFig('ko', 123_456_789, 0)).toBe('1.23억');
    expect(headlineFig('en', null, 0)).toBe('—');
  });
});
