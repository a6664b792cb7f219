// The city link's history: when it went up or down. The link state survives
// a restart from it (a link down before the restart is down since then).
import type { Statements } from './statements.js';

/** Events kept (the newest). */
const LINK_EVENTS_KEEP = 10_000;

export class LinkEvents {
  constructor(private readonly sql: Statements) {}

  record(up: boolean, atMs: number): void {
    this.sql.get('INSERT INTO link_events (at_ms, up) VALUES (?, ?)').run(atMs, up ? 1 : 0);
  }

  since(sinceMs: number): { at: number; up: boolean }[] {
    return (this.sql.get('SELECT at_ms, up FROM link_events WHERE at_ms >= ? ORDER BY at_ms').all(sinceMs) as { at_ms: number; up: number }[])
      .map((r) => ({ at: r.at_ms, up: r.up === 1 }));
  }

  last(): { at: number; up: boolean } | null {
    const r = this.sql.get('SELECT at_ms, up FROM link_events ORDER BY at_ms DESC LIMIT 1').get() as { at_ms: number; up: number } | undefined;
    return r ? { at: r.at_ms, up: r.up === 1 } : null;
  }

  prune(): number {
    return this.sql.get(`DELETE FROM link_events WHERE rowid IN (SELECT rowid FROM link_events ORDER BY at_ms DESC LIMIT -1 OFFSET ${LINK_EVENTS_KEEP})`).run().changes;
  }
}
