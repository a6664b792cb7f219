// What a failed write tells: SQLITE_FULL marks the store full (the page cap or
// the disk) until writes fit again; a corruption error leaves a marker that
// asks the next start for a full check.
import { writeFileSync } from 'node:fs';
import { errnoCode } from '../util/errno.js';

/** "Full" clears on a successful write only this long after the last SQLITE_FULL (no flapping while a flood half fits). */
export const FULL_CLEAR_AFTER_MS = 5_000;

/** Why writes fail: the database reached its page cap (store.maxSizeMb / store.maxPages), or the disk itself is full. */
export type FullCause = 'size cap' | 'disk';
export interface StoreFull { since: number; lastAt: number; cause: FullCause }

/** A file beside the database asking the next start for a full check (SQLite reported corruption while running). */
export const suspectMarker = (dbPath: string): string => `${dbPath}.check`;

export const isFullError = (err: unknown): boolean => errnoCode(err) === 'SQLITE_FULL';
export const isCorruptError = (err: unknown): boolean => /^SQLITE_(CORRUPT|NOTADB)/.test(errnoCode(err));

export class WriteFaults {
  private full: StoreFull | null = null;
  private readonly listeners = new Set<(full: StoreFull | null) => void>();
  private corruptionSeen = false;

  /** `atPageCap`: whether the file has grown to its cap (then a full write is the cap's, else the disk's). */
  constructor(private readonly path: string, private readonly now: () => number, private readonly atPageCap: () => boolean) {}

  /** Notes a failed write. Returns whether it was SQLITE_FULL or a corruption. */
  noteError(err: unknown): boolean {
    if (isCorruptError(err)) {
      this.markSuspect();
      return true;
    }
    if (!isFullError(err)) return false;
    const at = this.now();
    if (this.full) {
      this.full.lastAt = at;
      return true;
    }
    this.full = { since: at, lastAt: at, cause: this.atPageCap() ? 'size cap' : 'disk' };
    this.emit();
    return true;
  }

  /** Notes a write that stored new rows: clears "full" once the last SQLITE_FULL is FULL_CLEAR_AFTER_MS old. */
  noteOk(): void {
    if (!this.full || this.now() - this.full.lastAt < FULL_CLEAR_AFTER_MS) return;
    this.full = null;
    this.emit();
  }

  /** How long until a write (or a check that finds room) may clear "full": 0 when it may now, or when not full. */
  clearableInMs(): number {
    return this.full ? Math.max(0, this.full.lastAt + FULL_CLEAR_AFTER_MS - this.now()) : 0;
  }

  state(): StoreFull | null {
    return this.full ? { ...this.full } : null;
  }

  get isFull(): boolean {
    return this.full !== null;
  }

  onChange(listener: (full: StoreFull | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch {
        // a listener's fault is its own
      }
    }
  }

  /** SQLite said the file is corrupt while running: the next start checks it (and moves it aside if so). */
  markSuspect(): void {
    if (this.corruptionSeen) return;
    this.corruptionSeen = true;
    if (this.path === ':memory:') return;
    try {
      writeFileSync(suspectMarker(this.path), `${new Date(this.now()).toISOString()}\n`);
    } catch {
      // the warning on /healthz still says it
    }
  }

  get corruptionReported(): boolean {
    return this.corruptionSeen;
  }
}
