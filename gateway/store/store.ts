// The local store: better-sqlite3 in WAL mode, the one owner of the database.
// It opens and migrates it, runs transactions, watches failed writes and the
// size; each concern's SQL lives in its own table module (entities, urban,
// indicators, orders, screens and the action log, rejected, link events,
// broker retained), all prepared one way (statements.ts).
// Writes are synchronous; callers batch them with `transaction`.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CityMessage, EntityKind } from '../contract/messages.js';
import { MIGRATIONS } from './migrations.js';
import { Statements } from './statements.js';
import { CityEntities } from './entities.js';
import { ComplaintPipeline } from './complaint-pipeline.js';
import { UrbanReadings } from './urban.js';
import { Indicators } from './indicators.js';
import { OrderTable } from './orders.js';
import { ActionLog, ScreenTable } from './screens.js';
import { RejectedMessages } from './rejected.js';
import { LinkEvents } from './link-events.js';
import { applyCityMessages, type Applied } from './apply.js';
import type { SeriesCount } from './series-count.js';
import { applyRetention } from './retention.js';
import { StoreSize, type StoreHealth } from './size.js';
import { WriteFaults, type StoreFull } from './write-faults.js';
import { brokerRetainedTopics, lastReceivedByKind, lastReceivedOf, tableCounts } from './inspect.js';
import { clampLimit } from './list.js';
import { checkpointAndRestart, type CheckpointResult } from './checkpoint.js';
import type { ActionLogRow, ChangeNotice, EntityFilter, EntityOrder, EntityRow, ListOptions, NewOrder, OrderRow, OrderState, RejectedRow, StoreLimits } from './types.js';

export { REJECTED_TRIM_EVERY } from './rejected.js';
export { ACTION_LOG_KEEP } from './screens.js';
export { FULL_CLEAR_AFTER_MS, isCorruptError, isFullError, suspectMarker, type FullCause, type StoreFull } from './write-faults.js';
export type { StoreHealth } from './size.js';
export type { IndicatorValueRow } from './indicators.js';
export type { UrbanLatestRow } from './types.js';

/** The WAL's hard bound in pages (64 MiB at 4 KiB): SQLite checkpoints inside the commit that crosses it. */
export const STORE_WAL_BOUND_PAGES = 16_384;
export interface StoreOptions { now?: () => number }

export class Store {
  readonly db: Database.Database;
  /** How the tables prepare SQL; like `db`, for gateway/store/** only. */
  readonly statements: Statements;
  readonly entities: CityEntities;
  readonly complaints: ComplaintPipeline;
  readonly urban: UrbanReadings;
  readonly indicators: Indicators;
  /** The orders outbox and each order's state. */
  readonly orders: OrderTable;
  readonly screens: ScreenTable;
  readonly actionLog: ActionLog;
  readonly rejected: RejectedMessages;
  readonly links: LinkEvents;
  private readonly size: StoreSize;
  private readonly faults: WriteFaults;
  private readonly commitListeners = new Set<() => void>();
  /** One transaction wrapper for every call (better-sqlite3 builds a wrapper per `db.transaction`: ~20 µs a commit). */
  private readonly runInTransaction: (fn: () => unknown) => unknown;

