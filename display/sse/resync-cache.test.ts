import { describe, expect, it } from 'vitest';
import { ResyncCache } from './resync-cache.js';

describe('ResyncCache', () => {
  const make = () => {
    let t = 1000;
    const cache = new ResyncCache({ maxAgeMs: 250, maxEntries: 2, now: () => t });
    let n = 0;
    const render = () => [{ data: `render ${++n}` }];
    return { cache, render, advance: (ms: number) => { t += ms; } };
  };

  it('renders a view once for every client that asks while nothing changed', () => {
    const { cache, render } = make();
    const a = cache.get('public|/', render);
    const b = cache.get('public|/', render);
    expect(b).toBe(a);
    expect(a[0]!.data).toBe('render 1');
    expect([cache.renders, cache.hits]).toEqual([1, 1]);
  });

  it('renders again after a change, or once the render is older than the bound', () => {
    const { cache, render, advance } = make();
    cache.get('public|/', render);
    cache.invalidate();
    expect(cache.get('public|/', render)[0]!.data).toBe('render 2');
    advance(251);
    expect(cache.get('public|/', render)[0]!.data).toBe('render 3');
    advance(100);
    expect(cache.get('public|/', render)[0]!.data).toBe('render 3');
  });

  it('keeps different views apart and holds at most maxEntries', () => {
    const { cache, render } = make();
    expect(cache.get('a', render)[0]!.data).toBe('render 1');
    expect(cache.get('b', render)[0]!.data).toBe('render 2');
    expect(cache.get('c', render)[0]!.data).toBe('render 3'); // over the bound: the map starts over
    expect(cache.get('a', render)[0]!.data).toBe('render 4');
    expect(cache.get('c', render)[0]!.data).toBe('render 3');
  });
});
