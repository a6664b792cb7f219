import { describe, expect, it } from 'vitest';
import { isStale, periodEndMs, staleAt, windowMs } from './freshness.js';
import { compact, money, num } from './format.js';

const f = { urbanSeconds: 300, pollSeconds: 600, pledgeDays: 45, indicatorGraceDays: 15 };

describe('freshness (DOM contract table)', () => {
  it('computes stale deadlines per kind', () => {
    expect(staleAt(f, { kind: 'urban', tsMs: 0 })).toBe(300_000);
    expect(staleAt(f, { kind: 'poll', tsMs: 0, open: true })).toBe(600_000);
    expect(staleAt(f, { kind: 'poll', tsMs: 0, open: false })).toBeNull();
    expect(staleAt(f, { kind: 'pledge', tsMs: 0 })).toBe(45 * 86_400_000);
    expect(staleAt(f, { kind: 'trend', tsMs: 0, window: '1h' })).toBe(2 * 3_600_000);
    expect(staleAt(f, { kind: 'incident' })).toBeNull();
    // October's figure is expected in November; stale from Dec 15 (one period + 15 days after it ends)
    const oct = staleAt(f, { kind: 'indicator', period: '2026-10' })!;
    expect(new Date(oct).toISOString().slice(0, 10)).toBe('2026-12-16');
    expect(periodEndMs('2026-12')).toBe(Date.parse('2027-01-01T00:00:00+09:00'));
    expect(windowMs('30m')).toBe(1_800_000);
  });

  it('everything is stale while the link is down', () => {
    expect(isStale(null, 0, false)).toBe(true);
    expect(isStale(null, 0, true)).toBe(false);
    expect(isStale(10, 10, true)).toBe(true);
  });

  it('formats numbers with separators and Korean units', () => {
    expect(num('en', 1234567)).toBe('1,234,567');
    expect(money('ko', 702_000_000_000)).toBe('7,020억 원');
    expect(compact('ko', 18422)).toBe('1.8만');
    expect(money('en', 702_000_000_000)).toBe('₩702.0B');
  });
});
