import { describe, expect, it } from 'vitest';
import type { RenderCtx } from '../context.js';
import { DistrictIndex } from './district-index.js';

const ctx = (lang: 'en' | 'ko') => ({ lang }) as RenderCtx;

describe('the district buttons under a map', () => {
  it('are every district, in the language\'s order, each doing what its shape does; the selected one marked', () => {
    const html = String(DistrictIndex({ ctx: ctx('en'), id: 'p-map-districts', linkBase: '/public', selected: '11230' }));
    const names = [...html.matchAll(/data-district="(\d{5})">([^<]+)</g)].map((m) => m[2]);
    expect(names).toHaveLength(25);
    expect(names).toEqual([...names].sort((a, b) => a!.localeCompare(b!, 'en')));
    expect(html).toContain('<a href="/public/district/11230" class="btn dbtn on" aria-current="page" data-action="select-district" data-district="11230">Gangnam</a>');
    const ko = [...String(DistrictIndex({ ctx: ctx('ko'), id: 'x', linkBase: '' })).matchAll(/data-district="\d{5}">([^<]+)</g)].map((m) => m[1]);
    expect(ko).toEqual([...ko].sort((a, b) => a!.localeCompare(b!, 'ko')));
    expect(ko).toContain('강남구');
  });

  it('in a live redraw is an empty element the wall keeps its own buttons for (hx-preserve), never in a full render', () => {
    const full = String(DistrictIndex({ ctx: ctx('en'), id: 'p-map-districts', linkBase: '' }));
    expect(full).not.toContain('hx-preserve');
    expect(String(DistrictIndex({ ctx: ctx('en'), id: 'p-map-districts', linkBase: '', kept: true }))).toBe('<nav id="p-map-districts" class="dindex" hx-preserve="true"></nav>');
  });
});
