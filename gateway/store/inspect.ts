// What the setup page and technicians read about the store itself: rows per
// table, when each kind of city data last arrived, the broker's retained topics.
import type { Statements } from './statements.js';
import type { EntityKind } from '../contract/messages.js';
import { ENTITY_TABLES, PUBLIC_ROWS_SQL } from './types.js';

/** Rows per table (a count is a scan: callers cache it). */
export function tableCounts(sql: Statements): { table: string; rows: number }[] {
  const tables = (sql.get("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return tables.map((table) => ({ table, rows: (sql.get(`SELECT COUNT(*) AS n FROM "${table.replace(/"/g, '')}"`).get() as { n: number }).n }));
}

/** When the newest row of a table (matching `where`) arrived (gateway clock), or null when there is none. */
const lastReceivedIn = (sql: Statements, table: string, where?: string) =>
  (sql.get(`SELECT MAX(received_ms) AS t FROM ${table}${where ? ` WHERE ${where}` : ''}`).get() as { t: number | null }).t;

/** When each kind of city data last arrived (gateway clock). */
export function lastReceivedByKind(sql: Statements): { kind: string; lastMs: number | null }[] {
  const q = (table: string) => lastReceivedIn(sql, table);
  return [
    ...Object.entries(ENTITY_TABLES).map(([kind, table]) => ({ kind, lastMs: q(table) })),
    { kind: 'urban', lastMs: q('urban_latest') },
    { kind: 'indicator-value', lastMs: q('indicator_values') },
    { kind: 'indicator-def', lastMs: q('indicator_defs') },
    { kind: 'order-status', lastMs: q('order_status') },
  ];
}

/** When the newest version of any item of one kind arrived (gateway clock), or null if none is held; `publicOnly`: of the items the public may see. */
export function lastReceivedOf(sql: Statements, kind: EntityKind, o: { publicOnly?: boolean } = {}): number | null {
  return lastReceivedIn(sql, ENTITY_TABLES[kind], o.publicOnly ? PUBLIC_ROWS_SQL[kind] : undefined);
}

/** Topics the local broker holds retained, in order. */
export function brokerRetainedTopics(sql: Statements): string[] {
  return (sql.get('SELECT topic FROM broker_retained ORDER BY topic').all() as { topic: string }[]).map((r) => r.topic);
}
