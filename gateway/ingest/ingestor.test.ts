import { describe, it, expect, vi } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { FLOOD_BATCH, Ingestor, LONE_AFTER_MS, MAX_GROUP_COMMIT_MS, TRICKLE_BATCH } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const reading = (i: number) => Buffer.from(JSON.stringify({ metric: 'pm25', district: '11230', value: i, ts: new Date(Date.UTC(2026, 10, 23, 0, 0, i)).toISOString() }));

function setup(groupCommitMs = 20) {
  const store = new Store(':memory:', TEST_LIMITS);
  const bus = new Bus();
  const metrics = new Metrics();
  const ingestor = new Ingestor(store, bus, metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs });
  const count = () => store.urbanSeries('pm25', '11230', 0).length;
  return { store, bus, metrics, ingestor, count };
}

describe('Ingestor', () => {
  it('commits a QoS 1 message before accept returns (so the PUBACK may follow)', () => {
    const { ingestor, count } = setup();
    ingestor.accept('scpm/v1/urban/pm25/11230', reading(1), 1);
    expect(count()).toBe(1);
  });

  it('commits QoS 0 after a quiet spell in its own turn, the rest of that turn on the next, and under a flood once per window', () => {
    vi.useFakeTimers();
    try {
      const { ingestor, bus, count } = setup(20);
      const batches: number[] = [];
      bus.on('city:changed', (c) => batches.push(c.length));
      for (let i = 0; i < 5; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
      expect(count()).toBe(1); // the first after a quiet spell: committed before accept returned
      vi.advanceTimersByTime(0); // the next turn: no timer for the rest of a lone burst
      expect(count()).toBe(5);
      expect(batches).toEqual([1, 1]); // the other four in one commit, one notice for the one series
      // A flood right after that commit: held until the window since it has passed.
      vi.advanceTimersByTime(5);
      for (let i = 5; i < 10; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
      vi.advanceTimersByTime(10);
      expect(count()).toBe(5);
      vi.advanceTimersByTime(5);
      expect(count()).toBe(10);
      expect(batches).toEqual([1, 1, 1]);
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
      burst(FLOOD_BATCH + 1); // the first alone (a quiet spell before it), then a commit of FLOOD_BATCH marks a flood
      vi.advanceTimersByTime(0);
      expect(count()).toBe(FLOOD_BATCH + 1);
      burst(5);
      vi.advanceTimersByTime(MAX_GROUP_COMMIT_MS - 1);
      expect(count()).toBe(FLOOD_BATCH + 1);
      vi.advanceTimersByTime(1);
      expect(count()).toBe(FLOOD_BATCH + 6);
      // That commit was small: the next waits only groupCommitMs.
      burst(1);
      vi.advanceTimersByTime(10);
      expect(count()).toBe(FLOOD_BATCH + 7);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never holds a message longer than a frame of the wall, whatever groupCommitMs says', () => {
    vi.useFakeTimers();
    try {
      const { ingestor, count } = setup(50);
      for (let i = 0; i <= TRICKLE_BATCH; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
      vi.advanceTimersByTime(0);
      expect(count()).toBe(TRICKLE_BATCH + 1); // after a quiet spell: the first at once, the rest on the next turn
      ingestor.accept('scpm/v1/urban/pm25/11230', reading(10), 0);
      vi.advanceTimersByTime(MAX_GROUP_COMMIT_MS - 1);
      expect(count()).toBe(TRICKLE_BATCH + 1);
      vi.advanceTimersByTime(1);
      expect(count()).toBe(TRICKLE_BATCH + 2); // one frame after the last commit, not 50 ms
      expect(MAX_GROUP_COMMIT_MS).toBeLessThanOrEqual(17);
    } finally {
      vi.useRealTimers();
    }
  });

  it('commits a trickle (one message per turn) message by message, each in its own turn', () => {
    vi.useFakeTimers();
    try {
      const { ingestor, count } = setup(10);
      for (let i = 0; i < 5; i++) {
        ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
        expect(count()).toBe(i + 1); // never held for the window nor a turn: 200/s arrives 5 ms apart
        vi.advanceTimersByTime(5);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes a message as lone only after the link was quiet, however long the commit before it took', () => {
    vi.useFakeTimers();
    try {
      const { ingestor, store, count } = setup(10);
      const applyAll = store.applyAll.bind(store);
      let slow = true;
      store.applyAll = (items) => {
        if (slow) vi.setSystemTime(Date.now() + 5 * LONE_AFTER_MS); // a slow disk: the lone commit outlasts the quiet spell
        slow = false;
        return applyAll(items);
      };
      for (let i = 0; i < 3; i++) ingestor.accept('scpm/v1/urban/pm25/11230', reading(i), 0);
      expect(count()).toBe(1); // the rest of the turn did not go one by one behind the slow commit
      vi.advanceTimersByTime(0);
      expect(count()).toBe(3);
      vi.advanceTimersByTime(LONE_AFTER_MS - 1);
      ingestor.accept('scpm/v1/urban/pm25/11230', reading(3), 0);
      expect(count()).toBe(3); // less than LONE_AFTER_MS after the one before: gathered for the next turn
      vi.advanceTimersByTime(0);
      expect(count()).toBe(4);
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

describe('Ingestor under poison (never throws, one rejection per bad message)', () => {
  const urbanAt = (district: string, value: number) => Buffer.from(JSON.stringify({ metric: 'pm25', district, value, ts: '2026-11-23T09:00:00+09:00' }));

  /** A store whose applyAll refuses any batch holding a reading of `district` (as SQLite would a row it cannot take). */
  function poisoned(district: string, code = 'SQLITE_CONSTRAINT_NOTNULL') {
    const s = setup();
    const applyAll = s.store.applyAll.bind(s.store);
    s.store.applyAll = (items) => {
      if (items.some((i) => i.message.kind === 'urban' && i.message.data.district === district)) {
        throw Object.assign(new Error('NOT NULL constraint failed: urban_readings.ts_ms'), { code });
      }
      return applyAll(items);
    };
    return s;
  }

  it('a QoS 1 message the store refuses is rejected as store-error and accept returns normally', () => {
    const { ingestor, store, metrics } = poisoned('11230');
    expect(() => ingestor.accept('scpm/v1/urban/pm25/11230', urbanAt('11230', 1), 1)).not.toThrow();
    expect(metrics.rejected['store-error']).toBe(1);
    expect(store.listRejected()[0]).toMatchObject({ reason: 'store-error', topic: 'scpm/v1/urban/pm25/11230' });
    expect(store.listRejected()[0]!.detail).toMatch(/^SQLITE_CONSTRAINT_NOTNULL: /);
  });

  it('SQLITE_FULL is counted as store-full', () => {
    const { ingestor, metrics } = poisoned('11230', 'SQLITE_FULL');
    ingestor.accept('scpm/v1/urban/pm25/11230', urbanAt('11230', 1), 1);
    expect(metrics.rejected['store-full']).toBe(1);
  });

  it('a failed QoS 0 batch is retried one by one: the good readings land, the bad one is rejected, no timer throws', async () => {
    const { ingestor, store, metrics } = poisoned('11230');
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      ingestor.accept('scpm/v1/urban/pm25/11240', urbanAt('11240', 1), 0);
      ingestor.accept('scpm/v1/urban/pm25/11230', urbanAt('11230', 2), 0);
      ingestor.accept('scpm/v1/urban/pm25/11250', urbanAt('11250', 3), 0);
      await new Promise((r) => setTimeout(r, 40));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(store.urbanSeries('pm25', '11240', 0)).toHaveLength(1);
    expect(store.urbanSeries('pm25', '11250', 0)).toHaveLength(1);
    expect(store.urbanSeries('pm25', '11230', 0)).toHaveLength(0);
    expect(metrics.rejected['store-error']).toBe(1);
    expect(metrics.ingested).toBe(2);
  });

  it('a throwing city:changed listener never reaches accept', () => {
    const { ingestor, bus, count } = setup();
    bus.on('city:changed', () => {
      throw new Error('render failed');
    });
    expect(() => ingestor.accept('scpm/v1/urban/pm25/11230', reading(1), 1)).not.toThrow();
    expect(count()).toBe(1);
  });

  it('many future timestamps raise one clock warning', () => {
    const { store, bus, metrics } = setup();
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => lines.push(l) });
    const ingestor = new Ingestor(store, bus, metrics, log, { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 0, maxFutureSkewMs: 600_000, now: () => Date.parse('2026-11-23T09:00:00+09:00') });
    const future = (i: number) => Buffer.from(JSON.stringify({ metric: 'pm25', district: '11230', value: i, ts: '2026-11-23T12:00:00+09:00' }));
    for (let i = 0; i < 9; i++) ingestor.accept('scpm/v1/urban/pm25/11230', future(i), 1);
    expect(ingestor.futureTs.warning()).toBeNull();
    for (let i = 9; i < 200; i++) ingestor.accept('scpm/v1/urban/pm25/11230', future(i), 1);
    expect(metrics.rejected['future-ts']).toBe(200);
    expect(ingestor.futureTs.warning()).toMatch(/clock: 200 city messages timestamped in the future/);
    expect(lines.filter((l) => l.includes('timestamped in the future'))).toHaveLength(1);
    // The rejections themselves are logged rate-limited, not one line each.
    expect(lines.filter((l) => l.includes('"message rejected"')).length).toBeLessThanOrEqual(5);
  });
});
