// Horizontal bars with their value written beside them (never length alone).
import type { Child } from 'hono/jsx';

export interface Bar { label: Child; value: number; text: Child; tone?: string }

export function Bars(p: { bars: Bar[]; max?: number; width?: number; rowHeight?: number; labelWidth?: number }) {
  const w = p.width ?? 560;
  const rh = p.rowHeight ?? 40;
  const lw = p.labelWidth ?? 200;
  const tw = 120;
  const max = p.max ?? Math.max(1, ...p.bars.map((b) => b.value));
  const bw = w - lw - tw;
  return (
    <div class="bars">
      {p.bars.map((b) => (
        <div class="bar-row">
          <span class="bar-label">{b.label}</span>
          <svg class="bar" viewBox={`0 0 ${bw} ${rh}`} width={bw} height={rh} preserveAspectRatio="none" aria-hidden="true">
            <rect class="bar-bg" x="0" y={rh * 0.2} width={bw} height={rh * 0.6} rx="4" />
            <rect class={`bar-fg ${b.tone ?? ''}`} x="0" y={rh * 0.2} width={Math.max(0, Math.min(1, b.value / max)) * bw} height={rh * 0.6} rx="4" />
          </svg>
          <span class="bar-val num">{b.text}</span>
        </div>
      ))}
    </div>
  );
}

/** One progress meter (0..1) drawn in SVG (no inline styles under the CSP). */
export function Meter(p: { ratio: number; tone?: string; width?: number; height?: number; marker?: number | null }) {
  const w = p.width ?? 300;
  const h = p.height ?? 22;
  const r = Math.max(0, Math.min(1, p.ratio));
  return (
    <svg class="meter" viewBox={`0 0 ${w} ${h}`} width={w} height={h} preserveAspectRatio="none" aria-hidden="true">
      <rect class="bar-bg" x="0" y="0" width={w} height={h} rx="4" />
      <rect class={`bar-fg ${p.tone ?? ''}`} x="0" y="0" width={r * w} height={h} rx="4" />
      {p.marker !== null && p.marker !== undefined ? <line class="marker" x1={p.marker * w} x2={p.marker * w} y1="0" y2={h} /> : null}
    </svg>
  );
}
