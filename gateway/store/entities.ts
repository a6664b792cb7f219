// The city's entities (incidents, complaints, polls, pledges, trends): one
// table each, the latest state per id, newer `ts` wins.
import type { EntityKind } from '../contract/messages.js';
import type { Statements } from './statements.js';
import { clampLimit } from './list.js';
import { BY_SEVERITY } from './incident-order.js';
import { COMPLAINT_DONE_SQL, KIND_SQL } from './complaint-pipeline.js';
import { ENTITY_TABLES, POLL_VISIBILITY_SQL, type EntityFilter, type EntityOrder, type EntityRow, type ListOptions } from './types.js';

interface EntityDbRow { id: string; status: string | null; district: string | null; payload: string; ts: string; received_ms: number }

/** An entity as the contract gives it (validated at ingest). */
export interface EntityData { id: string; ts: string; status?: string; district?: string }

const table = (kind: EntityKind) => ENTITY_TABLES[kind];

/** When an item is finished (contract § Entities), as SQL; a kind without an end (pledges) has none. Trends are all past. */
const FINISHED: Partial<Record<EntityKind, string>> = {
  incident: "status = 'closed'",
  complaint: COMPLAINT_DONE_SQL,
  poll: "status = 'closed'",
  trend: 'TRUE',
};

function entityFromRow<T>(r: EntityDbRow): EntityRow<T> {
  return { id: r.id, status: r.status, district: r.district, ts: r.ts, receivedAt: r.received_ms, data: JSON.parse(r.payload) as T };
}

function entityWhere(f: EntityFilter): { sql: string; args: string[] } | null {
  const where: string[] = [];
  const args: string[] = [];
  if (f.statusIn?.length) {
    where.push(`status IN (${f.statusIn.map(() => '?').join(', ')})`);
    args.push(...f.statusIn);
  }
  if (f.statusNotIn?.length) {
    where.push(`(status IS NULL OR status NOT IN (${f.statusNotIn.map(() => '?').join(', ')}))`);
    args.push(...f.statusNotIn);
  }
  if (f.district !== undefined) {
    where.push('district = ?');
    args.push(f.district);
  }
  return where.length ? { sql: where.join(' AND '), args } : null;
}

/** The fixed statements of one entity table. */
function tableStatements(sql: Statements, t: string) {
  return {
    upsert: sql.get(`INSERT INTO ${t} (id, status, district, payload, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, district = excluded.district, payload = excluded.payload,
          ts = excluded.ts, ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
        WHERE excluded.ts_ms > ${t}.ts_ms`),
    get: sql.get(`SELECT * FROM ${t} WHERE id = ?`),
    list: sql.get(`SELECT * FROM ${t} ORDER BY ts_ms DESC, id LIMIT ? OFFSET ?`),
    count: sql.get(`SELECT COUNT(*) AS n FROM ${t}`),
  };
}

export class CityEntities {
  private readonly st: Record<EntityKind, ReturnType<typeof tableStatements>>;

  constructor(private readonly sql: Statements, private readonly maxRowsPerEntity: number) {
    this.st = Object.fromEntries(Object.entries(ENTITY_TABLES).map(([kind, t]) => [kind, tableStatements(sql, t)])) as Record<EntityKind, ReturnType<typeof tableStatements>>;
  }

  /** Stores the entity unless a newer one is held. Returns whether it changed. */
  upsert(kind: EntityKind, d: EntityData, tsMs: number, receivedMs: number): boolean {
    return this.st[kind].upsert.run(d.id, d.status ?? null, d.district ?? null, JSON.stringify(d), d.ts, tsMs, receivedMs).changes > 0;
  }

  /** A held poll's visibility as stored (`public`, `private`), or null when none is held. */
  pollVisibility(id: string): string | null {
    const row = this.sql.get(`SELECT ${POLL_VISIBILITY_SQL} AS v FROM ${table('poll')} WHERE id = ?`).get(id) as { v: string | null } | undefined;
    return row?.v ?? null;
  }

  get<T>(kind: EntityKind, id: string): EntityRow<T> | null {
    const row = this.st[kind].get.get(id) as EntityDbRow | undefined;
    return row ? entityFromRow<T>(row) : null;
  }

  /**
   * Latest state per entity, newest first. Unfiltered lists stop at 5,000; a
   * filtered one (e.g. every open complaint, however old) may go up to the
   * table's own bound, store.maxRowsPerEntity.
   */
  list<T>(kind: EntityKind, o: ListOptions & EntityFilter & { order?: EntityOrder } = {}): EntityRow<T>[] {
    const filter = entityWhere(o);
    const { limit, offset } = clampLimit(o, filter ? this.maxRowsPerEntity : 5000);
    const order = o.order === 'severity' ? BY_SEVERITY : 'ts_ms DESC, id';
    const rows = filter || o.order
      ? this.sql.get(`SELECT * FROM ${table(kind)}${filter ? ` WHERE ${filter.sql}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...(filter?.args ?? []), limit, offset)
      : this.st[kind].list.all(limit, offset);
    return (rows as EntityDbRow[]).map((r) => entityFromRow<T>(r));
  }

  count(kind: EntityKind, o: EntityFilter & { payloadKind?: string } = {}): number {
    const filter = entityWhere(o);
    const where = filter ? [filter.sql] : [];
    const args = filter ? [...filter.args] : [];
    // Complaints and suggestions share a table; `kind` lives in the payload ('complaint' when absent).
    if (o.payloadKind) {
      where.push(`${KIND_SQL} = ?`);
      args.push(o.payloadKind);
    }
    if (!where.length) return (this.st[kind].count.get() as { n: number }).n;
    return (this.sql.get(`SELECT COUNT(*) AS n FROM ${table(kind)} WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
  }

  /** Closed items older than `closedCutoffMs` go, then each table is cut to its bound. Returns rows deleted per table. */
  prune(closedCutoffMs: number, deleted: Record<string, number>): void {
    const run = (name: string, sql: string, ...args: number[]) => {
      deleted[name] = (deleted[name] ?? 0) + this.sql.get(sql).run(...args).changes;
    };
    for (const [kind, t] of Object.entries(ENTITY_TABLES) as [EntityKind, string][]) {
      const done = FINISHED[kind];
      if (done) run(t, `DELETE FROM ${t} WHERE ${done} AND ts_ms < ?`, closedCutoffMs);
    }
    // Over the bound, finished items go before any open one, each oldest first: a flood of made-up items
    // (newer by their own ts) cannot push out an incident still being handled while a closed one is left.
    for (const [kind, t] of Object.entries(ENTITY_TABLES) as [EntityKind, string][]) {
      const over = this.count(kind) - this.maxRowsPerEntity;
      if (over <= 0) continue;
      const done = FINISHED[kind];
      const cut = done ? this.sql.get(`DELETE FROM ${t} WHERE id IN (SELECT id FROM ${t} WHERE ${done} ORDER BY ts_ms LIMIT ?)`).run(over).changes : 0;
      deleted[t] = (deleted[t] ?? 0) + cut;
      if (cut < over) run(t, `DELETE FROM ${t} WHERE id IN (SELECT id FROM ${t} ORDER BY ts_ms LIMIT ?)`, over - cut);
    }
  }
}
