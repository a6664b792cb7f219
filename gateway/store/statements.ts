// The one way the store prepares SQL: each distinct text once per connection,
// then reused. The texts come from code (values are always bound, never
// spliced in), so the set stays small: the fixed statements of each table and
// the few dozen combinations of the display's filters.
import type Database from 'better-sqlite3';

export type Statement = Database.Statement;

/** Beyond this many distinct texts a statement is prepared per call and not kept (a bound, never reached by design). */
const MAX_CACHED = 200;

export class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** The prepared statement of `sql`. */
  get(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.cache.size < MAX_CACHED) this.cache.set(sql, st);
    }
    return st;
  }

  /** Whether the connection is still open (a read after close finds nothing rather than throwing). */
  get open(): boolean {
    return this.db.open;
  }
}
