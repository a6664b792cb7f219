// Ingest: classify at the edge, apply to the store in transactions, tell the bus.
// Durability rule (docs/decisions/2026-11-23-durability.md): a QoS ≥ 1 message
// is committed before `accept` returns, so the caller may PUBACK right after;
// QoS 0 messages are group-committed like the display's pushes: a message after
// a quiet spell is committed on the next event-loop turn (a lone reading waits
// for no timer), while under load commits come at most once per
// `groupCommitMs` (mqtt.js hands packets over a few dozen per turn; a commit
// per turn costs ~3x more per message). Under a flood (the last commit carried
// FLOOD_BATCH or more) the window stretches to the rule's bound of 50 ms: a
// commit rewrites every page its batch touched, and a batch of readings from
// ~125 series touches ~130 pages whatever its size, so per message a commit of
// 2,000 costs a fifth of one of 100 (docs/decisions/2026-11-26-ingest-batches.md).
import { createClassifier, redactedExcerpt, type CityMessage, type Classified } from '../contract/messages.js';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';

/** The durability rule's bound on how long a QoS 0 message may wait for its commit. */
export const MAX_GROUP_COMMIT_MS = 50;
/** A commit carrying this many messages means a flood: the next window stretches to MAX_GROUP_COMMIT_MS. */
export const FLOOD_BATCH = 100;

export interface IngestorOptions { topicRoot: string; officeId: string; maxPayloadBytes: number; groupCommitMs: number; maxBatch?: number }

type Pending =
  | { ok: true; message: CityMessage; receivedMs: number }
  | { ok: false; topic: string; reason: string; detail: string; excerpt: string; bytes: number; receivedMs: number };

export class Ingestor {
  private pending: Pending[] = [];
  private timer: { kind: 'timeout'; t: NodeJS.Timeout } | { kind: 'immediate'; t: NodeJS.Immediate } | null = null;
  private lastFlushMs = 0;
  private lastBatchSize = 0;
  private readonly maxBatch: number;
  private readonly classify: (topic: string, payload: Uint8Array) => Classified;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: IngestorOptions,
  ) {
    this.maxBatch = opts.maxBatch ?? 2000;
    this.classify = createClassifier({ root: opts.topicRoot, officeId: opts.officeId, maxBytes: opts.maxPayloadBytes });
  }

  /** Takes one message from the city link. Synchronous; for qos ≥ 1 the message is committed on return. */
  accept(topic: string, payload: Uint8Array, qos: number, receivedMs = Date.now()): void {
    const result = this.classify(topic, payload);
    if (result.ok === 'ignore') {
      this.metrics.ignoredEmpty++;
      return;
    }
    if (result.ok) {
      if (result.strippedFields > 0) this.metrics.piiStripped += result.strippedFields;
      this.pending.push({ ok: true, message: result.message, receivedMs });
    } else {
      this.metrics.rejected[result.reason]++;
      // Never the raw payload: a redacted excerpt only (it may hold PII or hostile text).
      this.log.warn({ topic: topic.slice(0, 200), reason: result.reason, detail: result.detail, bytes: payload.length }, 'message rejected');
      this.bus.emit('rejected', { reason: result.reason, topic });
      this.pending.push({ ok: false, topic, reason: result.reason, detail: result.detail, excerpt: redactedExcerpt(payload), bytes: payload.length, receivedMs });
    }
    if (qos > 0 || this.pending.length >= this.maxBatch) this.flush();
    else if (!this.timer) {
      const flood = this.opts.groupCommitMs > 0 && this.lastBatchSize >= FLOOD_BATCH;
      const windowMs = flood ? Math.max(this.opts.groupCommitMs, MAX_GROUP_COMMIT_MS) : this.opts.groupCommitMs;
      const wait = this.lastFlushMs + windowMs - Date.now();
      this.timer = wait > 0
        ? { kind: 'timeout', t: setTimeout(() => this.flush(), wait) }
        : { kind: 'immediate', t: setImmediate(() => this.flush()) };
    }
  }

  /** Commits everything pending in one transaction, then tells the bus what changed. */
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
    const accepted: { message: CityMessage; receivedMs: number }[] = [];
    const { notices, unchanged } = this.store.transaction(() => {
      for (const p of batch) {
        if (p.ok) accepted.push(p);
        else this.store.recordRejected({ at: p.receivedMs, topic: p.topic, reason: p.reason, detail: p.detail, excerpt: p.excerpt, bytes: p.bytes });
      }
      return this.store.applyAll(accepted);
    });
    this.metrics.ingested += accepted.length;
    this.metrics.unchanged += unchanged;
    if (notices.length > 0) this.bus.emit('city:changed', notices);
  }

  close(): void {
    this.flush();
  }
}
