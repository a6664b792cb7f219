// A WAL checkpoint that also restarts the WAL when it copied all of it. SQLite restarts the WAL on the first write
// after a complete checkpoint: it writes a new WAL header, fsyncs it, and cuts the file back to journal_size_limit
// (1–3 ms on this kind of disk, measured with strace). Left to the next write, that is the commit of the next city
// value, which then reaches the wall that much later; done here, it costs the checkpoint's own quiet moment.
// Rewriting `user_version` with the value it has is the smallest write there is: page 1, the schema unchanged.
import type Database from 'better-sqlite3';

export interface CheckpointResult {
  /** WAL frames before the checkpoint, and how many of them were copied into the database. */
  log: number;
  checkpointed: number;
  /** Whether the WAL was restarted here (the checkpoint was complete). */
  restarted: boolean;
}

export function checkpointAndRestart(db: Database.Database): CheckpointResult {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  const log = Math.max(0, r?.log ?? 0);
  const checkpointed = Math.max(0, r?.checkpointed ?? 0);
  // A reader still in the WAL (busy) or frames left: the next write appends, and no restart would happen anyway.
  const complete = log > 0 && checkpointed === log && (r?.busy ?? 0) === 0;
  if (complete) {
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${Math.trunc(version)}`);
  }
  return { log, checkpointed, restarted: complete };
}
