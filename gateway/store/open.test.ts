import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore, recoveryWarning, StoreOpenError } from './open.js';
import { Store, suspectMarker } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import { MIGRATIONS } from './migrations.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'scpm-open-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 10, 29, 1, 2, 3, 456);

/** A real store with some rows, closed. */
function seeded(path: string): void {
  const s = new Store(path, TEST_LIMITS);
  s.transaction(() => {
    for (let i = 0; i < 2000; i++) s.recordLink(i % 2 === 0, i);
  });
  s.close();
}

describe('openStore', () => {
  it('opens a sound database as it is, with no recovery', () => {
    const dir = tmp();
    const path = join(dir, 'scpm.db');
    seeded(path);
    const { store, recovery } = openStore(path, TEST_LIMITS);
    expect(recovery).toBeNull();
    expect(store.linkEvents(0)).toHaveLength(2000);
    store.close();
  });

  it('moves random bytes aside (with -wal and -shm) and starts a fresh, working store', () => {
    const dir = tmp();
    const path = join(dir, 'scpm.db');
    writeFileSync(path, randomBytes(64 * 1024));
    writeFileSync(`${path}-wal`, randomBytes(4096));
    writeFileSync(`${path}-shm`, randomBytes(4096));
    const { store, recovery } = openStore(path, TEST_LIMITS, { now: () => NOW });
    expect(recovery).not.toBeNull();
    expect(recovery!.reason).toMatch(/SQLITE_NOTADB|SQLITE_CORRUPT/);
    expect(recovery!.movedTo).toBe(`${path}.corrupt-2026-11-29T01-02-03-456Z`);
    expect(statSync(recovery!.movedTo).size).toBe(64 * 1024);
    expect(existsSync(`${recovery!.movedTo}-wal`)).toBe(true);
    expect(existsSync(`${recovery!.movedTo}-shm`)).toBe(true);
    store.recordLink(true, 1);
    expect(store.linkEvents(0)).toEqual([{ at: 1, up: true }]);
    expect(recoveryWarning(recovery!)).toContain(recovery!.movedTo);
    store.close();
  });

  it('finds damage inside a database whose header is sound (quick_check) and recovers from it', () => {
    const dir = tmp();
    const path = join(dir, 'scpm.db');
    seeded(path);
    // Overwrite the last pages (the link_events rows and index) with garbage.
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(8192), 0, 8192, size - 8192);
    closeSync(fd);
    const { store, recovery } = openStore(path, TEST_LIMITS);
    expect(recovery?.reason).toMatch(/quick_check|SQLITE_CORRUPT/);
    expect(store.linkEvents(0)).toEqual([]);
    store.close();
    expect(readdirSync(dir).filter((f) => /^scpm\.db\.corrupt-[0-9T-]+Z$/.test(f))).toHaveLength(1);
  });

  it('checks a database of any size when the last run saw corruption (the marker), and removes the marker', () => {
    const dir = tmp();
    const path = join(dir, 'scpm.db');
    seeded(path);
    const s = new Store(path, TEST_LIMITS);
    s.noteWriteError(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }));
    expect(s.corruptionReported).toBe(true);
    s.close();
    expect(existsSync(suspectMarker(path))).toBe(true);
    // The file is sound: kept, and the marker goes. quickCheckMaxBytes 0 = only the marker asks for the check.
    const { store, recovery } = openStore(path, TEST_LIMITS, { quickCheckMaxBytes: 0 });
    expect(recovery).toBeNull();
    expect(existsSync(suspectMarker(path))).toBe(false);
    store.close();
  });

  it('leaves a database from a newer gateway where it is, and says so', () => {
    const dir = tmp();
    const path = join(dir, 'scpm.db');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => openStore(path, TEST_LIMITS)).toThrow(StoreOpenError);
    try {
      openStore(path, TEST_LIMITS);
    } catch (err) {
      expect((err as StoreOpenError).kind).toBe('store');
      expect((err as Error).message).toMatch(/newer than this gateway/);
    }
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('a data directory that is a file is a data-dir error, not a recovery', () => {
    const dir = tmp();
    const notADir = join(dir, 'data');
    writeFileSync(notADir, 'x');
    let caught: unknown;
    try {
      openStore(join(notADir, 'scpm.db'), TEST_LIMITS);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreOpenError);
    expect((caught as StoreOpenError).kind).toBe('data-dir');
    expect((caught as Error).message).toMatch(/data directory .* is not usable/);
  });
});
