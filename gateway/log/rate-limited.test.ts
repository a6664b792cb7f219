import { describe, it, expect } from 'vitest';
import { createLogger } from '../logger.js';
import { rateLimitedLog } from './rate-limited.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { lines, log };
}

describe('rateLimitedLog', () => {
  it('logs the first lines of a kind in full, then one summary per interval', () => {
    let t = 0;
    const { lines, log } = capture();
    const limited = rateLimitedLog(log, { burst: 3, intervalMs: 1000, now: () => t });
    for (let i = 0; i < 10_000; i++) limited('rejected:schema', 'warn', { i }, 'message rejected');
    expect(lines).toHaveLength(3);
    t = 1500;
    limited('rejected:schema', 'warn', { i: -1 }, 'message rejected');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatchObject({ kind: 'rejected:schema', suppressed: 9_997 });
    expect(String(lines[3]!.msg)).toMatch(/and 9997 more like it/);
    expect(lines[4]).toMatchObject({ i: -1 });
    expect(limited.suppressed).toBe(9_997);
  });

  it('limits each kind on its own, and flush writes the pending summaries', () => {
    const { lines, log } = capture();
    const limited = rateLimitedLog(log, { burst: 1, intervalMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      limited('a', 'warn', {}, 'kind a');
      limited('b', 'info', {}, 'kind b');
    }
    expect(lines.map((l) => l.msg)).toEqual(['kind a', 'kind b']);
    limited.flush();
    expect(lines.slice(2).map((l) => [l.kind, l.suppressed])).toEqual([['a', 4], ['b', 4]]);
  });

  it('keeps a bounded number of kinds (an outsider choosing kinds cannot grow it)', () => {
    const { lines, log } = capture();
    const limited = rateLimitedLog(log, { burst: 1, intervalMs: 60_000 });
    for (let i = 0; i < 5_000; i++) {
      limited(`kind-${i}`, 'warn', {}, 'x');
      limited(`kind-${i}`, 'warn', {}, 'x');
    }
    // Each kind logs one line in full; its summary comes when it is evicted or flushed.
    expect(lines.length).toBeLessThanOrEqual(10_000);
    limited.flush();
    expect(lines.filter((l) => l.suppressed === 1)).toHaveLength(5_000);
  });
});
