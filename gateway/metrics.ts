// Counters and gauges, exposed as Prometheus text at /metrics. The ingest
// core's counters are plain fields (the hot path adds to them); everything
// else is registered by its owner (a bridge through its `metrics` port).
import { REJECT_REASONS, type RejectReason } from './contract/messages.js';

/** Label sets a counter keeps; past this, new ones are folded into `other` (labels an outsider picks cannot grow it). */
const MAX_SERIES = 1000;

export type Labels = Readonly<Record<string, string>>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export class Counter {
  private readonly series = new Map<string, { labels: Labels; n: number }>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, n = 1): void {
    let key = labelText(labels);
    let row = this.series.get(key);
    if (!row) {
      if (this.series.size >= MAX_SERIES) {
        const other = Object.fromEntries(Object.keys(labels).map((k) => [k, 'other']));
        key = labelText(other);
        row = this.series.get(key) ?? { labels: other, n: 0 };
      } else row = { labels, n: 0 };
      this.series.set(key, row);
    }
    row.n += n;
  }

  /** The value of one label set (0 when never counted). */
  get(labels: Labels = {}): number {
    return this.series.get(labelText(labels))?.n ?? 0;
  }

  /** Sum over every label set. */
  total(): number {
    let n = 0;
    for (const row of this.series.values()) n += row.n;
    return n;
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const [key, row] of this.series) lines.push(`${this.name}${key} ${row.n}`);
  }
}

/** What a bridge gets: it registers its own series. */
export interface MetricsPort {
  counter(name: string, help: string): Counter;
  gauge(name: string, help: string, read: () => number): void;
  /** A series per label value, read at scrape time (e.g. {camera="id"}); `type` as Prometheus names it. */
  labelled(name: string, help: string, type: 'counter' | 'gauge', label: string, read: () => Record<string, number>): void;
}

export class Metrics implements MetricsPort {
  ingested = 0;
  ignoredEmpty = 0;
  unchanged = 0;
  piiStripped = 0;
  rejected: Record<RejectReason, number> = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  sseClients = 0;
  ssePushes = 0;
  sseDropped = 0;
  /** Optional fields of the wrong shape dropped at ingest, by entity and field. */
  readonly fieldsDropped = new Counter('scpm_fields_dropped_total', 'Optional fields of the wrong shape dropped at ingest (the entity was kept).');
  private readonly counters = new Map<string, Counter>();
  /** Gauges filled by their owners at scrape time. */
  readonly gauges = new Map<string, { help: string; read: () => number }>();
  private readonly collectors = new Map<string, { help: string; type: 'counter' | 'gauge'; label: string; read: () => Record<string, number> }>();

  labelled(name: string, help: string, type: 'counter' | 'gauge', label: string, read: () => Record<string, number>): void {
    this.collectors.set(name, { help, type, label, read });
  }

  fieldDropped(entity: string, field: string): void {
    this.fieldsDropped.inc({ entity, field });
  }

  /** Adds a counter made elsewhere (e.g. the bus's own). */
  register(c: Counter): void {
    this.counters.set(c.name, c);
  }

  counter(name: string, help: string): Counter {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = new Counter(name, help)));
    return c;
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, value: number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
    };
    counter('scpm_ingested_messages_total', 'City messages validated and applied to the store.', this.ingested);
    counter('scpm_unchanged_messages_total', 'Valid messages that changed nothing (redelivered or older than stored).', this.unchanged);
    counter('scpm_ignored_empty_messages_total', 'Zero-length payloads (retained clears), ignored.', this.ignoredEmpty);
    lines.push('# HELP scpm_rejected_messages_total Messages rejected at the edge or by the store, by reason.', '# TYPE scpm_rejected_messages_total counter');
    for (const [reason, n] of Object.entries(this.rejected)) lines.push(`scpm_rejected_messages_total{reason="${reason}"} ${n}`);
    this.fieldsDropped.render(lines);
    counter('scpm_pii_fields_stripped_total', 'Reporter-identifying complaint fields dropped at ingest.', this.piiStripped);
    counter('scpm_sse_pushes_total', 'Fragment pushes sent to display clients.', this.ssePushes);
    counter('scpm_sse_dropped_total', 'Pushes dropped for slow display clients (they resync).', this.sseDropped);
    lines.push('# HELP scpm_sse_clients Display clients connected.', '# TYPE scpm_sse_clients gauge', `scpm_sse_clients ${this.sseClients}`);
    for (const c of this.counters.values()) c.render(lines);
    for (const [name, c] of this.collectors) {
      let values: Record<string, number> = {};
      try {
        values = c.read();
      } catch {
        // an owner gone or broken must not break the scrape
      }
      lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} ${c.type}`);
      for (const [k, v] of Object.entries(values).slice(0, MAX_SERIES)) lines.push(`${name}{${c.label}="${escapeLabel(k)}"} ${v}`);
    }
    for (const [name, g] of this.gauges) {
      let value: number;
      try {
        value = g.read();
      } catch {
        value = NaN; // a gauge whose owner is gone or broken must not break the scrape
      }
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    }
    return lines.join('\n') + '\n';
  }
}
