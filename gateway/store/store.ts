// The local store: better-sqlite3 in WAL mode. The only module that writes SQL.
// Writes are synchronous; callers batch them with `transaction`.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CityMessage, EntityKind } from '../contract/messages.js';
import type { UrbanReading } from '../contract/payloads.js';
import { MIGRATIONS } from './migrations.js';
import { isoToMs } from './time.js';
import { ENTITY_TABLES, type ActionLogRow, type ChangeNotice, type EntityFilter, type EntityRow, type ListOptions, type NewOrder, type OrderRow, type OrderState, type RejectedRow, type StoreLimits } from './types.js';
import { OrderTable } from './orders.js';

const clampLimit = (o: ListOptions = {}, max = 500) => ({
  limit: Math.max(1, Math.min(max, Math.trunc(o.limit ?? 100))),
  offset: Math.max(0, Math.trunc(o.offset ?? 0)),
});

/** The WAL's hard bound in pages (64 MiB at 4 KiB): SQLite checkpoints inside the commit that crosses it. */
export const STORE_WAL_BOUND_PAGES = 16_384;
/** The rejected-messages table is trimmed every this many inserts (so a flood never grows it past rejectedKeep + this). */
export const REJECTED_TRIM_EVERY = 100;
/** "Full" clears on a successful write only this long after the last SQLITE_FULL (no flapping while a flood half fits). */
export const FULL_CLEAR_AFTER_MS = 5_000;
/** Used pages at or above this share of the page cap count as "at the cap": retention prunes harder. */
const AT_CAP_SHARE = 0.95;

/** Action log rows kept (the newest; pruned with the rest in maintain). */
export const ACTION_LOG_KEEP = 5000;

/** Why writes fail: the database reached its page cap (store.maxSizeMb / store.maxPages), or the disk itself is full. */
export type FullCause = 'size cap' | 'disk';
export interface StoreFull { since: number; lastAt: number; cause: FullCause }

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

export interface StoreOptions { now?: () => number }

/** A file beside the database asking the next start for a full check (SQLite reported corruption while running). */
export const suspectMarker = (dbPath: string): string => `${dbPath}.check`;

const codeOf = (err: unknown): string => String((err as { code?: unknown } | null)?.code ?? '');
export const isFullError = (err: unknown): boolean => codeOf(err) === 'SQLITE_FULL';
export const isCorruptError = (err: unknown): boolean => /^SQLITE_(CORRUPT|NOTADB)/.test(codeOf(err));

export class Store {
  readonly db: Database.Database;
  private readonly stmts;
  /** The orders outbox and each order's state. */
  readonly orders: OrderTable;
  private sizeCache = { at: 0, bytes: 0, usedBytes: 0 };
  private readonly now: () => number;
  private full: StoreFull | null = null;
  private readonly fullListeners = new Set<(full: StoreFull | null) => void>();
  private rejectedSinceTrim = 0;
  private corruptionSeen = false;

