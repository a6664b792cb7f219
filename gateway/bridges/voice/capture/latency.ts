// The last few hundred durations of one kind, and their median and 95th percentile.

export interface LatencySummary { p50: number; p95: number; n: number }

export class LatencyRing {
  private readonly values: number[] = [];

  constructor(private readonly size = 200) {}

  push(ms: number): void {
    this.values.push(ms);
    if (this.values.length > this.size) this.values.shift();
  }

  summary(): LatencySummary | null {
    if (this.values.length === 0) return null;
    const sorted = [...this.values].sort((a, b) => a - b);
    const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
    return { p50: q(0.5), p95: q(0.95), n: sorted.length };
  }
}
