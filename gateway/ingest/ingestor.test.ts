import { describe, it, expect, vi } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { Ingestor } from './ingestor.js';
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

  it('group-commits QoS 0 within the window and tells the bus once per batch', () => {
    vi.useFakeTimers();
    try {
      const { ingestor, bus, count } = setup();
      const batches: number[] = [];
      bus.on('city:changed', (c) => batches.push(c.length));
      for (let i = 0; i < 5; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
      expect(count()).toBe(0);
      vi.advanceTimersByTime(20);
      expect(count()).toBe(5);
      expect(batches).toEqual([5]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('by default commits a QoS 0 burst once the event loop has handed it all over', async () => {
    const { ingestor, bus, count } = setup(0);
    const batches: number[] = [];
    bus.on('city:changed', (c) => batches.push(c.length));
    for (let i = 0; i < 5; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
    expect(count()).toBe(0); // same tick: still gathering the burst
    await new Promise((r) => setImmediate(r));
    expect(count()).toBe(5);
    expect(batches).toEqual([5]);
    ingestor.accept('scpm/v1/urban/pm25/11230', reading(9), 0);
    await new Promise((r) => setImmediate(r));
    expect(count()).toBe(6); // a lone message waits for no timer
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
