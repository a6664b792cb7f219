// The complaint pipeline as a funnel of stages, each with its count in words.
import type { Child } from 'hono/jsx';

export interface Stage { label: string; count: Child; value: number; sub?: Child }

export function Funnel(p: { stages: Stage[] }) {
  const max = Math.max(1, ...p.stages.map((s) => s.value));
  const w = 100;
  return (
    <ol class="funnel">
      {p.stages.map((s, i) => (
        <li class={`stage stage-${i}`}>
          <span class="stage-label">{s.label}</span>
          <span class="stage-count">{s.count}</span>
          <svg class="stage-bar" viewBox={`0 0 ${w} 10`} preserveAspectRatio="none" aria-hidden="true">
            <rect class="bar-bg" x="0" y="0" width={w} height="10" rx="1" />
            <rect class={`bar-fg s${i}`} x="0" y="0" width={(s.value / max) * w} height="10" rx="1" />
          </svg>
          {s.sub ? <span class="stage-sub">{s.sub}</span> : null}
          {i < p.stages.length - 1 ? <span class="arrow" aria-hidden="true">→</span> : null}
        </li>
      ))}
    </ol>
  );
}
