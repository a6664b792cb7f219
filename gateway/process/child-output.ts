// A child's output and callbacks in the gateway's log: at most
// logLinesPerWindow lines a window (the rest counted, and said in one summary
// line), and a caller's callback that throws is counted and logged, never
// thrown into an event handler (rate-limited too: a handler that throws on
// every line of a flood must not flood the log).
import { LogLimiter } from '../log/limiter.js';
import type { ChildDeps, Stream } from './child-deps.js';
import type { Redactor } from './redact.js';

export class ChildLog {
  private readonly lines: LogLimiter;
  private readonly handlerErrors: LogLimiter;

  constructor(private readonly deps: Pick<ChildDeps, 'log' | 'limits' | 'mono' | 'counters'>, private readonly redact: Redactor) {
    this.lines = new LogLimiter(deps.limits.logLinesPerWindow, deps.limits.logWindowMs, deps.mono);
    this.handlerErrors = new LogLimiter(5, deps.limits.logWindowMs, deps.mono);
  }

  line(line: string, stream: Stream): void {
    const { allow, droppedBefore } = this.lines.take();
    if (droppedBefore > 0) this.dropped(droppedBefore);
    if (allow) {
      this.deps.counters.linesLogged++;
      this.deps.log.info({ stream }, line);
    } else {
      this.deps.counters.linesDropped++;
    }
  }

  /** The run ended: the lines dropped since the last summary are said now. */
  flush(): void {
    const n = this.lines.flush();
    if (n > 0) this.dropped(n);
  }

  /** Runs a caller's callback; what it throws is counted and logged. */
  callback(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.counters.callbackErrors++;
      if (!this.handlerErrors.take().allow) return;
      this.deps.log.error({ err: this.redact((err as Error)?.message ?? String(err)) }, 'a child event handler threw');
    }
  }

  private dropped(n: number): void {
    const { logLinesPerWindow, logWindowMs } = this.deps.limits;
    this.deps.log.warn({ dropped: n }, `${n} lines of output not logged (more than ${logLinesPerWindow} in ${logWindowMs / 1000} s)`);
  }
}
