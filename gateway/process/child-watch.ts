// Watching a run: its output (bytes to the caller, or lines redacted, cut,
// logged and passed on), its ready line or first output, and the silence
// watchdog (one timer per run, re-armed for the time left, rather than reset
// on every chunk of a media stream).
import type { SupervisorCounters, Stream } from './child-deps.js';
import type { ChildLog } from './child-output.js';
import type { Run } from './child-run.js';
import type { Redactor } from './redact.js';
import type { ChildEvents, ChildSpec } from './types.js';

/** The last output line kept for the health text. */
const LAST_LINE_CHARS = 300;

export interface WatchHost {
  spec: ChildSpec;
  events: ChildEvents;
  redact: Redactor;
  counters: SupervisorCounters;
  out: ChildLog;
  mono: () => number;
  /** The run became ready (its state is `running` from now). */
  onReady(run: Run): void;
  /** The run must end: not ready in time, or silent too long. */
  onFault(run: Run, reason: 'ready-timeout' | 'stall', error: string): void;
}

export class ChildWatch {
  constructor(private readonly h: WatchHost) {}

  /** A run just started: ready at once, or within the spec's deadline. */
  started(run: Run): void {
    const ready = this.h.spec.ready;
    if (!ready) {
      this.becomeReady(run);
      return;
    }
    run.readyTimer = setTimeout(() => {
      run.readyTimer = null;
      this.h.counters.readyTimeouts++;
      this.h.onFault(run, 'ready-timeout', `not ready within ${ready.timeoutMs} ms`);
    }, ready.timeoutMs);
  }

  data(run: Run, chunk: Buffer, stream: Stream): void {
    if (run.done) return;
    const { spec, events } = this.h;
    const wd = spec.watchdog;
    if (wd && this.watches(stream) && (!wd.progress || (stream === 'stdout' && !run.stdoutLines))) run.lastLife = this.h.mono();
    if (stream === 'stdout' && !run.stdoutLines) {
      const onStdout = events.stdout;
      if (onStdout) this.h.out.callback(() => onStdout(chunk));
    } else {
      (stream === 'stdout' ? run.stdoutLines : run.stderrLines)?.push(chunk);
    }
    const readyOn = spec.ready?.stream ?? 'any';
    if (run.readyAt === null && spec.ready && !spec.ready.line && (readyOn === 'any' || readyOn === stream)) this.becomeReady(run);
  }

  line(run: Run, raw: string, truncated: boolean, stream: Stream): void {
    const { spec, redact } = this.h;
    const line = truncated ? `${redact(raw, true)} [cut]` : redact(raw);
    if (truncated) this.h.counters.linesTruncated++;
    run.lastLine[stream] = line.length > LAST_LINE_CHARS ? `${line.slice(0, LAST_LINE_CHARS)}...` : line;
    const readyLine = spec.ready?.line;
    if (run.readyAt === null && readyLine && line.search(readyLine) !== -1) this.becomeReady(run);
    const progress = spec.watchdog?.progress;
    if (progress && this.watches(stream) && line.search(progress) !== -1) run.lastLife = this.h.mono();
    this.h.out.line(line, stream);
    const onLine = this.h.events.line;
    if (onLine) this.h.out.callback(() => onLine(line, stream));
  }

  private watches(stream: Stream): boolean {
    const s = this.h.spec.watchdog?.stream ?? 'any';
    return s === 'any' || s === stream;
  }

  private becomeReady(run: Run): void {
    if (run.readyAt !== null || run.killReason !== null || run.exited) return;
    run.readyAt = this.h.mono();
    if (run.readyTimer) {
      clearTimeout(run.readyTimer);
      run.readyTimer = null;
    }
    this.h.onReady(run);
    const wd = this.h.spec.watchdog;
    if (wd) {
      run.lastLife = run.readyAt;
      this.armWatchdog(run, wd.silenceMs);
    }
  }

  private armWatchdog(run: Run, delayMs: number): void {
    run.watchdogTimer = setTimeout(() => {
      run.watchdogTimer = null;
      const wd = this.h.spec.watchdog;
      if (!wd || run.done || run.exited || run.killReason !== null) return;
      const silent = this.h.mono() - run.lastLife;
      if (silent < wd.silenceMs) {
        this.armWatchdog(run, wd.silenceMs - silent);
        return;
      }
      this.h.counters.stalls++;
      this.h.onFault(run, 'stall', `no ${wd.progress ? 'progress line' : 'output'} for ${wd.silenceMs} ms (stalled)`);
    }, Math.max(1, delayMs));
  }
}
