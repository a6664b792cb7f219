// What a supervised child is given by the supervisor: clocks, the guard, the
// environment, output limits and the shared counters behind /metrics.
import type { Logger } from '../logger.js';
import type { Guard } from './guard.js';
import type { ChildHandle } from './types.js';

export const DEFAULTS = { stopGraceMs: 2000, restartMinMs: 500, restartMaxMs: 30_000, healthyAfterMs: 30_000 } as const;
export interface SupervisorCounters {
  starts: number;
  restarts: number;
  exits: number;
  readyTimeouts: number;
  stalls: number;
  spawnErrors: number;
  missing: number;
  linesLogged: number;
  linesDropped: number;
  linesTruncated: number;
  pipeErrors: number;
  callbackErrors: number;
}

export interface ChildLimits {
  maxLineBytes: number;
  logLinesPerWindow: number;
  logWindowMs: number;
}

export interface ChildDeps {
  /** Already namespaced for this child. */
  log: Logger;
  /** Epoch ms, for what health reports. */
  now: () => number;
  /** Monotonic ms, for intervals. */
  mono: () => number;
  random: () => number;
  guard: () => Promise<Guard>;
  baseEnv: NodeJS.ProcessEnv;
  limits: ChildLimits;
  counters: SupervisorCounters;
  /** Called once, when the child is stopped for good (by stop(), or a one-shot child's end). */
  onStopped: (child: ChildHandle) => void;
}

export type Stream = 'stdout' | 'stderr';

export function newCounters(): SupervisorCounters {
  return {
    starts: 0, restarts: 0, exits: 0, readyTimeouts: 0, stalls: 0, spawnErrors: 0, missing: 0,
    linesLogged: 0, linesDropped: 0, linesTruncated: 0, pipeErrors: 0, callbackErrors: 0,
  };
}
