import { describe, expect, it } from 'vitest';
import { DRAWN_MAX_METRICS, DrawnMaps } from './drawn-tones.js';

describe('DrawnMaps', () => {
  it('keeps the last drawing of each metric, and forgets the one drawn longest ago past its bound', () => {
    const d = new DrawnMaps();
    d.record('pm25', { tones: new Map([['11230', 'lt']]), decimals: 0 });
    d.record('pm25', { tones: new Map([['11230', 'dk']]), decimals: 1 });
    expect(d.get('pm25')).toEqual({ tones: new Map([['11230', 'dk']]), decimals: 1 });
    for (let i = 0; i < DRAWN_MAX_METRICS + 5; i++) {
      d.record(`m${i}`, { tones: new Map(), decimals: 0 });
      d.record('pm25', d.get('pm25') ?? { tones: new Map(), decimals: 9 }); // drawn again: the newest
    }
    expect(d.size).toBe(DRAWN_MAX_METRICS);
    expect(d.get('pm25')?.decimals).toBe(1);
    expect(d.get('m0')).toBeUndefined();
    expect(d.get(`m${DRAWN_MAX_METRICS + 4}`)).toBeDefined();
  });
});
