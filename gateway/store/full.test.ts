// A full store (SQLITE_FULL from SQLite's own page cap, max_page_count, on a
// real database file): ingest rejects with store-full and never throws, the
// store says it is full, hard pruning frees room, and ingest resumes by itself
// when space returns (pruned, or the cap raised).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store, FULL_CLEAR_AFTER_MS, REJECTED_TRIM_EVERY, type StoreFull } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import { Ingestor } from '../ingest/ingestor.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(maxPages: number) {
  const dir = mkdtempSync(join(tmpdir(), 'scpm-full-'));
  dirs.push(dir);
  let now = Date.now();
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  // Raw readings kept 8 h (2 h when pruning hard; cut-offs fall on whole hours, the buckets' size).
  const store = new Store(join(dir, 'scpm.db'), { ...TEST_LIMITS, urbanRawRetentionHours: 8, maxPages }, { now: clock.now });
  const metrics = new Metrics();
  const ingestor = new Ingestor(store, new Bus(), metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 0, now: clock.now });
  const changes: (StoreFull | null)[] = [];
  store.onFullChange((f) => changes.push(f));
  let seq = 0;
  /** One reading per call (QoS 1: committed on return), `ageMs` before the clock, a distinct series key each time. */
  const reading = (ageMs: number) => {
    const i = seq++;
    const payload = JSON.stringify({ metric: `m${i % 40}`, district: '11230', value: i, unit: 'ug/m3', ts: new Date(clock.now() - ageMs - i).toISOString() });
    ingestor.accept(`scpm/v1/urban/m${i % 40}/11230`, Buffer.from(payload), 1);
  };
  const fillUntilFull = (ageMs: number) => {
    for (let i = 0; i < 200_000 && metrics.rejected['store-full'] === 0; i++) reading(ageMs);
  };
  return { store, metrics, ingestor, clock, changes, reading, fillUntilFull, rows: () => store.urbanSeries('m0', '11230', 0).length };
}

describe('a full store', () => {
  it('rejects with store-full without a throw, says it is full (size cap), and pruning harder lets ingest resume by itself', () => {
    const t = setup(120);
    // Readings 5 h old: inside the 8 h raw window, outside the 2–3 h kept when pruning hard.
    t.fillUntilFull(5 * 3_600_000);
    expect(t.metrics.rejected['store-full']).toBeGreaterThan(0);
    expect(t.store.fullState()).toMatchObject({ cause: 'size cap' });
    expect(t.store.health().full).not.toBeNull();
    expect(t.changes).toHaveLength(1);
    // Still full for what comes next (a row may still fit in a page's free space): counted, no throw.
    const before = t.metrics.rejected['store-full'];
    expect(() => { for (let i = 0; i < 50; i++) t.reading(5 * 3_600_000); }).not.toThrow();
    expect(t.metrics.rejected['store-full']).toBeGreaterThan(before);

    const deleted = t.store.maintain(t.clock.now(), { hard: true });
    expect(deleted.urban_readings).toBeGreaterThan(0);
    // Summed into buckets first, then deleted, then merged: the freed pages take the buckets even on a full file.
    expect(deleted.urban_readings_not_downsampled ?? 0).toBe(0);
    expect(t.store.urbanSeries('m0', '11230', 0).length).toBeGreaterThan(0);
    // A write right after the last SQLITE_FULL does not clear the flag yet (no flapping while a flood half fits).
    t.reading(0);
    expect(t.store.fullState()).not.toBeNull();
    t.clock.advance(FULL_CLEAR_AFTER_MS);
    const stored = t.metrics.ingested;
    t.reading(0);
    expect(t.metrics.ingested).toBe(stored + 1);
    expect(t.store.fullState()).toBeNull();
    expect(t.changes.map((c) => (c ? 'full' : 'writable'))).toEqual(['full', 'writable']);
  });

  it('clears "full" without any write once pruning has freed room and the last failure is old enough (a quiet link)', () => {
    const t = setup(120);
    t.fillUntilFull(5 * 3_600_000);
    expect(t.store.fullHasRoom(), 'no room before pruning').toBe(false);
    expect(t.store.recheckFull()).toBe(true);
    t.store.maintain(t.clock.now(), { hard: true });
    expect(t.store.fullHasRoom()).toBe(true);
    // Room, but the last SQLITE_FULL is fresh: still full, and says when it may clear.
    expect(t.store.recheckFull()).toBe(true);
    expect(t.store.fullClearableInMs()).toBe(FULL_CLEAR_AFTER_MS);
    t.clock.advance(FULL_CLEAR_AFTER_MS);
    const stored = t.metrics.ingested;
    expect(t.store.recheckFull()).toBe(false);
    expect(t.metrics.ingested, 'no write was needed').toBe(stored);
    expect(t.store.fullState()).toBeNull();
    expect(t.changes.map((c) => (c ? 'full' : 'writable'))).toEqual(['full', 'writable']);
  });

  it('stays full on a check while nothing could be pruned (no room)', () => {
    const t = setup(120);
    t.fillUntilFull(0);
    t.store.maintain(t.clock.now(), { hard: true });
    t.clock.advance(FULL_CLEAR_AFTER_MS);
    expect(t.store.fullHasRoom()).toBe(false);
    expect(t.store.recheckFull()).toBe(true);
    expect(t.store.fullState()).not.toBeNull();
  });

  it('resumes by itself when the cap is raised (space returns), with recent readings nothing could prune', () => {
    const t = setup(120);
    t.fillUntilFull(0);
    expect(t.store.fullState()).not.toBeNull();
    t.store.maintain(t.clock.now(), { hard: true });
    t.clock.advance(FULL_CLEAR_AFTER_MS);
    t.reading(0);
    expect(t.store.fullState(), 'nothing prunable: still full').not.toBeNull();
    expect(t.store.setPageCap(4000)).toBe(4000);
    t.clock.advance(FULL_CLEAR_AFTER_MS);
    const stored = t.metrics.ingested;
    for (let i = 0; i < 50; i++) t.reading(0);
    expect(t.metrics.ingested).toBe(stored + 50);
    expect(t.store.fullState()).toBeNull();
  });

  it('enforces store.maxSizeMb as the cap when no page count is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scpm-full-'));
    dirs.push(dir);
    const store = new Store(join(dir, 'scpm.db'), { ...TEST_LIMITS, maxSizeMb: 16 });
    expect(store.health().capBytes).toBe(16 * 1024 * 1024);
    store.close();
  });
});

describe('the rejected table', () => {
  it('stays within rejectedKeep + REJECTED_TRIM_EVERY rows through a flood, not only after maintenance', () => {
    const t = setup(100_000);
    let maxRows = 0;
    for (let i = 0; i < 10_000; i++) {
      t.ingestor.accept('scpm/v1/urban/pm25/11230', Buffer.from(`not json ${i}`), 1);
      if (i % 250 === 0) maxRows = Math.max(maxRows, t.store.listRejected({ limit: 500 }).length);
    }
    const count = t.store.listRejected({ limit: 500 }).length;
    expect(t.metrics.rejected['not-json']).toBe(10_000);
    expect(count).toBeGreaterThanOrEqual(TEST_LIMITS.rejectedKeep);
    expect(count).toBeLessThanOrEqual(TEST_LIMITS.rejectedKeep + REJECTED_TRIM_EVERY);
    expect(maxRows).toBeLessThanOrEqual(TEST_LIMITS.rejectedKeep + REJECTED_TRIM_EVERY);
  });
});
