// Sparkline: a series with outage gaps left visibly open (the line breaks and
// the gap is hatched), and the target as a dashed line when there is one.

export interface SeriesPoint { x: string; value: number | null }

/** Fills missing months between the first and last period with nulls (gaps). */
export function monthlySeries(points: { period: string; value: number | null }[]): SeriesPoint[] {
  const sorted = [...points].filter((p) => /^\d{4}-\d{2}$/.test(p.period)).sort((a, b) => a.period.localeCompare(b.period));
  if (sorted.length === 0) return [...points].sort((a, b) => a.period.localeCompare(b.period)).map((p) => ({ x: p.period, value: p.value }));
  const byPeriod = new Map(sorted.map((p) => [p.period, p.value]));
  const out: SeriesPoint[] = [];
  let [y, m] = sorted[0]!.period.split('-').map(Number) as [number, number];
  const last = sorted[sorted.length - 1]!.period;
  for (let guard = 0; guard < 240; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ x: key, value: byPeriod.get(key) ?? null });
    if (key === last) break;
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

export function Sparkline(p: { series: SeriesPoint[]; target?: number | null; width?: number; height?: number; label?: string }) {
  const w = p.width ?? 240;
  const h = p.height ?? 56;
  const pad = 5;
  const vals = p.series.map((s) => s.value).filter((v): v is number => v !== null);
  if (p.target !== null && p.target !== undefined) vals.push(p.target);
  if (vals.length === 0 || p.series.length === 0) return <svg class="spark" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={p.label ?? 'no data'} />;
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
  const n = p.series.length;
  const x = (i: number) => pad + (n === 1 ? (w - 2 * pad) / 2 : (i * (w - 2 * pad)) / (n - 1));
  const y = (v: number) => h - pad - ((v - lo) / (hi - lo)) * (h - 2 * pad);
  let d = '';
  let pen = false;
  const gaps: { x0: number; x1: number }[] = [];
  p.series.forEach((s, i) => {
    if (s.value === null) {
      const x0 = i > 0 ? x(i - 1) : x(i);
      const x1 = i < n - 1 ? x(i + 1) : x(i);
      const lastGap = gaps[gaps.length - 1];
      if (lastGap && lastGap.x1 >= x0) lastGap.x1 = x1; else gaps.push({ x0, x1 });
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(s.value).toFixed(1)}`;
    pen = true;
  });
  const lastIdx = p.series.map((s) => s.value !== null).lastIndexOf(true);
  const lastVal = lastIdx >= 0 ? p.series[lastIdx]!.value! : null;
  return (
    <svg class="spark" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={p.label ?? 'trend'}>
      {gaps.map((g) => <rect class="gap" x={g.x0.toFixed(1)} y="0" width={Math.max(2, g.x1 - g.x0).toFixed(1)} height={h} />)}
      {p.target !== null && p.target !== undefined ? <line class="target" x1={pad} x2={w - pad} y1={y(p.target).toFixed(1)} y2={y(p.target).toFixed(1)} /> : null}
      <path class="line" d={d} />
      {lastVal !== null ? <circle class="dot" cx={x(lastIdx).toFixed(1)} cy={y(lastVal).toFixed(1)} r="4" /> : null}
    </svg>
  );
}
