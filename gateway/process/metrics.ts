// The supervisor's figures on /metrics: children alive, restarts, stalls,
// failed starts and missing executables (a crash loop shows as a rising count).
import type { MetricsPort } from '../metrics.js';
import type { ProcessSupervisor } from './supervisor.js';

export function registerProcessMetrics(p: ProcessSupervisor, metrics: MetricsPort): void {
  const s = () => p.stats();
  metrics.gauge('scpm_children_live', 'Child processes supervised and not stopped.', () => s().live);
  metrics.gauge('scpm_children_restarts', 'Child restarts since start (after an exit, a ready timeout or a stall).', () => s().restarts);
  metrics.gauge('scpm_children_stalls', 'Children killed for going silent, since start.', () => s().stalls);
  metrics.gauge('scpm_children_ready_timeouts', 'Children not ready within their deadline, since start.', () => s().readyTimeouts);
  metrics.gauge('scpm_children_missing', 'Spawns that found no executable (a package to install), since start.', () => s().missing);
}
