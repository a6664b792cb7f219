// Opening the store at start-up, whatever is on disk. A corrupt database (the
// open fails with SQLITE_NOTADB / SQLITE_CORRUPT, or PRAGMA quick_check finds
// damage) is moved aside with its -wal and -shm, and a fresh store is created:
// the city's retained state and the session refill it. What cannot be fixed
// by moving a file (the data directory is missing its rights, the database is
// from a newer gateway) is a StoreOpenError with one line to log.
import { accessSync, closeSync, constants, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Store, isCorruptError, suspectMarker, type StoreOptions } from './store.js';
import type { StoreLimits } from './types.js';
import { errnoCode, errnoText } from '../util/errno.js';
import { makeDirs } from '../util/make-dirs.js';

/**
 * quick_check reads every page (~2 ms per MB on this machine, warm): at start
 * it runs on a database up to this size, and on any size when the previous run
 * saw SQLite report corruption (the marker file). Past it, the open's own
 * checks (header, schema, migrations) and the run-time watch stand guard.
 */
export const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export interface StoreRecovery {
  at: number;
  /** What was wrong, in SQLite's words. */
  reason: string;
  /** Where the corrupt database now is (its -wal and -shm beside it, when there were any). */
  movedTo: string;
}

export class StoreOpenError extends Error {
  constructor(readonly kind: 'data-dir' | 'store', message: string) {
    super(message);
  }
}

export interface OpenStoreOptions extends StoreOptions {
  quickCheckMaxBytes?: number;
  /** The setting that names the data directory, for the message when it is not usable. */
  dataDirSetting?: string;
}

/** The file cannot be used by this user, or the path is not usable: moving it aside would not help. */
const isAccessError = (err: unknown) => /^(SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_AUTH|EACCES|EPERM|EROFS|ENOTDIR|EISDIR)/.test(errnoCode(err));

/** Opens (or creates) the store at `path`; recovers a corrupt one. Throws StoreOpenError only. */
export function openStore(path: string, limits: StoreLimits, opts: OpenStoreOptions = {}): { store: Store; recovery: StoreRecovery | null } {
  const now = opts.now ?? Date.now;
  checkDataDir(dirname(path), path, opts.dataDirSetting ?? 'dataDir or SCPM_DATA_DIR');
  const marker = suspectMarker(path);
  const suspect = existsSync(marker);
  // Not a database at all: moved aside before SQLite opens it (closing would delete its -wal, which a post-mortem may want).
  let reason = headerProblem(path);
  if (!reason) {
    try {
      const store = new Store(path, limits, opts);
      const problems = suspect || store.sizeBytes() <= (opts.quickCheckMaxBytes ?? QUICK_CHECK_MAX_BYTES) ? store.quickCheck() : [];
      if (problems.length === 0) {
        if (suspect) rmSync(marker, { force: true });
        return { store, recovery: null };
      }
      reason = `quick_check: ${problems.join('; ')}`.slice(0, 500);
      closeQuietly(store);
    } catch (err) {
      if (isAccessError(err)) throw new StoreOpenError('data-dir', `cannot open ${path} (${errnoText(err)}); check the data directory's owner and rights`);
      if (!isCorruptError(err)) throw new StoreOpenError('store', `cannot open ${path}: ${(err as Error).message}`);
      reason = errnoText(err);
    }
  }
  const at = now();
  const movedTo = moveAside(path, at);
  rmSync(marker, { force: true });
  try {
    return { store: new Store(path, limits, opts), recovery: { at, reason, movedTo } };
  } catch (err) {
    throw new StoreOpenError(isAccessError(err) ? 'data-dir' : 'store', `cannot create a fresh ${path} after moving the corrupt one aside: ${errnoText(err)}`);
  }
}

function checkDataDir(dir: string, path: string, setting: string): void {
  try {
    makeDirs(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    if (existsSync(path)) accessSync(path, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new StoreOpenError('data-dir', `data directory ${dir} is not usable (${errnoText(err)}); set ${setting} to a directory this user can write`);
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Why the file is not an SQLite database, or null (it is, it is empty, or it is missing). */
function headerProblem(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n === 0 || head.equals(SQLITE_HEADER)) return null;
    return 'SQLITE_NOTADB: the file does not start with the SQLite header';
  } catch {
    return null; // missing or unreadable: the open says which
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function closeQuietly(store: Store): void {
  try {
    store.close();
  } catch {
    // a checkpoint on a damaged file may fail; the handle is closed regardless
  }
}

/** Renames scpm.db (and -wal, -shm) to scpm.db.corrupt-<time> (-wal, -shm). Returns the new name of the database. */
function moveAside(path: string, at: number): string {
  const target = `${path}.corrupt-${new Date(at).toISOString().replace(/[:.]/g, '-')}`;
  try {
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
    renameSync(path, target);
  } catch (err) {
    throw new StoreOpenError('data-dir', `${path} is corrupt and could not be moved aside (${errnoText(err)})`);
  }
  return target;
}

/** The recovery as one line for /healthz's warnings. */
export function recoveryWarning(r: StoreRecovery): string {
  return `store: the database was corrupt (${r.reason}) and was moved aside to ${r.movedTo} at ${new Date(r.at).toISOString()}; a fresh store was created and is refilled from the city`;
}
