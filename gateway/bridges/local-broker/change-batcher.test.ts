import { describe, it, expect, afterEach, vi } from 'vitest';
import { ChangeBatcher } from './change-batcher.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup(opts: { maxKeys?: number; maxBytes?: number } = {}) {
  const published: { at: number; changes: { key: string; ts: string }[] }[] = [];
  const batcher = new ChangeBatcher({
    windowMs: 250,
    maxKeys: opts.maxKeys ?? 500,
    maxBytes: opts.maxBytes ?? 64 * 1024,
    publish: (payload) => published.push({ at: Date.now(), ...(JSON.parse(payload) as { changes: { key: string; ts: string }[] }) }),
  });
  return { batcher, published };
}

const c = (key: string, ts = '2026-11-23T09:00:00+09:00') => ({ key, ts });

describe('ChangeBatcher', () => {
  it('coalesces a burst into one publish after the window, keeping the latest ts per key', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup();
    batcher.add([c('urban:pm25:11230', 't1'), c('incident:inc-1', 't1')]);
    vi.advanceTimersByTime(100);
    batcher.add([c('urban:pm25:11230', 't2')]);
    vi.advanceTimersByTime(149);
    expect(published).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(published).toHaveLength(1);
    expect(published[0]!.changes).toEqual([c('incident:inc-1', 't1'), c('urban:pm25:11230', 't2')]);
    expect(batcher.size).toBe(0);
  });

  it('publishes at most once per window under a steady stream', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup();
    for (let ms = 0; ms < 2000; ms += 10) {
      batcher.add([c(`k${ms}`)]);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(250);
    expect(published.length).toBeGreaterThanOrEqual(7);
    expect(published.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < published.length; i++) expect(published[i]!.at - published[i - 1]!.at).toBeGreaterThanOrEqual(250);
    expect(published.flatMap((p) => p.changes)).toHaveLength(200);
  });

  it('keeps at most maxKeys, dropping the oldest and counting them', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup({ maxKeys: 500 });
    batcher.add(Array.from({ length: 600 }, (_, i) => c(`k${i}`)));
    expect(batcher.size).toBe(500);
    expect(batcher.dropped).toBe(100);
    vi.advanceTimersByTime(250);
    const keys = published[0]!.changes.map((x) => x.key);
    expect(keys).toHaveLength(500);
    expect(keys[0]).toBe('k100');
    expect(keys[499]).toBe('k599');
  });

  it('a re-changed key counts as new (it is not the oldest any more)', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup({ maxKeys: 3 });
    batcher.add([c('a'), c('b'), c('c')]);
    batcher.add([c('a', 'later'), c('d')]);
    expect(batcher.dropped).toBe(1);
    vi.advanceTimersByTime(250);
    expect(published[0]!.changes).toEqual([c('c'), c('a', 'later'), c('d')]);
  });

  it('splits by payload size: what does not fit goes out one window later', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup({ maxBytes: 200 });
    batcher.add(Array.from({ length: 10 }, (_, i) => c(`key-${i}`)));
    vi.advanceTimersByTime(250);
    expect(published).toHaveLength(1);
    const first = published[0]!.changes.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(10);
    vi.advanceTimersByTime(249);
    expect(published).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(published.flatMap((p) => p.changes).map((x) => x.key)).toEqual(Array.from({ length: 10 }, (_, i) => `key-${i}`));
    for (const p of published) expect(Buffer.byteLength(JSON.stringify({ changes: p.changes }))).toBeLessThanOrEqual(200);
  });

  it('drops (and counts) an entry too large for any payload instead of blocking the rest', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup({ maxBytes: 100 });
    batcher.add([c('x'.repeat(200)), c('small')]);
    vi.advanceTimersByTime(250);
    expect(batcher.dropped).toBe(1);
    expect(published[0]!.changes).toEqual([c('small')]);
  });

  it('ignores malformed notices', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup();
    batcher.add([{ key: 1, ts: 'x' } as never, null as never, c('ok')]);
    vi.advanceTimersByTime(250);
    expect(published[0]!.changes).toEqual([c('ok')]);
  });

  it('stop() clears the timer and the buffer; nothing is published afterwards', () => {
    vi.useFakeTimers();
    const { batcher, published } = setup();
    batcher.add([c('a')]);
    batcher.stop();
    expect(vi.getTimerCount()).toBe(0);
    batcher.add([c('b')]);
    vi.advanceTimersByTime(1000);
    expect(published).toHaveLength(0);
    batcher.start();
    batcher.add([c('c')]);
    vi.advanceTimersByTime(250);
    expect(published[0]!.changes).toEqual([c('c')]);
  });
});
