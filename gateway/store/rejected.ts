// The latest rejected city messages (reason, detail, a redacted excerpt), for
// technicians; bounded by store.rejectedKeep, a tenth of it while the store is full.
import type { Statements } from './statements.js';
import { clampLimit } from './list.js';
import type { ListOptions, RejectedRow } from './types.js';

/** The table is trimmed every this many inserts (so a flood never grows it past rejectedKeep + this). */
export const REJECTED_TRIM_EVERY = 100;

export class RejectedMessages {
  private sinceTrim = 0;
  private readonly insert;

  constructor(private readonly sql: Statements, private readonly keep: number) {
    this.insert = sql.get('INSERT INTO rejected_messages (at_ms, topic, reason, detail, excerpt, bytes) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** Rows kept: rejectedKeep, or a tenth of it (at least 10) when pruning hard. */
  keeps(hard: boolean): number {
    return hard ? Math.max(10, Math.floor(this.keep / 10)) : this.keep;
  }

  /** Keeps one rejection (call inside a transaction); every REJECTED_TRIM_EVERY inserts the table is cut back to its bound. */
  record(r: Omit<RejectedRow, 'id'>, hard: boolean): void {
    const id = Number(this.insert.run(r.at, r.topic.slice(0, 300), r.reason, r.detail.slice(0, 300), r.excerpt, r.bytes).lastInsertRowid);
    if (++this.sinceTrim < REJECTED_TRIM_EVERY) return;
    this.sinceTrim = 0;
    this.sql.get('DELETE FROM rejected_messages WHERE id <= ?').run(id - this.keeps(hard));
  }

  list(o?: ListOptions): RejectedRow[] {
    const { limit, offset } = clampLimit(o);
    return this.sql.get('SELECT id, at_ms AS at, topic, reason, detail, excerpt, bytes FROM rejected_messages ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as RejectedRow[];
  }

  prune(hard: boolean): number {
    return this.sql.get('DELETE FROM rejected_messages WHERE id <= (SELECT MAX(id) FROM rejected_messages) - ?').run(this.keeps(hard)).changes;
  }
}
