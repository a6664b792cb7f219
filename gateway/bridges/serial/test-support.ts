// Test helpers for the serial bridge's unit tests: a fake clock with timers,
// a silent logger, and an actions port that records what it was given.
import { pino } from 'pino';
import type { ActionInput } from '../../actions/vocabulary.js';
import type { Logger } from '../../logger.js';
import type { Clock, SerialActionsPort } from './ports.js';

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  pending(): number {
    return this.timers.size;
  }

  /** Moves time on, running each timer due on the way at its own time. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }
}

export function silentLog(): Logger {
  return pino({ level: 'silent' });
}

export interface Dispatched {
  action: ActionInput;
  source: string;
  principal: string;
  at: number;
}

export function recordingActions(now: () => number = Date.now): SerialActionsPort & { calls: Dispatched[] } {
  const calls: Dispatched[] = [];
  return {
    calls,
    dispatch(action, source, principal) {
      calls.push({ action, source, principal, at: now() });
    },
  };
}
