// The local broker's retained messages, in the gateway's SQLite store instead
// of aedes' in-memory Map (demo mode holds the whole simulated city there:
// ~17k messages). SQL lives here, as everywhere in the store; the aedes glue is
// in bridges/local-broker/retained-persistence.ts.
//
// Writes are buffered (last write per topic wins) and committed in one
// transaction per window (≤ 50 ms), or as soon as `maxPending` topics wait, so
// a flood of retained publishes does not commit per message. Every read
// commits what is pending first, so it sees every write made before it.
import type { Statements } from './statements.js';
import type { Store } from './store.js';
import { topicMatches } from '../contract/topics.js';

/** A retained message as stored; `props` carries the packet's other scalar fields. */
export interface RetainedMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  props: Record<string, string | number | boolean | null> | null;
}

export interface RetainedStoreOptions {
  /** Most retained topics held; a new topic beyond it is refused (updates and deletes still apply). */
  maxTopics: number;
  /** Longest a write waits for its commit (ms, 1–50). */
  flushMs: number;
  /** Pending topics that trigger a commit at once (bounds what waits in memory). */
  maxPending?: number;
  /** Rows read per page while matching a filter (bounds what one read holds). */
  pageSize?: number;
  /** Told of each refused new topic. */
  onRefused?: (topic: string, held: number) => void;
  /** Told when a commit fails (`dropped` pending writes lost) or a read fails (0: the stream ends early). */
  onError?: (err: Error, dropped: number) => void;
  now?: () => number;
}

interface Row { topic: string; payload: Buffer; qos: number; props: string | null }

/**
 * Where a filter's matches can be in topic order: the exact topic when it has
 * no wildcard; else the topics under its literal leading levels `P/` (the range
 * [P/, P0): '/' is 0x2F and '0' 0x30, and TEXT compares bytes), plus P itself
 * when the filter is `P/#`; else (a wildcard first) every topic.
 */
export function filterPlan(filter: string): { exact: string } | { prefix: string; parentToo: boolean } | { all: true } {
  const levels = filter.split('/');
  const first = levels.findIndex((l) => l === '+' || l === '#');
  if (first === -1) return { exact: filter };
  if (first === 0) return { all: true };
  const prefix = levels.slice(0, first).join('/');
  return { prefix, parentToo: first === levels.length - 1 && levels[first] === '#' };
}

export class RetainedStore {
  /** Writes not committed yet, by topic: a message, or null for a delete. */
  private pending = new Map<string, RetainedMessage | null>();
  private timer: NodeJS.Timeout | null = null;
  private held: number;
  private closed = false;
  /** New topics refused at the bound, since start. */
  refused = 0;
  /** Commits made (each one transaction), since start. */
  commits = 0;
  private readonly maxPending: number;
  private readonly pageSize: number;
  private readonly now: () => number;
  private readonly st;

  private readonly sql: Statements;

  /** Commits go through `store.transaction`, so the store's commit listeners (the checkpointer) hear of them. */
  constructor(private readonly store: Store, private readonly opts: RetainedStoreOptions) {
    const sql = (this.sql = store.statements);
    if (!(opts.flushMs >= 1 && opts.flushMs <= 50)) throw new Error(`retained flushMs must be 1–50, got ${opts.flushMs}`);
    if (!(opts.maxTopics >= 1)) throw new Error(`retained maxTopics must be ≥ 1, got ${opts.maxTopics}`);
    this.maxPending = opts.maxPending ?? 1000;
    this.pageSize = opts.pageSize ?? 200;
    this.now = opts.now ?? Date.now;
    this.st = {
      update: sql.get('UPDATE broker_retained SET payload = ?, qos = ?, props = ?, stored_ms = ? WHERE topic = ?'),
      insert: sql.get('INSERT INTO broker_retained (topic, payload, qos, props, stored_ms) VALUES (?, ?, ?, ?, ?)'),
      delete: sql.get('DELETE FROM broker_retained WHERE topic = ?'),
      get: sql.get('SELECT topic, payload, qos, props FROM broker_retained WHERE topic = ?'),
      rangeFrom: sql.get('SELECT topic, payload, qos, props FROM broker_retained WHERE topic >= ? AND topic < ? ORDER BY topic LIMIT ?'),
      range: sql.get('SELECT topic, payload, qos, props FROM broker_retained WHERE topic > ? AND topic < ? ORDER BY topic LIMIT ?'),
      allFrom: sql.get('SELECT topic, payload, qos, props FROM broker_retained ORDER BY topic LIMIT ?'),
      after: sql.get('SELECT topic, payload, qos, props FROM broker_retained WHERE topic > ? ORDER BY topic LIMIT ?'),
      count: sql.get('SELECT COUNT(*) AS n FROM broker_retained'),
      deleteRange: sql.get('DELETE FROM broker_retained WHERE topic = ? OR (topic >= ? AND topic < ?)'),
    };
    this.held = (this.st.count.get() as { n: number }).n;
  }

