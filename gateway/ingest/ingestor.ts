// Ingest: classify at the edge, apply to the store in transactions, tell the bus.
// QoS ≥ 1 is committed before `accept` returns (the caller PUBACKs after); QoS 0 is group-committed at most a frame
// late, as the wall shows a changed figure in its commit's turn (docs/decisions/2026-11-26-ingest-batches.md, 2026-11-29).
import { createClassifier, redactedExcerpt, type CityMessage, type Classified, type RejectReason } from '../contract/messages.js';
import type { DistrictList } from '../contract/districts.js';
import type { ChangeNotice } from '../store/types.js';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { isFullError, type Store } from '../store/store.js';
import { rateLimitedLog, type RateLimitedLog } from '../log/rate-limited.js';
import { FutureTsWatch } from './future-ts-watch.js';

/** How long a QoS 0 message may wait for its commit: one frame of a 60 Hz wall (the durability rule allows 50 ms). */
export const MAX_GROUP_COMMIT_MS = 16;
/**
 * A commit of fewer messages than this was a trickle (a few hundred a second arrive one per turn):
 * the next message is committed on the next turn too, as a lone one. Under load mqtt.js hands over
 * dozens per turn, and the window gathers them.
 */
export const TRICKLE_BATCH = 4;
/** A commit carrying this many messages means a flood: the next window stretches to MAX_GROUP_COMMIT_MS. */
export const FLOOD_BATCH = 100;
/**
 * A QoS 0 message that comes this long after the one before, in a trickle, is committed in its own turn: the wall
 * gets it without waiting for the rest of mqtt.js' turn. The messages after it in that turn find the link busy and
 * gather for the next turn as before.
 */
export const LONE_AFTER_MS = 2;

export interface IngestorOptions {
  topicRoot: string;
  officeId: string;
  maxPayloadBytes: number;
  /** The office's districts (its map): a message naming another is rejected. */
  districts: DistrictList;
  groupCommitMs: number;
  maxBatch?: number;
  /** upstream.maxFutureSkewSeconds, in ms. */
  maxFutureSkewMs?: number;
  now?: () => number;
}

type Accepted = { ok: true; message: CityMessage; receivedMs: number; topic: string };
type Refused = { ok: false; topic: string; reason: RejectReason; detail: string; excerpt: string; bytes: number; receivedMs: number };
type Pending = Accepted | Refused;

/**
 * Takes city messages and never throws: a message that cannot be validated or
 * stored costs one counted rejection, and the link (mqtt.js' callback, a
 * timer) never sees an exception. A failed batch commit is retried message by
 * message so the good ones land.
 */
