import { describe, expect, it } from 'vitest';
import { MapLabel, mapLabel, type MapValue } from './choropleth.js';
import { figureBody } from '../sse/figure-patch.js';
import type { RenderCtx } from '../context.js';

const NOW = Date.parse('2026-11-29T10:00:00Z');
const ctxOf = (lang: 'en' | 'ko', up: boolean) => ({ lang, now: NOW, link: { up, since: null } }) as unknown as RenderCtx;
const value = (v: number | null, staleAt: number | null, key = 'urban:pm25:11230'): MapValue => ({ value: v, key, ts: '2026-11-29T18:59:00+09:00', staleAt });

describe('a map label as data and as drawn', () => {
  it('the edit a figure patch sends is exactly the element the full map draws', () => {
    const cases = [
      { ctx: ctxOf('en', true), code: '11230', v: value(12345.678, NOW + 60_000), decimals: 1, tone: 'dk' as const },
      { ctx: ctxOf('ko', true), code: '11110', v: value(0.031, NOW - 1, 'urban:o3:11110'), decimals: 3, tone: 'lt' as const }, // stale
      { ctx: ctxOf('en', false), code: '11230', v: value(7, NOW + 60_000), decimals: 0, tone: 'lt' as const }, // link down: stale
      { ctx: ctxOf('en', true), code: '11230', v: value(-3, null, 'urban:"odd"&<key>'), decimals: 0, tone: 'dk' as const }, // no stale rule; a key to escape
    ];
    for (const c of cases) {
      const edit = mapLabel(c);
      expect(edit).not.toBeNull();
      expect(figureBody(String(<MapLabel {...c} />))).toEqual(edit);
    }
    expect(mapLabel(cases[1]!)!.attrs['data-stale']).toBe('true');
    expect(mapLabel(cases[0]!)!.attrs['data-stale']).toBeUndefined();
    expect(mapLabel(cases[3]!)!.attrs['data-stale-at']).toBeUndefined();
  });

  it('draws nothing for a district without a value or outside the map', () => {
    const ctx = ctxOf('en', true);
    expect(mapLabel({ ctx, code: '11230', v: value(null, null), decimals: 0, tone: 'dk' })).toBeNull();
    expect(mapLabel({ ctx, code: '11230', v: undefined, decimals: 0, tone: 'dk' })).toBeNull();
    expect(mapLabel({ ctx, code: '99999', v: value(1, null), decimals: 0, tone: 'dk' })).toBeNull();
    expect(String(<MapLabel ctx={ctx} code="99999" v={value(1, null)} decimals={0} tone="dk" />)).toBe('');
  });
});
