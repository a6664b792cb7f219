// What the screens are showing (kept across a restart) and the action log:
// who drove which screen, and what came of it.
import type { Statements } from './statements.js';
import { clampLimit } from './list.js';
import type { ActionLogRow, ListOptions } from './types.js';

/** Screen records kept (the most recently changed); screens are configured or paired, far fewer. */
const SCREENS_KEEP = 256;
/** Action log rows kept (the newest). */
export const ACTION_LOG_KEEP = 5000;

export class ScreenTable {
  constructor(private readonly sql: Statements) {}

  get<T>(id: string): T | null {
    const r = this.sql.get('SELECT state FROM screens WHERE id = ?').get(id) as { state: string } | undefined;
    return r ? (JSON.parse(r.state) as T) : null;
  }

  set(id: string, state: unknown, nowMs: number): void {
    this.sql.get('INSERT INTO screens (id, state, updated_ms) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET state = excluded.state, updated_ms = excluded.updated_ms')
      .run(id, JSON.stringify(state), nowMs);
  }

  prune(): number {
    return this.sql.get(`DELETE FROM screens WHERE id IN (SELECT id FROM screens ORDER BY updated_ms DESC LIMIT -1 OFFSET ${SCREENS_KEEP})`).run().changes;
  }
}

export class ActionLog {
  constructor(private readonly sql: Statements) {}

  /** Keeps one dispatch; its text fields are cut to their bounds. */
  record(e: Omit<ActionLogRow, 'id'>): void {
    this.sql.get('INSERT INTO action_log (at_ms, screen, action, source, principal, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.screen.slice(0, 64), e.action.slice(0, 64), e.source, e.principal.slice(0, 128), e.outcome, e.detail?.slice(0, 300) ?? null);
  }

  list(o?: ListOptions): ActionLogRow[] {
    const { limit, offset } = clampLimit(o);
    return this.sql.get('SELECT id, at_ms AS at, screen, action, source, principal, outcome, detail FROM action_log ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as ActionLogRow[];
  }

  prune(): number {
    return this.sql.get('DELETE FROM action_log WHERE id <= (SELECT MAX(id) FROM action_log) - ?').run(ACTION_LOG_KEEP).changes;
  }
}