export class Ingestor {
  private pending: Pending[] = [];
  private timer: { kind: 'timeout'; t: NodeJS.Timeout } | { kind: 'immediate'; t: NodeJS.Immediate } | null = null;
  private lastFlushMs = 0;
  /** When the last message was taken (or its lone commit ended). */
  private lastMessageMs = 0;
  private lastBatchSize = 0;
  private readonly maxBatch: number;
  private readonly classify: (topic: string, payload: Uint8Array) => Classified;
  private readonly logLimited: RateLimitedLog;
  readonly futureTs: FutureTsWatch;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: IngestorOptions,
  ) {
    this.maxBatch = opts.maxBatch ?? 2000;
    const now = opts.now ?? Date.now;
    this.classify = createClassifier({ root: opts.topicRoot, officeId: opts.officeId, maxBytes: opts.maxPayloadBytes, districts: opts.districts, maxFutureSkewMs: opts.maxFutureSkewMs, now });
    this.logLimited = rateLimitedLog(log, { now });
    this.futureTs = new FutureTsWatch(log, now);
  }

  /** Takes one message from the city link. Synchronous; for qos ≥ 1 the message is committed (or rejected) on return. Never throws. */
  accept(topic: string, payload: Uint8Array, qos: number, receivedMs = Date.now()): void {
    let result: Classified;
    try {
      result = this.classify(topic, payload);
    } catch (err) {
      // A validator bug must cost this message only.
      result = { ok: false, reason: 'schema', detail: `could not be validated (${(err as Error).name})` };
    }
    if (result.ok === 'ignore') {
      this.metrics.ignoredEmpty++;
      return;
    }
    if (result.ok) {
      if (result.strippedFields > 0) this.metrics.piiStripped += result.strippedFields;
      for (const d of result.droppedFields) this.metrics.fieldDropped(d.entity, d.field);
      this.pending.push({ ok: true, message: result.message, receivedMs, topic });
    } else {
      this.reject({ ok: false, topic, reason: result.reason, detail: result.detail, excerpt: safeExcerpt(payload), bytes: payload.length, receivedMs });
    }
    const t = receivedMs; // its arrival (now, from the link): no second clock read per message
    const quiet = t - this.lastMessageMs >= LONE_AFTER_MS;
    this.lastMessageMs = t;
    if (qos > 0 || this.pending.length >= this.maxBatch) this.flush();
    else if (!this.timer) {
      const flood = this.opts.groupCommitMs > 0 && this.lastBatchSize >= FLOOD_BATCH;
      const trickle = this.lastBatchSize < TRICKLE_BATCH;
      if (trickle && quiet && this.pending.length === 1) {
        this.flush();
        this.lastMessageMs = Date.now(); // the next message of this turn finds the link busy, however long the commit took
        return;
      }
      const windowMs = flood ? MAX_GROUP_COMMIT_MS : trickle ? 0 : Math.min(this.opts.groupCommitMs, MAX_GROUP_COMMIT_MS);
      const wait = this.lastFlushMs + windowMs - t;
      this.timer = wait > 0
        ? { kind: 'timeout', t: setTimeout(() => this.flush(), wait) }
        : { kind: 'immediate', t: setImmediate(() => this.flush()) };
    }
  }

  private reject(r: Refused): void {
    this.metrics.rejected[r.reason]++;
    if (r.reason === 'future-ts') this.futureTs.seen(r.detail);
    // Never the raw payload: a redacted excerpt only (it may hold PII or hostile text).
    this.logLimited(`rejected:${r.reason}`, 'warn', { topic: r.topic.slice(0, 200), reason: r.reason, detail: r.detail, bytes: r.bytes }, 'message rejected');
    this.pending.push(r);
  }

  /** Commits everything pending in one transaction, then tells the bus what changed. Never throws. */
  flush(): void {
    if (this.timer) {
      if (this.timer.kind === 'timeout') clearTimeout(this.timer.t);
      else clearImmediate(this.timer.t);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    this.lastFlushMs = Date.now();
    const batch = this.pending;
    this.pending = [];
    this.lastBatchSize = batch.length;
    let applied: { notices: ChangeNotice[]; unchanged: number; accepted: number };
    try {
      applied = this.commit(batch);
    } catch (err) {
      this.logLimited('batch-failed', 'error', { err: (err as Error).message, code: (err as { code?: string }).code, messages: batch.length }, 'batch commit failed; storing its messages one by one');
      applied = this.commitOneByOne(batch);
    }
    this.metrics.ingested += applied.accepted;
    this.metrics.unchanged += applied.unchanged;
    if (applied.notices.length > 0) {
      try {
        this.bus.emit('city:changed', applied.notices);
      } catch (err) {
        this.logLimited('notify-failed', 'error', { err: (err as Error).message }, 'a city:changed listener failed; ingest goes on');
      }
    }
  }

  private commit(batch: Pending[]): { notices: ChangeNotice[]; unchanged: number; accepted: number } {
    const accepted: Accepted[] = [];
    const r = this.store.transaction(() => {
      for (const p of batch) {
        if (p.ok) accepted.push(p);
        else this.store.recordRejected({ at: p.receivedMs, topic: p.topic, reason: p.reason, detail: p.detail, excerpt: p.excerpt, bytes: p.bytes });
      }
      const applied = this.store.applyAll(accepted);
      for (const f of applied.refused) {
        const p = accepted[f.index]!;
        this.store.recordRejected({ at: p.receivedMs, topic: p.topic, reason: f.reason, detail: f.detail, excerpt: '', bytes: 0 });
      }
      return applied;
    });
    // Counted once committed (a failed batch is tried again one by one).
    for (const f of r.refused) this.countRefused(accepted[f.index]!.topic, f.reason, f.detail);
    // New rows were written: if the store was full, space is back (SQLITE_FULL marks it full inside store.transaction).
    if (r.notices.length > 0 || accepted.length < batch.length || r.refused.length > 0) this.store.noteWriteOk();
    return { notices: r.notices, unchanged: r.unchanged, accepted: accepted.length - r.refused.length };
  }

  /** A valid message the store would not keep (its table at its bound): counted and logged like one refused at the edge. */
  private countRefused(topic: string, reason: RejectReason, detail: string): void {
    this.metrics.rejected[reason]++;
    this.logLimited(`rejected:${reason}`, 'warn', { topic: topic.slice(0, 200), reason, detail }, 'message rejected');
  }

  private commitOneByOne(batch: Pending[]): { notices: ChangeNotice[]; unchanged: number; accepted: number } {
    const out = { notices: [] as ChangeNotice[], unchanged: 0, accepted: 0 };
    for (const p of batch) {
      try {
        const r = this.commit([p]);
        out.notices.push(...r.notices);
        out.unchanged += r.unchanged;
        out.accepted += r.accepted;
      } catch (err) {
        if (!p.ok) continue; // already counted under its own reason; its row could not be kept
        const reason: RejectReason = isFullError(err) ? 'store-full' : 'store-error';
        const detail = `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`.slice(0, 300);
        this.metrics.rejected[reason]++;
        this.logLimited(`rejected:${reason}`, 'error', { topic: p.topic.slice(0, 200), reason, detail }, 'message could not be stored; rejected');
        try {
          this.store.transaction(() => this.store.recordRejected({ at: p.receivedMs, topic: p.topic, reason, detail, excerpt: '', bytes: 0 }));
        } catch {
          // the store refuses even the rejection row (disk full): the counter and the log keep it
        }
      }
    }
    return out;
  }

  close(): void {
    this.flush();
    this.logLimited.flush();
  }
}

function safeExcerpt(payload: Uint8Array): string {
  try {
    return redactedExcerpt(payload);
  } catch {
    return '(no excerpt)';
  }
}