  /** Retained topics committed (pending writes not counted). */
  get size(): number {
    return this.held;
  }

  /** Stores (or, with an empty payload, deletes: MQTT 3.1.1 §3.3.1.3) the retained message of `topic`. */
  put(msg: RetainedMessage): void {
    if (this.closed) return;
    this.pending.delete(msg.topic); // re-inserted last: commits keep the order of the latest writes
    this.pending.set(msg.topic, msg.payload.length === 0 ? null : msg);
    if (this.pending.size >= this.maxPending) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.flushMs).unref();
  }

  /** Commits every pending write in one transaction. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size === 0 || !this.sql.open) return;
    const batch = this.pending;
    this.pending = new Map();
    const now = this.now();
    const st = this.st;
    let held = this.held;
    const refused: string[] = [];
    try {
      this.store.transaction(() => {
        // Deletes first: a delete and a new topic in the same window leave room for it.
        for (const [topic, msg] of batch) if (msg === null) held -= st.delete.run(topic).changes;
        for (const [topic, msg] of batch) {
          if (msg === null) continue;
          const props = msg.props ? JSON.stringify(msg.props) : null;
          if (st.update.run(msg.payload, msg.qos, props, now, topic).changes > 0) continue;
          if (held >= this.opts.maxTopics) {
            refused.push(topic);
            continue;
          }
          st.insert.run(topic, msg.payload, msg.qos, props, now);
          held++;
        }
      });
    } catch (err) {
      // Rolled back: the committed count stands (held was only counted locally).
      this.opts.onError?.(err as Error, batch.size);
      return;
    }
    this.held = held;
    this.commits++;
    for (const topic of refused) {
      this.refused++;
      this.opts.onRefused?.(topic, held);
    }
  }

  get(topic: string): RetainedMessage | null {
    if (!this.sql.open) return null;
    this.flush();
    const row = this.st.get.get(topic) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /**
   * The retained messages matching one filter, in topic order, read a page at
   * a time (no statement stays open between pages, so the connection is free
   * for ingest while a subscriber drains the stream).
   */
  *match(filter: string): Generator<RetainedMessage> {
    const plan = filterPlan(filter);
    if ('exact' in plan) {
      const m = this.get(plan.exact);
      if (m) yield m;
      return;
    }
    if ('prefix' in plan && plan.parentToo) {
      const m = this.get(plan.prefix);
      if (m && topicMatches(filter, m.topic)) yield m;
    }
    // Keyset pages: the first from the start of the range, each next one after the last topic read.
    let after: string | null = null;
    for (;;) {
      // A stream still read after the database closed (shutdown) just ends: aedes
      // pipes it without an error handler, so a throw here would crash the process.
      if (!this.sql.open) return;
      this.flush();
      const st = this.st;
      const n = this.pageSize;
      let rows: Row[];
      try {
        rows = ('prefix' in plan
          ? after === null ? st.rangeFrom.all(plan.prefix + '/', plan.prefix + '0', n) : st.range.all(after, plan.prefix + '0', n)
          : after === null ? st.allFrom.all(n) : st.after.all(after, n)) as Row[];
      } catch (err) {
        this.opts.onError?.(err as Error, 0);
        return;
      }
      for (const row of rows) if (topicMatches(filter, row.topic)) yield fromRow(row);
      if (rows.length < n) return;
      after = rows[rows.length - 1]!.topic;
    }
  }

  /** Deletes `prefix` and every topic under it (level-aware). Returns how many went. */
  deleteUnder(prefix: string): number {
    this.flush();
    const n = this.st.deleteRange.run(prefix, prefix + '/', prefix + '0').changes;
    this.held -= n;
    return n;
  }

  /** Commits what is pending and stops the timer; later writes are ignored. The database stays open. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}

function fromRow(r: Row): RetainedMessage {
  return { topic: r.topic, payload: r.payload, qos: r.qos as 0 | 1 | 2, props: r.props ? (JSON.parse(r.props) as RetainedMessage['props']) : null };
}
