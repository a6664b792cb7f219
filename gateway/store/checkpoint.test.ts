import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import type { CityMessage } from '../contract/messages.js';

const dirs: string[] = [];
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'scpm-restart-'));
  dirs.push(dir);
  const s = new Store(join(dir, 'scpm.db'), TEST_LIMITS);
  closers.push(() => s.close());
  return s;
}

let seq = 0;
const reading = (): CityMessage => ({ kind: 'urban', data: { metric: 'pm25', district: '11230', value: seq, ts: new Date(Date.UTC(2026, 10, 23) + seq++ * 1000).toISOString() } });
const commit = (s: Store, n = 1) => s.transaction(() => s.applyAll(Array.from({ length: n }, () => ({ message: reading(), receivedMs: 1 }))));

/** The WAL header's salts: SQLite draws new ones each time it restarts the WAL. */
function walSalts(s: Store): string {
  const fd = openSync(`${s.path}-wal`, 'r');
  try {
    const b = Buffer.alloc(8);
    readSync(fd, b, 0, 8, 16);
    return b.toString('hex');
  } finally {
    closeSync(fd);
  }
}

describe('store checkpoint: the WAL is restarted in the checkpoint, not in the next commit', () => {
  it('restarts the WAL when the checkpoint copied all of it; the next commit only appends', () => {
    const s = fileStore();
    for (let i = 0; i < 20; i++) commit(s, 10);
    const version = s.db.pragma('user_version', { simple: true });
    const before = walSalts(s);
    const r = s.checkpoint();
    expect(r.log).toBeGreaterThan(0);
    expect(r.checkpointed).toBe(r.log);
    expect(r.restarted).toBe(true);
    const restarted = walSalts(s);
    expect(restarted).not.toBe(before);
    commit(s);
    expect(walSalts(s)).toBe(restarted); // the city value's commit did not restart it
    expect(s.db.pragma('user_version', { simple: true })).toBe(version);
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM urban_readings').get()).toEqual({ n: 201 });
  });

  it('leaves the WAL as it is when a reader keeps part of it from being copied', () => {
    const s = fileStore();
    commit(s, 10);
    const reader = new Database(s.path, { readonly: true });
    closers.unshift(() => reader.close());
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM urban_readings').get(); // holds its snapshot
    for (let i = 0; i < 5; i++) commit(s, 10);
    const before = walSalts(s);
    const r = s.checkpoint();
    expect(r.checkpointed).toBeLessThan(r.log);
    expect(r.restarted).toBe(false);
    expect(walSalts(s)).toBe(before);
    reader.exec('COMMIT');
  });
});
