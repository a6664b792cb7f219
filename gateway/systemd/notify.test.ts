import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNotifier, statusLine, watchdogPeriodMs } from './notify.js';

function fakeSocket() {
  const sent: string[] = [];
  return { sent, write: (_fd: number, m: Buffer) => void sent.push(m.toString('utf8')), isSocket: (fd: number) => fd === 7 };
}

afterEach(() => vi.useRealTimers());

describe('sd_notify', () => {
  it('is a silent no-op without NOTIFY_SOCKET', () => {
    const s = fakeSocket();
    const problems: string[] = [];
    const n = createNotifier({ env: {}, write: s.write, isSocket: s.isSocket, onProblem: (p) => problems.push(p) });
    n.ready('up');
    n.status('x');
    n.stopping();
    expect(n.active).toBe(false);
    expect(s.sent).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('says once that NOTIFY_SOCKET came without the notify-exec descriptor, and sends nothing', () => {
    const s = fakeSocket();
    const problems: string[] = [];
    const n = createNotifier({ env: { NOTIFY_SOCKET: '/run/systemd/notify', SCPM_NOTIFY_FD: '9' }, write: s.write, isSocket: s.isSocket, onProblem: (p) => problems.push(p) });
    n.ready();
    n.ready();
    expect(n.active).toBe(false);
    expect(s.sent).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/notify-exec/);
  });

  it('sends READY, STATUS and STOPPING as datagrams and removes the notify variables from the environment', () => {
    const s = fakeSocket();
    const env: NodeJS.ProcessEnv = { NOTIFY_SOCKET: '@sock', SCPM_NOTIFY_FD: '7', WATCHDOG_USEC: '10000000', WATCHDOG_PID: '42', KEEP: '1' };
    const n = createNotifier({ env, pid: 42, write: s.write, isSocket: s.isSocket });
    expect(env).toEqual({ KEEP: '1' });
    expect(n.active).toBe(true);
    expect(n.watchdogEveryMs).toBe(5000);
    n.ready('listening on 127.0.0.1:8080');
    n.status('line one\nline two');
    n.stopping();
    n.stopWatchdog();
    expect(s.sent).toEqual(['READY=1\nSTATUS=listening on 127.0.0.1:8080', 'STATUS=line one line two', 'STOPPING=1']);
  });

  it('pings WATCHDOG=1 at half of WATCHDOG_USEC once ready, and stops on STOPPING', () => {
    vi.useFakeTimers();
    const s = fakeSocket();
    const n = createNotifier({ env: { NOTIFY_SOCKET: '/x', SCPM_NOTIFY_FD: '7', WATCHDOG_USEC: '2000000' }, write: s.write, isSocket: s.isSocket });
    vi.advanceTimersByTime(5000);
    expect(s.sent).toEqual([]);
    n.ready();
    vi.advanceTimersByTime(999);
    expect(s.sent.filter((m) => m === 'WATCHDOG=1')).toHaveLength(0);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(4000);
    expect(s.sent.filter((m) => m === 'WATCHDOG=1')).toHaveLength(5);
    n.stopping();
    vi.advanceTimersByTime(10_000);
    expect(s.sent.filter((m) => m === 'WATCHDOG=1')).toHaveLength(5);
    expect(n.stats.watchdogPings).toBe(5);
  });

  it('counts a failed write and reports each kind of failure once, never throwing', () => {
    vi.useFakeTimers();
    const problems: string[] = [];
    const n = createNotifier({
      env: { NOTIFY_SOCKET: '/x', SCPM_NOTIFY_FD: '7', WATCHDOG_USEC: '200000' },
      isSocket: () => true,
      write: () => {
        throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
      },
      onProblem: (p) => problems.push(p),
    });
    expect(() => n.ready()).not.toThrow();
    vi.advanceTimersByTime(1000);
    n.stopping();
    expect(n.stats.failed).toBe(12);
    expect(problems).toHaveLength(1);
  });

  it('no watchdog when WATCHDOG_PID names another process or WATCHDOG_USEC is not a number', () => {
    expect(watchdogPeriodMs('30000000', '41', 42)).toBeNull();
    expect(watchdogPeriodMs('30000000', '42', 42)).toBe(15_000);
    expect(watchdogPeriodMs('30000000', undefined, 42)).toBe(15_000);
    expect(watchdogPeriodMs('-1', undefined, 42)).toBeNull();
    expect(watchdogPeriodMs('1e9', undefined, 42)).toBeNull();
    expect(watchdogPeriodMs(undefined, undefined, 42)).toBeNull();
  });

  it('keeps STATUS to one bounded line', () => {
    expect(statusLine('a\r\nb\u0007c')).toBe('a b c');
    expect(statusLine('x'.repeat(500))).toHaveLength(200);
  });
});
