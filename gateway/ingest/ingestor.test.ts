import { describe, it, expect, vi } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { FLOOD_BATCH, Ingestor, MAX_GROUP_COMMIT_MS } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';

const reading = (i: number) => Buffer.from(JSON.stringify({ metric: 'pm25', district: '11230', value: i, ts: new Date(Date.UTC(2026, 10, 23, 0, 0, i)).toISOString() }));

function setup(groupCommitMs = 20) {
  const store = new Store(':memory:', TEST_LIMITS);
  const bus = new Bus();
  const metrics = new Metrics();
  const ingestor = new Ingestor(store, bus, metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, groupCommitMs });
  const count = () => store.urbanSeries('pm25', '11230', 0).length;
  return { store, bus, metrics, ingestor, count };
}

describe('Ingestor', () => {
  it('commits a QoS 1 message before accept returns (so the PUBACK may follow)', () => {
    const { ingestor, count } = setup();
    ingestor.accept('scpm/v1/urban/pm25/11230', reading(1), 1);
    expect(count()).toBe(1);
  });

  it('commits QoS 0 after a quiet spell on the next turn, and under a flood once per window', () => {
    vi.useFakeTimers();
    try {
      const { ingestor, bus, count } = setup(20);
      const batches: number[] = [];
      bus.on('city:changed', (c) => batches.push(c.length));
      for (let i = 0; i < 5; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
      expect(count()).toBe(0); // same turn: still gathering what the socket gave
      vi.advanceTimersByTime(0); // the next turn: no timer for a lone burst
      expect(count()).toBe(5);
      expect(batches).toEqual([1]); // one commit, one notice for the one series
      // A flood right after that commit: held until the window since it has passed.
      vi.advanceTimersByTime(5);
      for (let i = 5; i < 10; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
      vi.advanceTimersByTime(10);
      expect(count()).toBe(5);
      vi.advanceTimersByTime(5);
      expect(count()).toBe(10);
      expect(batches).toEqual([1, 1]);
      // After a quiet window, at once again.
      vi.advanceTimersByTime(100);
      ingestor.accept('scpm/v1/urban/pm25/11230', reading(20), 0);
      vi.advanceTimersByTime(0);
      expect(count()).toBe(11);
    } finally {
      vi.useRealTimers();
    }
  });

  it('under a flood stretches the window to the durability bound (50 ms), and back after it', () => {
    vi.useFakeTimers();
    try {
      const { ingestor, count } = setup(10);
      let n = 0;
      const burst = (k: number) => { for (let i = 0; i < k; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(n++), 0); };
      burst(FLOOD_BATCH); // a commit of FLOOD_BATCH messages marks a flood
      vi.advanceTimersByTime(0);
      expect(count()).toBe(FLOOD_BATCH);
      burst(5);
      vi.advanceTimersByTime(MAX_GROUP_COMMIT_MS - 1);
      expect(count()).toBe(FLOOD_BATCH);
      vi.advanceTimersByTime(1);
      expect(count()).toBe(FLOOD_BATCH + 5);
      // That commit was small: the next waits only groupCommitMs.
      burst(1);
      vi.advanceTimersByTime(10);
      expect(count()).toBe(FLOOD_BATCH + 6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('with groupCommitMs 0 commits every turn', async () => {
    const { ingestor, count } = setup(0);
    for (let i = 0; i < 3; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
    await new Promise((r) => setImmediate(r));
    expect(count()).toBe(3);
    ingestor.accept('scpm/v1/urban/pm25/11230', reading(9), 0);
    await new Promise((r) => setImmediate(r));
    expect(count()).toBe(4);
  });

  it('records a rejection with its reason and counts it, and goes on', () => {
    const { ingestor, store, metrics, count } = setup();
    ingestor.accept('scpm/v1/urban/pm25/11230', Buffer.from('nope'), 1);
    ingestor.accept('scpm/v1/urban/pm25/11230', reading(2), 1);
    expect(metrics.rejected['not-json']).toBe(1);
    expect(store.listRejected()[0]).toMatchObject({ reason: 'not-json', topic: 'scpm/v1/urban/pm25/11230' });
    expect(count()).toBe(1);
  });
});
