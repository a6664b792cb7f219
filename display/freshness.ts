// When a figure goes stale (DOM contract table). Each figure carries its stale
// deadline (`data-stale-at`, epoch ms) so the client can mark it without a
// round trip; everything is stale while the city link is down.
import type { Config } from '../gateway/config/load.js';

export type Freshness = Config['display']['freshness'];

const DAY = 86_400_000;

/** Parses a trend window like 30m, 1h, 1d into ms. */
export function windowMs(w: string): number {
  const m = /^(\d+)([mhd])$/.exec(w);
  if (!m) return 3_600_000;
  return Number(m[1]) * (m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : DAY);
}

/** End of an indicator period ('2026-10' → 2026-11-01, '2026' → 2027-01-01), UTC+9. */
export function periodEndMs(period: string, kind: 'month' | 'quarter' | 'year' = 'month'): number {
  const [y, m] = period.split('-').map(Number) as [number, number | undefined];
  if (m === undefined) return Date.parse(`${y + 1}-01-01T00:00:00+09:00`);
  const months = kind === 'quarter' ? 3 : kind === 'year' ? 12 : 1;
  const endM = m - 1 + months; // 0-based month index after the period
  const ey = y + Math.floor(endM / 12);
  const em = (endM % 12) + 1;
  return Date.parse(`${ey}-${String(em).padStart(2, '0')}-01T00:00:00+09:00`);
}

function periodLengthMs(kind: 'month' | 'quarter' | 'year'): number {
  return (kind === 'year' ? 365 : kind === 'quarter' ? 92 : 31) * DAY;
}

/** Deadline (epoch ms) after which the figure is stale; null = only stale while the link is down. */
export function staleAt(f: Freshness, fig:
  | { kind: 'urban'; tsMs: number }
  | { kind: 'indicator'; period: string; periodKind?: 'month' | 'quarter' | 'year' }
  | { kind: 'poll'; tsMs: number; open: boolean }
  | { kind: 'pledge'; tsMs: number }
  | { kind: 'trend'; tsMs: number; window: string }
  | { kind: 'incident' | 'complaint' | 'count' }): number | null {
  switch (fig.kind) {
    case 'urban': return fig.tsMs + f.urbanSeconds * 1000;
    // The next period is expected one period after this one ends, plus the grace.
    case 'indicator': {
      const pk = fig.periodKind ?? (fig.period.length === 4 ? 'year' : 'month');
      return periodEndMs(fig.period, pk) + periodLengthMs(pk) + f.indicatorGraceDays * DAY;
    }
    case 'poll': return fig.open ? fig.tsMs + f.pollSeconds * 1000 : null;
    case 'pledge': return fig.tsMs + f.pledgeDays * DAY;
    case 'trend': return fig.tsMs + 2 * windowMs(fig.window);
    default: return null;
  }
}

export function isStale(deadline: number | null, nowMs: number, linkUp: boolean): boolean {
  return !linkUp || (deadline !== null && nowMs >= deadline);
}
