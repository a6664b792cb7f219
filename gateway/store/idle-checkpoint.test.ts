import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Store, STORE_WAL_BOUND_PAGES } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import { IdleCheckpointer } from './idle-checkpoint.js';
import type { CityMessage } from '../contract/messages.js';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'scpm-ckpt-'));
  dirs.push(dir);
  return new Store(join(dir, 'scpm.db'), TEST_LIMITS);
}

let seq = 0;
const reading = (): CityMessage => ({ kind: 'urban', data: { metric: 'pm25', district: '11230', value: seq, ts: new Date(Date.UTC(2026, 10, 23) + seq++ * 1000).toISOString() } });
const walBytes = (s: Store) => statSync(`${s.path}-wal`).size;

function setup(o: { quietMs?: number; minIntervalMs?: number; maxIntervalMs?: number } = {}) {
  vi.useFakeTimers();
  const store = fileStore();
  const ck = new IdleCheckpointer(store, { quietMs: 500, minIntervalMs: 5_000, maxIntervalMs: 60_000, now: () => Date.now(), ...o });
  const commit = () => store.transaction(() => store.applyAll([{ message: reading(), receivedMs: 1 }]));
  /** `count` commits, `everyMs` apart (the clock moves after each). */
  const commitEvery = (count: number, everyMs: number) => {
    for (let i = 0; i < count; i++) {
      commit();
      vi.advanceTimersByTime(everyMs);
    }
  };
  return { store, ck, commit, commitEvery };
}

describe('IdleCheckpointer', () => {
  it('checkpoints once commits pause, never in the middle of them', () => {
    const { store, ck, commitEvery } = setup();
    vi.advanceTimersByTime(10_000);
    commitEvery(40, 100); // a commit every 100 ms: never 500 ms quiet
    expect(ck.stats.runs).toBe(0);
    expect(walBytes(store)).toBeGreaterThan(0);
    vi.advanceTimersByTime(500);
    expect(ck.stats.runs).toBe(1);
    expect(ck.stats.frames).toBeGreaterThan(0);
    vi.advanceTimersByTime(60_000); // nothing new: no second run
    expect(ck.stats.runs).toBe(1);
    ck.stop();
    store.close();
  });

  it('sparse commits: at most one checkpoint per minIntervalMs, however quiet between them', () => {
    const { store, ck, commitEvery } = setup();
    commitEvery(30, 1_000); // one commit a second, quiet after each
    vi.advanceTimersByTime(5_000);
    // 35 s: a run at 5 s, 10 s, … 30 s (and the tail): never one per commit.
    expect(ck.stats.runs).toBeGreaterThanOrEqual(5);
    expect(ck.stats.runs).toBeLessThanOrEqual(7);
    ck.stop();
    store.close();
  });

  it('commits that never pause still get a checkpoint every maxIntervalMs', () => {
    const { store, ck, commitEvery } = setup({ maxIntervalMs: 2_000 });
    commitEvery(50, 100);
    expect(ck.stats.runs).toBe(2); // 5 s of steady commits: at 2 s and 4 s
    ck.stop();
    store.close();
  });

  it('runs the max-interval checkpoint after the commit that crossed it, never inside it', () => {
    const { store, ck, commit, commitEvery } = setup({ maxIntervalMs: 2_000 });
    // What the ingestor does next in the commit's turn (tell the wall): it must come before the checkpoint.
    const order: string[] = [];
    store.onCommit(() => order.push(`commit, ${ck.stats.runs} checkpoints`));
    commitEvery(20, 100);
    vi.advanceTimersByTime(50);
    commit(); // 2.05 s: crosses the interval
    expect(ck.stats.runs).toBe(0);
    expect(order.at(-1)).toBe('commit, 0 checkpoints');
    commit(); // in the same turn: one checkpoint for both
    vi.advanceTimersByTime(0);
    expect(ck.stats.runs).toBe(1);
    vi.advanceTimersByTime(10);
    expect(ck.stats.runs).toBe(1);
    ck.stop();
    store.close();
  });

  it('a checkpoint that fails (here: the store closed under it) is counted, never thrown from its timer', () => {
    const { store, ck, commit, commitEvery } = setup({ maxIntervalMs: 2_000 });
    commitEvery(20, 100);
    vi.advanceTimersByTime(50);
    commit(); // 2.05 s, past the interval: the checkpoint is due in the next turn
    store.close();
    expect(() => vi.advanceTimersByTime(0)).not.toThrow();
    expect(ck.stats).toMatchObject({ runs: 0, failed: 1 });
    ck.stop();
  });

  it('leaves SQLite\'s own checkpoint as the WAL\'s hard bound, and the WAL file is cut back after a reset', () => {
    const store = fileStore();
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(STORE_WAL_BOUND_PAGES);
    expect(store.db.pragma('journal_size_limit', { simple: true })).toBe(16 * 1024 * 1024);
    store.close();
  });
});