  constructor(readonly path: string, readonly limits: StoreLimits, opts: StoreOptions = {}) {
    this.now = opts.now ?? Date.now;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      this.init();
      this.stmts = this.prepare();
      this.orders = new OrderTable(this.db);
    } catch (err) {
      // Never leave the file open behind a failed open: openStore may move it aside.
      try { this.db.close(); } catch { /* already unusable */ }
      throw err;
    }
  }

  private init(): void {
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL: a commit survives a process crash (SIGKILL); see docs/decisions/2026-11-23-durability.md.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Checkpoints run in quiet time (IdleCheckpointer); SQLite's automatic one
    // is only the WAL's hard bound, and the file is cut back after a reset.
    this.db.pragma(`wal_autocheckpoint = ${STORE_WAL_BOUND_PAGES}`);
    this.db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
    // SQLite's own default (2 MiB) instead of better-sqlite3's 16 MiB: the
    // demo's start-up burst filled all of it and it stayed resident; the
    // display's reads go through indexes and the OS page cache holds the rest.
    this.db.pragma('cache_size = -2000');
    this.migrate();
    // After the migrations, so a cap below the schema's size cannot stop them.
    this.setPageCap(this.limits.maxPages ?? Math.floor((this.limits.maxSizeMb * 1048576) / this.pageSize()));
  }

  private pageSize(): number {
    return this.db.pragma('page_size', { simple: true }) as number;
  }

  /**
   * The hard size cap, enforced by SQLite (max_page_count): a write that needs
   * a page past it fails with SQLITE_FULL, like a full disk. Returns the cap
   * applied (SQLite never sets it below the file's current size).
   */
  setPageCap(pages: number): number {
    const applied = this.db.pragma(`max_page_count = ${Math.max(1, Math.trunc(pages))}`, { simple: true }) as number;
    this.sizeCache.at = 0;
    return applied;
  }

  pageCap(): number {
    return this.db.pragma('max_page_count', { simple: true }) as number;
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`database ${this.path} is at schema version ${version}, newer than this gateway (${MIGRATIONS.length}); upgrade the gateway or move the data directory aside`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  private prepare() {
    const db = this.db;
    const entity = (table: string) => ({
      upsert: db.prepare(`INSERT INTO ${table} (id, status, district, payload, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, district = excluded.district, payload = excluded.payload,
          ts = excluded.ts, ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
        WHERE excluded.ts_ms > ${table}.ts_ms`),
      get: db.prepare(`SELECT * FROM ${table} WHERE id = ?`),
      list: db.prepare(`SELECT * FROM ${table} ORDER BY ts_ms DESC, id LIMIT ? OFFSET ?`),
      count: db.prepare(`SELECT COUNT(*) AS n FROM ${table}`),
    });
    return {
      entities: Object.fromEntries(Object.entries(ENTITY_TABLES).map(([k, t]) => [k, entity(t)])) as Record<EntityKind, ReturnType<typeof entity>>,
      defUpsert: db.prepare(`INSERT INTO indicator_defs (id, category, payload, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET category = excluded.category, payload = excluded.payload, ts = excluded.ts,
          ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
        WHERE excluded.ts_ms >= indicator_defs.ts_ms AND excluded.payload <> indicator_defs.payload`),
      valueUpsert: db.prepare(`INSERT INTO indicator_values (indicator, district, gender, age_band, period, value, ts, ts_ms, received_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET value = excluded.value, ts = excluded.ts, ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
        WHERE excluded.ts_ms > indicator_values.ts_ms`),
      // History back-fills only: never overrides a value already held.
      valueBackfill: db.prepare(`INSERT OR IGNORE INTO indicator_values (indicator, district, gender, age_band, period, value, ts, ts_ms, received_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      urbanInsert: db.prepare('INSERT OR IGNORE INTO urban_readings (metric, district, ts_ms, value, received_ms) VALUES (?, ?, ?, ?, ?)'),
      urbanLatest: db.prepare(`INSERT INTO urban_latest (metric, district, value, unit, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET value = excluded.value, unit = excluded.unit, ts = excluded.ts, ts_ms = excluded.ts_ms, received_ms = excluded.received_ms
        WHERE excluded.ts_ms > urban_latest.ts_ms`),
      orderStatusUpsert: db.prepare(`INSERT INTO order_status (order_id, status, note, by, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET status = excluded.status, note = excluded.note, by = excluded.by, ts = excluded.ts,
          ts_ms = excluded.ts_ms, received_ms = excluded.received_ms WHERE excluded.ts_ms > order_status.ts_ms`),
      rejectedInsert: db.prepare('INSERT INTO rejected_messages (at_ms, topic, reason, detail, excerpt, bytes) VALUES (?, ?, ?, ?, ?, ?)'),
      rejectedTrim: db.prepare('DELETE FROM rejected_messages WHERE id <= ?'),
      linkInsert: db.prepare('INSERT INTO link_events (at_ms, up) VALUES (?, ?)'),
    };
  }

  private readonly commitListeners = new Set<() => void>();

  /** Calls `listener` after each transaction commits (the idle checkpointer listens). Returns the unsubscribe. */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  transaction<T>(fn: () => T): T {
    let result: T;
    try {
      result = this.db.transaction(fn)();
    } catch (err) {
      this.noteWriteError(err);
      throw err;
    }
    for (const listener of this.commitListeners) listener();
    return result;
  }

  /**
   * A transaction whose commit is on disk when it returns (synchronous=FULL:
   * the WAL is synced at commit), for what the gateway has promised to keep,
   * e.g. an order answered 202. Everything else stays NORMAL, which survives a
   * crash of the process but may lose the last commits on a power cut.
   */
  durableTransaction<T>(fn: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return this.transaction(fn);
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /** The connection's synchronous level (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA), for tests of durableTransaction. */
  synchronousLevel(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  // ---- full (SQLITE_FULL) and corruption seen at run time ----

  /** Notes a failed write: SQLITE_FULL marks the store full, a corruption error asks for a check at the next start. Returns whether it was either. */
  noteWriteError(err: unknown): boolean {
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
    this.emitFull();
    return true;
  }

  /** Notes a write that stored new rows (ingest): clears "full" once the last SQLITE_FULL is FULL_CLEAR_AFTER_MS old. */
  noteWriteOk(): void {
    if (!this.full || this.now() - this.full.lastAt < FULL_CLEAR_AFTER_MS) return;
    this.full = null;
    this.emitFull();
  }

  /** Non-null while writes fail for want of space (the display's link banner and /healthz read it). */
  fullState(): StoreFull | null {
    return this.full ? { ...this.full } : null;
  }

  /** Calls `listener` when the store becomes full or writable again. Returns the unsubscribe. */
  onFullChange(listener: (full: StoreFull | null) => void): () => void {
    this.fullListeners.add(listener);
    return () => this.fullListeners.delete(listener);
  }

  private emitFull(): void {
    const state = this.fullState();
    for (const listener of this.fullListeners) {
      try {
        listener(state);
      } catch {
        // a listener's fault is its own
      }
    }
  }

  private atPageCap(): boolean {
    try {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const free = this.db.pragma('freelist_count', { simple: true }) as number;
      return free === 0 && pages >= this.pageCap();
    } catch {
      return false;
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

  /** Whether SQLite reported corruption since start (a restart checks and recovers). */
  get corruptionReported(): boolean {
    return this.corruptionSeen;
  }

  /** Applies one validated city message. Returns what changed (null when nothing did: redelivery or older ts). */
  apply(msg: CityMessage, receivedMs: number): ChangeNotice | null {
    return this.applyAll([{ message: msg, receivedMs }]).notices[0] ?? null;
  }

  /**
   * Applies a batch of validated city messages (call inside `transaction`).
   * Returns one notice per thing that changed and how many messages changed
   * nothing (redeliveries, older updates). Urban readings are summed up per
   * series: one notice carrying the newest new reading's ts, and one
   * `urban_latest` upsert with the batch's newest reading. Under a flood a
   * batch holds ~2,000 readings of a few hundred series; the second upsert per
   * reading was a third of the SQLite work, and the display matched every
   * notice against every panel of every screen.
   */
  applyAll(items: readonly { message: CityMessage; receivedMs: number }[]): { notices: ChangeNotice[]; unchanged: number } {
    const notices: ChangeNotice[] = [];
    let unchanged = 0;
    const series = new Map<string, { latest: UrbanReading; tsMs: number; receivedMs: number; newest: UrbanReading | null; newestMs: number }>();
    for (const { message, receivedMs } of items) {
      if (message.kind !== 'urban') {
        const notice = this.applyOne(message, receivedMs);
        if (notice) notices.push(notice);
        else unchanged++;
        continue;
      }
      const d = message.data;
      const tsMs = isoToMs(d.ts);
      const inserted = this.stmts.urbanInsert.run(d.metric, d.district, tsMs, d.value, receivedMs).changes > 0;
      if (!inserted) unchanged++;
      const key = `${d.metric}\u0000${d.district}`;
      const s = series.get(key);
      if (!s) series.set(key, { latest: d, tsMs, receivedMs, newest: inserted ? d : null, newestMs: inserted ? tsMs : -Infinity });
      else {
        // Ties keep the first, as the upsert's `excluded.ts_ms > ts_ms` does.
        if (tsMs > s.tsMs) { s.latest = d; s.tsMs = tsMs; s.receivedMs = receivedMs; }
        if (inserted && tsMs > s.newestMs) { s.newest = d; s.newestMs = tsMs; }
      }
    }
    for (const { latest: d, tsMs, receivedMs, newest } of series.values()) {
      const changed = this.stmts.urbanLatest.run(d.metric, d.district, d.value, d.unit ?? null, d.ts, tsMs, receivedMs).changes > 0;
      // A reading already held raw can still be news to urban_latest (e.g. after that table was trimmed).
      const shown = newest ?? (changed ? d : null);
      if (shown) notices.push({ kind: 'urban', key: `urban:${d.metric}:${d.district}`, ts: shown.ts, district: d.district });
      if (!newest && changed) unchanged--;
    }
    return { notices, unchanged };
  }

  private applyOne(msg: Exclude<CityMessage, { kind: 'urban' }>, receivedMs: number): ChangeNotice | null {
    const s = this.stmts;
    switch (msg.kind) {
      case 'indicator-def': {
        const d = msg.data;
        const tsMs = d.ts ? isoToMs(d.ts) : 0;
        const r = s.defUpsert.run(d.id, d.category, JSON.stringify(d), d.ts ?? null, tsMs, receivedMs);
        return r.changes ? { kind: msg.kind, key: `indicator-def:${d.id}`, ts: d.ts ?? '' } : null;
      }
      case 'indicator-value': {
        const d = msg.data;
        const { gender, ageBand } = d.breakdown;
        const tsMs = isoToMs(d.ts);
        const r = s.valueUpsert.run(d.indicator, d.district, gender, ageBand, d.period, d.value, d.ts, tsMs, receivedMs);
        let changes = r.changes;
        for (const h of d.history ?? []) {
          // Back-filled periods carry the message's ts minus one so a later real update of that period wins.
          changes += s.valueBackfill.run(d.indicator, d.district, gender, ageBand, h.period, h.value, d.ts, tsMs - 1, receivedMs).changes;
        }
        const suffix = gender === 'all' && ageBand === 'all' ? '' : `:${gender}:${ageBand}`;
        return changes ? { kind: msg.kind, key: `indicator:${d.indicator}:${d.district}${suffix}`, ts: d.ts, district: d.district } : null;
      }
      case 'order-status': {
        const d = msg.data;
        const r = s.orderStatusUpsert.run(d.orderId, d.status, d.note ?? null, d.by ?? null, d.ts, isoToMs(d.ts), receivedMs);
        // Any answer from the city means the order arrived, whatever the broker said.
        if (r.changes) this.orders.markReceived(d.orderId, receivedMs);
        return r.changes ? { kind: msg.kind, key: `order:${d.orderId}`, ts: d.ts } : null;
      }
      default: {
        const d = msg.data as { id: string; ts: string; status?: string; district?: string };
        const r = s.entities[msg.kind].upsert.run(d.id, d.status ?? null, d.district ?? null, JSON.stringify(d), d.ts, isoToMs(d.ts), receivedMs);
        return r.changes ? { kind: msg.kind, key: `${msg.kind}:${d.id}`, ts: d.ts, district: d.district } : null;
      }
    }
  }

  /** Keeps one rejection (call inside `transaction`); every REJECTED_TRIM_EVERY inserts the table is cut back to its bound. */
  recordRejected(r: Omit<RejectedRow, 'id'>): void {
    const id = Number(this.stmts.rejectedInsert.run(r.at, r.topic.slice(0, 300), r.reason, r.detail.slice(0, 300), r.excerpt, r.bytes).lastInsertRowid);
    if (++this.rejectedSinceTrim < REJECTED_TRIM_EVERY) return;
    this.rejectedSinceTrim = 0;
    this.stmts.rejectedTrim.run(id - this.rejectedKeep(this.full !== null));
  }

  private rejectedKeep(hard: boolean): number {
    return hard ? Math.max(10, Math.floor(this.limits.rejectedKeep / 10)) : this.limits.rejectedKeep;
  }

  recordLink(up: boolean, atMs: number): void {
    this.stmts.linkInsert.run(atMs, up ? 1 : 0);
  }

  // ---- orders (store-and-forward outbox; the table itself: orders.ts) ----

  /** Inserts an order durably (committed to disk on return). */
  enqueueOrder(o: NewOrder): OrderRow {
    return this.durableTransaction(() => this.orders.insert(o));
  }

  getOrder(id: string): OrderRow | null {
    return this.orders.get(id);
  }

  listOrders(o?: ListOptions & { state?: OrderState }): OrderRow[] {
    return this.orders.list({ ...clampLimit(o), state: o?.state });
  }

  /** Rows per table, for the setup page (a count is a scan: callers cache it). */
  tableCounts(): { table: string; rows: number }[] {
    const tables = (this.cached("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    return tables.map((table) => ({ table, rows: (this.cached(`SELECT COUNT(*) AS n FROM "${table.replace(/"/g, '')}"`).get() as { n: number }).n }));
  }

  /** When each kind of city data last arrived (gateway clock), for the setup page. */
  lastReceivedByKind(): { kind: string; lastMs: number | null }[] {
    const q = (table: string) => (this.cached(`SELECT MAX(received_ms) AS t FROM ${table}`).get() as { t: number | null }).t;
    return [
      ...Object.entries(ENTITY_TABLES).map(([kind, table]) => ({ kind, lastMs: q(table) })),
      { kind: 'urban', lastMs: q('urban_latest') },
      { kind: 'indicator-value', lastMs: q('indicator_values') },
      { kind: 'indicator-def', lastMs: q('indicator_defs') },
      { kind: 'order-status', lastMs: q('order_status') },
    ];
  }

  /** Topics the local broker holds retained, in order (for technicians and tests). */
  brokerRetainedTopics(): string[] {
    return (this.cached('SELECT topic FROM broker_retained ORDER BY topic').all() as { topic: string }[]).map((r) => r.topic);
  }

  /** Orders owed to the city (queued or refused). */
  pendingOrderCount(): number {
    return this.orders.pendingCount();
  }

  // ---- reads ----

  getEntity<T = Record<string, unknown>>(kind: EntityKind, id: string): EntityRow<T> | null {
    const row = this.stmts.entities[kind].get.get(id) as EntityDbRow | undefined;
    return row ? entityFromRow<T>(row) : null;
  }

  /**
   * Latest state per entity, newest first. Unfiltered lists stop at 5,000; a
   * filtered one (e.g. every open complaint, however old) may go up to the
   * table's own bound, store.maxRowsPerEntity.
   */
  listEntities<T = Record<string, unknown>>(kind: EntityKind, o: ListOptions & EntityFilter = {}): EntityRow<T>[] {
    const filter = this.entityWhere(o);
    if (!filter) {
      const { limit, offset } = clampLimit(o, 5000);
      return (this.stmts.entities[kind].list.all(limit, offset) as EntityDbRow[]).map((r) => entityFromRow<T>(r));
    }
    const { limit, offset } = clampLimit(o, this.limits.maxRowsPerEntity);
    return (this.cached(`SELECT * FROM ${ENTITY_TABLES[kind]} WHERE ${filter.sql} ORDER BY ts_ms DESC, id LIMIT ? OFFSET ?`)
      .all(...filter.args, limit, offset) as EntityDbRow[]).map((r) => entityFromRow<T>(r));
  }

  countEntities(kind: EntityKind, o: EntityFilter & { payloadKind?: string } = {}): number {
    const filter = this.entityWhere(o);
    const where = filter ? [filter.sql] : [];
    const args = filter ? [...filter.args] : [];
    // Complaints and suggestions share a table; `kind` lives in the payload ('complaint' when absent).
    if (o.payloadKind) {
      where.push("coalesce(json_extract(payload, '$.kind'), 'complaint') = ?");
      args.push(o.payloadKind);
    }
    if (!where.length) return (this.stmts.entities[kind].count.get() as { n: number }).n;
    return (this.cached(`SELECT COUNT(*) AS n FROM ${ENTITY_TABLES[kind]} WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
  }

  private entityWhere(f: EntityFilter): { sql: string; args: string[] } | null {
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

  private readonly statementCache = new Map<string, Database.Statement>();
  /** Prepared once per distinct SQL text; the texts come from code (filters bind their values), so the cache stays small. */
  private cached(sql: string): Database.Statement {
    let st = this.statementCache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.statementCache.size < 200) this.statementCache.set(sql, st);
    }
    return st;
  }

  indicatorDefs(): { id: string; category: string; data: Record<string, unknown>; ts: string | null; receivedAt: number }[] {
    return (this.db.prepare('SELECT * FROM indicator_defs ORDER BY category, id').all() as { id: string; category: string; payload: string; ts: string | null; received_ms: number }[])
      .map((r) => ({ id: r.id, category: r.category, data: JSON.parse(r.payload) as Record<string, unknown>, ts: r.ts, receivedAt: r.received_ms }));
  }

  /** Indicator values, newest period first. Filters are optional; gender/ageBand default to 'all'. */
  indicatorValues(f: { indicator?: string; district?: string; gender?: string; ageBand?: string; period?: string } & ListOptions = {}): IndicatorValueRow[] {
    const { limit, offset } = clampLimit(f, 5000);
    const where: string[] = ['gender = ?', 'age_band = ?'];
    const args: (string | number)[] = [f.gender ?? 'all', f.ageBand ?? 'all'];
    if (f.indicator) { where.push('indicator = ?'); args.push(f.indicator); }
    if (f.district) { where.push('district = ?'); args.push(f.district); }
    if (f.period) { where.push('period = ?'); args.push(f.period); }
    return (this.db.prepare(`SELECT * FROM indicator_values WHERE ${where.join(' AND ')} ORDER BY period DESC, indicator, district LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as IndicatorDbRow[]).map(indicatorFromRow);
  }

  /** Latest period of each (indicator, district) for one breakdown. */
  latestIndicatorValues(f: { indicator?: string; district?: string; gender?: string; ageBand?: string } = {}): IndicatorValueRow[] {
    const where: string[] = ['gender = ?', 'age_band = ?'];
    const args: string[] = [f.gender ?? 'all', f.ageBand ?? 'all'];
    if (f.indicator) { where.push('indicator = ?'); args.push(f.indicator); }
    if (f.district) { where.push('district = ?'); args.push(f.district); }
    return (this.db.prepare(`SELECT indicator, district, gender, age_band, MAX(period) AS period, value, ts, ts_ms, received_ms
      FROM indicator_values WHERE ${where.join(' AND ')} GROUP BY indicator, district, gender, age_band`).all(...args) as IndicatorDbRow[]).map(indicatorFromRow);
  }

  /** Every breakdown of one indicator in one district, latest period each. */
  indicatorBreakdowns(indicator: string, district: string): IndicatorValueRow[] {
    return (this.db.prepare(`SELECT indicator, district, gender, age_band, MAX(period) AS period, value, ts, ts_ms, received_ms
      FROM indicator_values WHERE indicator = ? AND district = ? GROUP BY gender, age_band`).all(indicator, district) as IndicatorDbRow[]).map(indicatorFromRow);
  }

  urbanLatest(f: { metric?: string; district?: string } & ListOptions = {}): UrbanLatestRow[] {
    const { limit, offset } = clampLimit(f, 5000);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (f.metric) { where.push('metric = ?'); args.push(f.metric); }
    if (f.district) { where.push('district = ?'); args.push(f.district); }
    return (this.db.prepare(`SELECT * FROM urban_latest ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY metric, district LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as UrbanDbRow[]).map((r) => ({ metric: r.metric, district: r.district, value: r.value, unit: r.unit, ts: r.ts, tsMs: r.ts_ms, receivedAt: r.received_ms }));
  }

  /** Raw readings then downsampled buckets of one series since `sinceMs`, oldest first. */
  urbanSeries(metric: string, district: string, sinceMs: number): { tsMs: number; value: number }[] {
    const raw = this.db.prepare('SELECT ts_ms AS tsMs, value FROM urban_readings WHERE metric = ? AND district = ? AND ts_ms >= ? ORDER BY ts_ms')
      .all(metric, district, sinceMs) as { tsMs: number; value: number }[];
    const firstRaw = raw[0]?.tsMs ?? Number.MAX_SAFE_INTEGER;
    const down = this.db.prepare('SELECT bucket_ms AS tsMs, sum / n AS value FROM urban_downsampled WHERE metric = ? AND district = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms')
      .all(metric, district, sinceMs, firstRaw) as { tsMs: number; value: number }[];
    return [...down, ...raw];
  }

  linkEvents(sinceMs: number): { at: number; up: boolean }[] {
    return (this.db.prepare('SELECT at_ms, up FROM link_events WHERE at_ms >= ? ORDER BY at_ms').all(sinceMs) as { at_ms: number; up: number }[])
      .map((r) => ({ at: r.at_ms, up: r.up === 1 }));
  }

  lastLinkEvent(): { at: number; up: boolean } | null {
    const r = this.db.prepare('SELECT at_ms, up FROM link_events ORDER BY at_ms DESC LIMIT 1').get() as { at_ms: number; up: number } | undefined;
    return r ? { at: r.at_ms, up: r.up === 1 } : null;
  }

  listRejected(o?: ListOptions): RejectedRow[] {
    const { limit, offset } = clampLimit(o);
    return (this.db.prepare('SELECT id, at_ms AS at, topic, reason, detail, excerpt, bytes FROM rejected_messages ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as RejectedRow[]);
  }

  // ---- the action log (who drove which screen) ----

  recordAction(e: Omit<ActionLogRow, 'id'>): void {
    this.cached('INSERT INTO action_log (at_ms, screen, action, source, principal, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.screen.slice(0, 64), e.action.slice(0, 64), e.source, e.principal.slice(0, 128), e.outcome, e.detail?.slice(0, 300) ?? null);
  }

  listActions(o?: ListOptions): ActionLogRow[] {
    const { limit, offset } = clampLimit(o);
    return this.cached('SELECT id, at_ms AS at, screen, action, source, principal, outcome, detail FROM action_log ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as ActionLogRow[];
  }

  // ---- screens (display state that survives a restart) ----

  getScreen<T>(id: string): T | null {
    const r = this.db.prepare('SELECT state FROM screens WHERE id = ?').get(id) as { state: string } | undefined;
    return r ? (JSON.parse(r.state) as T) : null;
  }

  setScreen(id: string, state: unknown, nowMs: number): void {
    this.db.prepare('INSERT INTO screens (id, state, updated_ms) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET state = excluded.state, updated_ms = excluded.updated_ms')
      .run(id, JSON.stringify(state), nowMs);
  }

  // ---- size and retention ----

  sizeBytes(): number {
    return this.sizes().bytes;
  }

  private sizes(): { bytes: number; usedBytes: number } {
    const now = Date.now();
    if (now - this.sizeCache.at > 1000) {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const free = this.db.pragma('freelist_count', { simple: true }) as number;
      const size = this.pageSize();
      this.sizeCache = { at: now, bytes: pages * size, usedBytes: (pages - free) * size };
    }
    return this.sizeCache;
  }

  /** Size against the cap, on the pages in use: pruning frees pages inside the file, which new rows reuse. */
  health(): StoreHealth {
    const capBytes = this.pageCap() * this.pageSize();
    const { bytes: sizeBytes, usedBytes } = this.sizes();
    return {
      sizeBytes, usedBytes, capBytes,
      overWarn: usedBytes >= (capBytes * this.limits.warnAtPercent) / 100,
      overCap: usedBytes >= capBytes * AT_CAP_SHARE,
      full: this.fullState(),
    };
  }

  /**
   * Applies every bound: downsamples urban readings past the raw window, drops
   * what is past retention, and trims every growing table to its cap.
   * Runs in small transactions so ingest is never blocked for long.
   * `hard` (also when the store is full or at its cap): a quarter of the raw
   * and closed-entity windows, a tenth of the rejected rows.
   */
  maintain(nowMs: number, opts: { hard?: boolean } = {}): Record<string, number> {
    const L = this.limits;
    const hard = opts.hard === true || this.full !== null || this.health().overCap;
    const deleted: Record<string, number> = {};
    const bucket = L.urbanDownsampleMinutes * 60_000;
    const rawWindow = L.urbanRawRetentionHours * 3_600_000 / (hard ? 4 : 1);
    const alignedCutoff = Math.floor((nowMs - rawWindow) / bucket) * bucket;
    // Series by series, through the primary key (metric, district, ts_ms):
    // urban_readings has no index on ts_ms alone (migration 3), which keeps
    // each ingested reading to one B-tree insert. One transaction per series:
    // the buckets are summed first, the raw rows deleted, then the buckets
    // merged, so a full database reuses the pages it just freed.
    const aggregate = this.cached(`SELECT (ts_ms / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS bucket_ms, COUNT(*) AS n, SUM(value) AS sum, MIN(value) AS min, MAX(value) AS max
      FROM urban_readings WHERE metric = @metric AND district = @district AND ts_ms < @cutoff GROUP BY ts_ms / CAST(@bucket AS INTEGER)`);
    const merge = this.cached(`INSERT INTO urban_downsampled (metric, district, bucket_ms, n, sum, min, max) VALUES (@metric, @district, @bucket_ms, @n, @sum, @min, @max)
      ON CONFLICT DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum, min = MIN(min, excluded.min), max = MAX(max, excluded.max)`);
    const drop = this.cached('DELETE FROM urban_readings WHERE metric = ? AND district = ? AND ts_ms < ?');
    deleted.urban_readings = 0;
    for (const { metric, district } of this.urbanSeriesKeys()) {
      const prune = (downsample: boolean) => this.transaction(() => {
        const buckets = downsample ? aggregate.all({ bucket, cutoff: alignedCutoff, metric, district }) as { bucket_ms: number; n: number; sum: number; min: number; max: number }[] : [];
        deleted.urban_readings! += drop.run(metric, district, alignedCutoff).changes;
        for (const b of buckets) merge.run({ metric, district, ...b });
      });
      try {
        prune(true);
      } catch (err) {
        // Full even after the delete: the readings go without their buckets, or nothing ever frees space.
        if (!isFullError(err)) throw err;
        prune(false);
        deleted.urban_readings_not_downsampled = (deleted.urban_readings_not_downsampled ?? 0) + 1;
      }
    }
    const run = (name: string, sql: string, ...args: (number | string)[]) => {
      deleted[name] = (deleted[name] ?? 0) + this.db.prepare(sql).run(...args).changes;
    };
    this.transaction(() => {
      run('urban_downsampled', 'DELETE FROM urban_downsampled WHERE bucket_ms < ?', nowMs - L.urbanDownsampledRetentionDays * 86_400_000);
      const closedCutoff = nowMs - (L.closedEntityRetentionDays * 86_400_000) / (hard ? 4 : 1);
      run('incidents', "DELETE FROM incidents WHERE status = 'closed' AND ts_ms < ?", closedCutoff);
      run('complaints', "DELETE FROM complaints WHERE status IN ('resolved', 'rejected') AND ts_ms < ?", closedCutoff);
      run('polls', "DELETE FROM polls WHERE status = 'closed' AND ts_ms < ?", closedCutoff);
      run('trends', 'DELETE FROM trends WHERE ts_ms < ?', closedCutoff);
      for (const table of Object.values(ENTITY_TABLES)) {
        run(table, `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} ORDER BY ts_ms DESC LIMIT -1 OFFSET ?)`, L.maxRowsPerEntity);
      }
      const oldest = new Date(nowMs);
      oldest.setUTCMonth(oldest.getUTCMonth() - L.indicatorRetentionMonths);
      run('indicator_values', 'DELETE FROM indicator_values WHERE period < ?', oldest.toISOString().slice(0, 7));
      run('rejected_messages', 'DELETE FROM rejected_messages WHERE id <= (SELECT MAX(id) FROM rejected_messages) - ?', this.rejectedKeep(hard));
      // Orders the broker or the city took, beyond the cap, go; queued and refused ones never (they are owed to the city).
      deleted.orders = this.orders.prune(L.ordersKeep);
      run('order_status', 'DELETE FROM order_status WHERE order_id NOT IN (SELECT id FROM orders) AND ts_ms < ?', nowMs - 30 * 86_400_000);
      run('link_events', 'DELETE FROM link_events WHERE rowid IN (SELECT rowid FROM link_events ORDER BY at_ms DESC LIMIT -1 OFFSET 10000)');
      run('screens', 'DELETE FROM screens WHERE id IN (SELECT id FROM screens ORDER BY updated_ms DESC LIMIT -1 OFFSET 256)');
      run('action_log', 'DELETE FROM action_log WHERE id <= (SELECT MAX(id) FROM action_log) - ?', ACTION_LOG_KEEP);
    });
    this.sizeCache.at = 0;
    return deleted;
  }

  /** Every (metric, district) with raw readings, by seeking the primary key from one series to the next. */
  private urbanSeriesKeys(): { metric: string; district: string }[] {
    const first = this.cached('SELECT metric, district FROM urban_readings ORDER BY metric, district LIMIT 1');
    const next = this.cached('SELECT metric, district FROM urban_readings WHERE (metric, district) > (?, ?) ORDER BY metric, district LIMIT 1');
    const keys: { metric: string; district: string }[] = [];
    let k = first.get() as { metric: string; district: string } | undefined;
    while (k) {
      keys.push(k);
      k = next.get(k.metric, k.district) as { metric: string; district: string } | undefined;
    }
    return keys;
  }

  /** A PASSIVE checkpoint: copies what it can of the WAL into the database without waiting for readers. */
  checkpoint(): { log: number; checkpointed: number } {
    const [r] = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return { log: Math.max(0, r?.log ?? 0), checkpointed: Math.max(0, r?.checkpointed ?? 0) };
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  /** PRAGMA quick_check: the first `max` problems found ([] when the file is sound). Reads every page (~2 ms per MB here). */
  quickCheck(max = 5): string[] {
    const rows = this.db.pragma(`quick_check(${Math.max(1, Math.trunc(max))})`) as { quick_check: string }[];
    const lines = rows.map((r) => r.quick_check);
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}

interface EntityDbRow { id: string; status: string | null; district: string | null; payload: string; ts: string; received_ms: number }
interface IndicatorDbRow { indicator: string; district: string; gender: string; age_band: string; period: string; value: number | null; ts: string; ts_ms: number; received_ms: number }
interface UrbanDbRow { metric: string; district: string; value: number; unit: string | null; ts: string; ts_ms: number; received_ms: number }

export interface IndicatorValueRow { indicator: string; district: string; gender: string; ageBand: string; period: string; value: number | null; ts: string; tsMs: number; receivedAt: number }
export interface UrbanLatestRow { metric: string; district: string; value: number; unit: string | null; ts: string; tsMs: number; receivedAt: number }

function entityFromRow<T>(r: EntityDbRow): EntityRow<T> {
  return { id: r.id, status: r.status, district: r.district, ts: r.ts, receivedAt: r.received_ms, data: JSON.parse(r.payload) as T };
}

function indicatorFromRow(r: IndicatorDbRow): IndicatorValueRow {
  return { indicator: r.indicator, district: r.district, gender: r.gender, ageBand: r.age_band, period: r.period, value: r.value, ts: r.ts, tsMs: r.ts_ms, receivedAt: r.received_ms };
}

