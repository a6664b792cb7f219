// The process supervisor: the ProcessPort given to bridges, plus what the host
// needs (stopAll within the shutdown deadline, counters for /metrics).
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.js';
import { SupervisedChild } from './child.js';
import { newCounters, type ChildLimits, type SupervisorCounters } from './child-deps.js';
import { detectGuard, type Guard, type GuardKind, type GuardTools } from './guard.js';
import type { ChildEvents, ChildHandle, ChildHealth, ChildSpec, ProcessPort } from './types.js';

export interface ProcessSupervisorOptions {
  log: Logger;
  /** Epoch ms for the times in health (default Date.now). Intervals use a monotonic clock. */
  now?: () => number;
  /** In [0, 1), for the backoff jitter (default Math.random). */
  random?: () => number;
  /** Longest line of child output kept; the rest of a longer line is cut (default 2048 bytes). */
  maxLineBytes?: number;
  /** Lines of one child's output logged per window; the rest are counted in one summary line (default 20 per 10 s). */
  logLinesPerWindow?: number;
  logWindowMs?: number;
  /** Where setpriv and timeout are (default: looked up on the standard PATH); null = absent, to test the fallback. */
  guardTools?: GuardTools;
  /** The environment PATH, LANG, HOME and TZ are taken from (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
}

export interface ProcessSupervisorStats extends SupervisorCounters {
  /** Children not stopped (running, starting, in backoff or missing). */
  live: number;
  /** How children die with the gateway: `group`, `child-only`, `none`, or `unknown` before the first spawn. */
  guard: GuardKind | 'unknown';
}

export interface ProcessSupervisor extends ProcessPort {
  /** Stops every child: SIGTERM to each group, SIGKILL by the deadline; resolves by then. Later spawns are refused. */
  stopAll(deadlineMs: number): Promise<void>;
  stats(): ProcessSupervisorStats;
}

/** The guard, detected at the first spawn (it looks for setpriv and timeout) and said once in the log. */
function lazyGuard(tools: GuardTools | undefined, log: Logger): (() => Promise<Guard>) & { kind: GuardKind | 'unknown' } {
  let detected: Promise<Guard> | null = null;
  const get = Object.assign(() => {
    detected ??= detectGuard(tools).then((g) => {
      get.kind = g.kind;
      if (g.weakness) log.warn({ guard: g.kind }, `children are not fully tied to the gateway's life: ${g.weakness}`);
      else log.info({ guard: g.kind }, 'children die with the gateway (setpriv --pdeathsig + timeout: the whole process group)');
      return g;
    });
    return detected;
  }, { kind: 'unknown' as GuardKind | 'unknown' });
  return get;
}

/** Time kept back from the shutdown deadline for the SIGKILL to land and the exits to be seen. */
const KILL_MARGIN_MS = 300;

export function createProcessSupervisor(opts: ProcessSupervisorOptions): ProcessSupervisor {
  const log = opts.log.child({ ns: 'process' });
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const mono = (): number => performance.now();
  const limits: ChildLimits = {
    maxLineBytes: opts.maxLineBytes ?? 2048,
    logLinesPerWindow: opts.logLinesPerWindow ?? 20,
    logWindowMs: opts.logWindowMs ?? 10_000,
  };
  const counters = newCounters();
  const children = new Map<string, SupervisedChild>();
  let closed = false;
  const guard = lazyGuard(opts.guardTools, log);

  const spawn = (spec: ChildSpec, events: ChildEvents = {}): ChildHandle => {
    const existing = children.get(spec.name);
    if (existing && !existing.isStopped) throw new Error(`a child named ${spec.name} is already live`);
    const child = new SupervisedChild(spec, events, {
      log: log.child({ child: spec.name }),
      now,
      mono,
      random,
      guard,
      baseEnv: opts.baseEnv ?? process.env,
      limits,
      counters,
      onStopped: (c) => {
        if (children.get(c.name) === c) children.delete(c.name);
      },
    });
    if (closed) {
      log.warn({ child: spec.name }, 'spawn refused: the process supervisor has been stopped');
      void child.stop();
      return child;
    }
    children.set(spec.name, child);
    child.start();
    return child;
  };

  const stopAll = async (deadlineMs: number): Promise<void> => {
    closed = true;
    const all = [...children.values()];
    if (all.length === 0) return;
    const grace = Math.max(0, deadlineMs - KILL_MARGIN_MS);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineMs));
    });
    const result = await Promise.race([Promise.all(all.map((c) => c.stopWithin(grace))).then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (result === 'deadline') {
      const left = all.filter((c) => c.health().state !== 'stopped');
      for (const c of left) c.forceKill();
      log.error({ children: left.map((c) => c.name) }, 'children still running at the shutdown deadline: SIGKILLed');
    }
  };

  return {
    spawn,
    list: (): ChildHealth[] => [...children.values()].map((c) => c.health()),
    stopAll,
    stats: (): ProcessSupervisorStats => ({ ...counters, live: children.size, guard: guard.kind }),
  };
}