  constructor(readonly path: string, readonly limits: StoreLimits, opts: StoreOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.runInTransaction = this.db.transaction((fn: () => unknown) => fn());
    try {
      this.init();
      this.size = new StoreSize(this.db, limits);
      // After the migrations, so a cap below the schema's size cannot stop them.
      this.size.setPageCap(limits.maxPages ?? Math.floor((limits.maxSizeMb * 1048576) / this.size.pageSize()));
      this.faults = new WriteFaults(path, opts.now ?? Date.now, () => this.size.atPageCap());
      const sql = (this.statements = new Statements(this.db));
      this.entities = new CityEntities(sql, limits.maxRowsPerEntity);
      this.complaints = new ComplaintPipeline(sql);
      this.urban = new UrbanReadings(sql, () => this.db.inTransaction);
      this.indicators = new Indicators(sql);
      this.orders = new OrderTable(sql);
      this.screens = new ScreenTable(sql);
      this.actionLog = new ActionLog(sql);
      this.rejected = new RejectedMessages(sql, limits.rejectedKeep);
      this.links = new LinkEvents(sql);
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

  // ---- transactions ----

  /** Calls `listener` after each transaction commits (the idle checkpointer listens). Returns the unsubscribe. */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** The tables' counts of series against their bounds, kept by each transaction's outcome. */
  private get seriesCounts(): SeriesCount[] { return [this.urban.seriesCount, this.indicators.valueSeries]; }

  transaction<T>(fn: () => T): T {
    const outermost = !this.db.inTransaction;
    let result: T;
    try {
      result = this.runInTransaction(fn) as T;
    } catch (err) {
      this.urban.mirror.clear();
      for (const c of this.seriesCounts) c.rolledBack();
      this.noteWriteError(err);
      throw err;
    }
    if (outermost) {
      this.urban.mirror.committed();
      for (const c of this.seriesCounts) c.committed();
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

  // ---- failed writes (SQLITE_FULL, corruption) ----

  /** Notes a failed write: SQLITE_FULL marks the store full, a corruption error asks for a check at the next start. Returns whether it was either. */
  noteWriteError(err: unknown): boolean { return this.faults.noteError(err); }
  /** Notes a write that stored new rows (ingest): clears "full" once the last SQLITE_FULL is FULL_CLEAR_AFTER_MS old. */
  noteWriteOk(): void { this.faults.noteOk(); }
  /**
   * Clears "full" without waiting for a write, when there is room again (pruned under the cap; for a full disk,
   * free space) and the last SQLITE_FULL is FULL_CLEAR_AFTER_MS old: a quiet link must not keep the wall's
   * "disk full" banner, or the hard pruning, going. Returns whether the store is still full.
   */
  recheckFull(): boolean {
    if (this.faults.clearableInMs() === 0 && this.fullHasRoom()) this.faults.noteOk();
    return this.faults.isFull;
  }
  /** Whether a store that is full has room now (see recheckFull); false when not full. */
  fullHasRoom(): boolean {
    const full = this.faults.state();
    return full !== null && this.size.hasRoom(full.cause, this.path);
  }
  /** How long until "full" may clear (0 when it may now, or when not full). */
  fullClearableInMs(): number { return this.faults.clearableInMs(); }
  /** Non-null while writes fail for want of space (the display's link banner and /healthz read it). */
  fullState(): StoreFull | null { return this.faults.state(); }
  /** Calls `listener` when the store becomes full or writable again. Returns the unsubscribe. */
  onFullChange(listener: (full: StoreFull | null) => void): () => void { return this.faults.onChange(listener); }
  /** Whether SQLite reported corruption since start (a restart checks and recovers). */
  get corruptionReported(): boolean { return this.faults.corruptionReported; }

  // ---- city data ----

  /** Applies one validated city message. Returns what changed (null when nothing did: redelivery or older ts). */
  apply(msg: CityMessage, receivedMs: number): ChangeNotice | null {
    return this.applyAll([{ message: msg, receivedMs }]).notices[0] ?? null;
  }

  /** Applies a batch of validated city messages (call inside `transaction`); see apply.ts. */
  applyAll(items: readonly { message: CityMessage; receivedMs: number }[]): Applied {
    return applyCityMessages(this, items);
  }

  getEntity<T = Record<string, unknown>>(kind: EntityKind, id: string): EntityRow<T> | null { return this.entities.get<T>(kind, id); }
  listEntities<T = Record<string, unknown>>(kind: EntityKind, o: ListOptions & EntityFilter & { order?: EntityOrder } = {}): EntityRow<T>[] { return this.entities.list<T>(kind, o); }
  countEntities(kind: EntityKind, o: EntityFilter & { payloadKind?: string } = {}): number { return this.entities.count(kind, o); }
  indicatorDefs(): ReturnType<Indicators['defs']> { return this.indicators.defs(); }
  indicatorValues(f: Parameters<Indicators['values']>[0] = {}): ReturnType<Indicators['values']> { return this.indicators.values(f); }
  latestIndicatorValues(f: Parameters<Indicators['latestValues']>[0] = {}): ReturnType<Indicators['latestValues']> { return this.indicators.latestValues(f); }
  indicatorBreakdowns(indicator: string, district: string): ReturnType<Indicators['breakdowns']> { return this.indicators.breakdowns(indicator, district); }
  urbanLatest(f: Parameters<UrbanReadings['latest']>[0] = {}): ReturnType<UrbanReadings['latest']> { return this.urban.latest(f); }
  /** With `bucketMs`, the last reading of each bucket (a chart); without, every raw reading. */
  urbanSeries(metric: string, district: string, sinceMs: number, opts?: { bucketMs?: number }): { tsMs: number; value: number }[] { return this.urban.series(metric, district, sinceMs, opts); }

  /** Keeps one rejection (call inside `transaction`); bounded (rejected.ts). */
  recordRejected(r: Omit<RejectedRow, 'id'>): void { this.rejected.record(r, this.faults.isFull); }
  listRejected(o?: ListOptions): RejectedRow[] { return this.rejected.list(o); }

  // ---- the link, orders, screens and the action log ----

  recordLink(up: boolean, atMs: number): void { this.links.record(up, atMs); }
  linkEvents(sinceMs: number): { at: number; up: boolean }[] { return this.links.since(sinceMs); }
  lastLinkEvent(): { at: number; up: boolean } | null { return this.links.last(); }

  /** Inserts an order durably (committed to disk on return). */
  enqueueOrder(o: NewOrder): OrderRow { return this.durableTransaction(() => this.orders.insert(o)); }
  getOrder(id: string): OrderRow | null { return this.orders.get(id); }
  listOrders(o?: ListOptions & { state?: OrderState }): OrderRow[] { return this.orders.list({ ...clampLimit(o), state: o?.state }); }
  /** Orders owed to the city (queued or refused). */
  pendingOrderCount(): number { return this.orders.pendingCount(); }

  getScreen<T>(id: string): T | null { return this.screens.get<T>(id); }
  setScreen(id: string, state: unknown, nowMs: number): void { this.screens.set(id, state, nowMs); }
  recordAction(e: Omit<ActionLogRow, 'id'>): void { this.actionLog.record(e); }
  listActions(o?: ListOptions): ActionLogRow[] { return this.actionLog.list(o); }

  // ---- for technicians ----

  /** Rows per table, for the setup page (a count is a scan: callers cache it). */
  tableCounts(): { table: string; rows: number }[] { return tableCounts(this.statements); }
  /** When each kind of city data last arrived (gateway clock), for the setup page. */
  lastReceivedByKind(): { kind: string; lastMs: number | null }[] { return lastReceivedByKind(this.statements); }
  /** When the newest version of any item of one kind arrived (gateway clock): how old an empty list of it is. */
  lastReceived(kind: EntityKind, o?: { publicOnly?: boolean }): number | null { return lastReceivedOf(this.statements, kind, o); }
  /** Topics the local broker holds retained, in order (for technicians and tests). */
  brokerRetainedTopics(): string[] { return brokerRetainedTopics(this.statements); }

  // ---- size, retention, checks ----

  /** The hard size cap in pages (max_page_count); returns the cap applied (never below the file's size). */
  setPageCap(pages: number): number { return this.size.setPageCap(pages); }
  sizeBytes(): number { return this.size.sizes().bytes; }
  /** Size against the cap, on the pages in use: pruning frees pages inside the file, which new rows reuse. */
  health(): StoreHealth { return { ...this.size.health(), full: this.fullState() }; }

  /**
   * Applies every bound (retention.ts). `hard` (also when the store is full or
   * at its cap): a quarter of the raw and closed-entity windows, a tenth of
   * the rejected rows.
   */
  maintain(nowMs: number, opts: { hard?: boolean } = {}): Record<string, number> {
    const hard = opts.hard === true || this.faults.isFull || this.size.health().overCap;
    const deleted = applyRetention(this, (fn) => this.transaction(fn), this.limits, nowMs, hard);
    this.size.forget();
    return deleted;
  }

  /** A PASSIVE checkpoint: copies what it can of the WAL into the database without waiting for readers; restarts the WAL when it copied all. */
  checkpoint(): CheckpointResult {
    return checkpointAndRestart(this.db);
  }

  /** PRAGMA integrity_check: 'ok', or the first problem (slower than quickCheck: it checks every index too). */
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
