// The database's size against its hard cap (max_page_count): SQLite enforces
// the cap (a write past it fails with SQLITE_FULL, like a full disk); this
// reads where the file stands, at most once a second.
import type Database from 'better-sqlite3';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreFull } from './write-faults.js';
import type { StoreLimits } from './types.js';

/** Used pages at or above this share of the page cap count as "at the cap": retention prunes harder. */
const AT_CAP_SHARE = 0.95;
/** A disk that was full has room again with this much free (the WAL and a burst's new pages). */
export const DISK_ROOM_BYTES = 16 * 1048576;

export interface StoreHealth {
  /** The database file (free pages included). */
  sizeBytes: number;
  /** Pages holding data (the file minus its free list). */
  usedBytes: number;
  /** The hard cap (max_page_count × page size). */
  capBytes: number;
  overWarn: boolean;
  overCap: boolean;
  /** Set while writes fail with SQLITE_FULL. */
  full: StoreFull | null;
}

export class StoreSize {
  private cache = { at: 0, bytes: 0, usedBytes: 0 };

  constructor(private readonly db: Database.Database, private readonly limits: StoreLimits) {}

  pageSize(): number {
    return this.db.pragma('page_size', { simple: true }) as number;
  }

  /** Applies the cap in pages; returns the cap applied (SQLite never sets it below the file's current size). */
  setPageCap(pages: number): number {
    const applied = this.db.pragma(`max_page_count = ${Math.max(1, Math.trunc(pages))}`, { simple: true }) as number;
    this.forget();
    return applied;
  }

  pageCap(): number {
    return this.db.pragma('max_page_count', { simple: true }) as number;
  }

  /** The file has grown to its cap with no free page left (a full write is then the cap's, not the disk's). */
  atPageCap(): boolean {
    try {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const free = this.db.pragma('freelist_count', { simple: true }) as number;
      return free === 0 && pages >= this.pageCap();
    } catch {
      return false;
    }
  }

  sizes(): { bytes: number; usedBytes: number } {
    const now = Date.now();
    if (now - this.cache.at > 1000) {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const free = this.db.pragma('freelist_count', { simple: true }) as number;
      const size = this.pageSize();
      this.cache = { at: now, bytes: pages * size, usedBytes: (pages - free) * size };
    }
    return this.cache;
  }

  /**
   * Whether writes would fit again after a full: the pages in use are under the cap's "at cap" share, and for a
   * full disk, the disk has DISK_ROOM_BYTES free (measured now, not from the cache).
   */
  hasRoom(cause: StoreFull['cause'], path: string): boolean {
    this.forget();
    if (this.health().overCap) return false;
    if (cause !== 'disk' || path === ':memory:') return true;
    try {
      const fs = statfsSync(dirname(path));
      return fs.bavail * fs.bsize >= DISK_ROOM_BYTES;
    } catch {
      return false;
    }
  }

  /** The next read measures again (after pruning or a new cap). */
  forget(): void {
    this.cache.at = 0;
  }

  health(): Omit<StoreHealth, 'full'> {
    const capBytes = this.pageCap() * this.pageSize();
    const { bytes: sizeBytes, usedBytes } = this.sizes();
    return {
      sizeBytes, usedBytes, capBytes,
      overWarn: usedBytes >= (capBytes * this.limits.warnAtPercent) / 100,
      overCap: usedBytes >= capBytes * AT_CAP_SHARE,
    };
  }
}
