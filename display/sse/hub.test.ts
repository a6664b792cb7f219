import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Metrics } from '../../gateway/metrics.js';
import { Hub, RESYNC, sseBytes, type SseMessage } from './hub.js';

function makeHub(windowMs = 100, maxQueue = 4) {
  const metrics = new Metrics();
  const renders: { dirty: string[]; resync: boolean }[] = [];
  const hub = new Hub<object>({
    windowMs, maxQueue, metrics,
    render: (_c, dirty, resync) => {
      renders.push({ dirty: [...dirty].sort(), resync });
      return [{ data: resync ? 'ALL' : [...dirty].sort().join(',') }];
    },
  });
  const written: SseMessage[] = [];
  const client = hub.add({}, { write: async (m) => { written.push(m); } });
  return { hub, metrics, renders, written, client };
}

describe('SSE hub coalescing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pushes the first change at once and merges the rest of the window into one push at its end', async () => {
    const { hub, client, written, metrics } = makeHub(100);
    hub.mark(client, ['a']);
    await vi.advanceTimersByTimeAsync(0);
    expect(written.map((m) => m.data)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(20);
    hub.mark(client, ['b']);
    await vi.advanceTimersByTimeAsync(30);
    hub.mark(client, ['c', 'b']);
    await vi.advanceTimersByTimeAsync(10);
    expect(written.length).toBe(1); // still inside the window
    await vi.advanceTimersByTimeAsync(50);
    expect(written.map((m) => m.data)).toEqual(['a', 'b,c']);
    expect(metrics.ssePushes).toBe(2);
  });

  it('never delays a lone update: after a quiet window the next change goes out at once', async () => {
    const { hub, client, written } = makeHub(100);
    hub.mark(client, ['a']);
    await vi.advanceTimersByTimeAsync(250);
    hub.mark(client, ['b']);
    await vi.advanceTimersByTimeAsync(0);
    expect(written.map((m) => m.data)).toEqual(['a', 'b']);
  });

  it('a steady fast stream yields at most two pushes per window', async () => {
    const { hub, client, written } = makeHub(100);
    for (let t = 0; t < 500; t += 10) {
      hub.mark(client, [`k${t % 30}`]);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(200);
    expect(written.length).toBeGreaterThanOrEqual(5);
    expect(written.length).toBeLessThanOrEqual(11);
  });

  it('a push at the end of a window closes it: the next change goes out at once', async () => {
    // If the trailing push reopened the window, a source on a ~100 ms clock
    // whose updates land just after each push (timers fire late) would have
    // every update held for most of a window.
    const { hub, client, written } = makeHub(100);
    hub.mark(client, ['a']);
    await vi.advanceTimersByTimeAsync(50);
    hub.mark(client, ['b']);
    await vi.advanceTimersByTimeAsync(50);
    expect(written.map((m) => m.data)).toEqual(['a', 'b']); // trailing push at 100 ms
    await vi.advanceTimersByTimeAsync(2);
    hub.mark(client, ['c']);
    await vi.advanceTimersByTimeAsync(0);
    expect(written.map((m) => m.data)).toEqual(['a', 'b', 'c']);
    // …and that change opened a new window in turn.
    hub.mark(client, ['d']);
    await vi.advanceTimersByTimeAsync(0);
    expect(written.length).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(written.map((m) => m.data)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a resync mark renders everything', async () => {
    const { hub, client, written, renders } = makeHub(100);
    hub.mark(client, [RESYNC]);
    await vi.advanceTimersByTimeAsync(0);
    expect(written[0]!.data).toBe('ALL');
    expect(renders[0]!.resync).toBe(true);
  });
});

describe('SSE hub backpressure', () => {
  it('drops a slow client\'s backlog (counted) and resyncs it once it catches up', async () => {
    const metrics = new Metrics();
    let release: () => void = () => undefined;
    const written: string[] = [];
    const hub = new Hub<object>({ windowMs: 0, maxQueue: 3, metrics, render: (_c, dirty, resync) => [{ data: resync ? 'ALL' : [...dirty].join(',') }] });
    let blocked = true;
    const client = hub.add({}, {
      write: (m) => {
        written.push(m.data);
        return blocked ? new Promise<void>((r) => { release = r; }) : Promise.resolve();
      },
    });
    for (let i = 0; i < 10; i++) hub.mark(client, [`k${i}`]);
    expect(written).toEqual(['k0']); // stuck writing the first push
    expect(metrics.sseDropped).toBeGreaterThan(0);
    expect(client.queue.length).toBeLessThanOrEqual(3);
    blocked = false;
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(written.at(-1)).toBe('ALL');
    expect(written.length).toBeLessThan(10);
    expect(metrics.sseClients).toBe(1);
    hub.remove(client);
    expect(metrics.sseClients).toBe(0);
  });

  it('removes a client whose stream fails', async () => {
    const metrics = new Metrics();
    const hub = new Hub<object>({ windowMs: 0, maxQueue: 3, metrics, render: () => [{ data: 'x' }] });
    const client = hub.add({}, { write: () => Promise.reject(new Error('gone')) });
    hub.mark(client, ['a']);
    await new Promise((r) => setTimeout(r, 5));
    expect(hub.size).toBe(0);
  });
});

describe('SSE hub isolation', () => {
  it('a render that throws (in the window timer or a resync) is counted and skipped; the client and the hub go on', async () => {
    vi.useFakeTimers();
    try {
      const metrics = new Metrics();
      let fail = true;
      const hub = new Hub<object>({
        windowMs: 50, maxQueue: 4, metrics,
        render: (_c, dirty, resync) => {
          if (fail) throw new Error('template bug');
          return [{ data: resync ? 'ALL' : [...dirty].join(',') }];
        },
      });
      const written: SseMessage[] = [];
      const client = hub.add({}, { write: async (m) => { written.push(m); } });
      expect(() => hub.mark(client, ['a'])).not.toThrow();
      hub.mark(client, ['b']);
      await vi.advanceTimersByTimeAsync(60); // the window's push also throws, inside the timer
      hub.mark(client, [RESYNC]);
      await vi.advanceTimersByTimeAsync(0);
      expect(metrics.counter('scpm_display_render_errors_total', '').total()).toBe(3);
      expect(hub.size).toBe(1);
      fail = false;
      await vi.advanceTimersByTimeAsync(60);
      hub.mark(client, ['c']);
      await vi.advanceTimersByTimeAsync(0);
      expect(written.map((m) => m.data)).toEqual(['c']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('SSE wire form', () => {
  it('encodes a message once, as hono writes it, and keeps every data line', () => {
    const m: SseMessage = { event: 'scpm:figs', data: 'a\nb\r\nc' };
    const bytes = sseBytes(m);
    expect(new TextDecoder().decode(bytes)).toBe('event: scpm:figs\ndata: a\ndata: b\ndata: c\n\n');
    expect(sseBytes(m)).toBe(bytes); // shared by every client it goes to
    expect(new TextDecoder().decode(sseBytes({ data: '<x>' }))).toBe('data: <x>\n\n');
    expect(new TextDecoder().decode(sseBytes({ data: 'a\rb' }))).toBe('data: a\ndata: b\n\n'); // a lone CR ends a line too
    expect(() => sseBytes({ event: 'x\ny', data: '' })).toThrow();
  });
});
