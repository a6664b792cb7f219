// Counters and gauges, exposed as Prometheus text at /metrics.
import { REJECT_REASONS, type RejectReason } from './contract/messages.js';

export class Metrics {
  ingested = 0;
  ignoredEmpty = 0;
  unchanged = 0;
  piiStripped = 0;
  rejected: Record<RejectReason, number> = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  ordersPublished = 0;
  bridgeRestarts: Record<string, number> = {};
  localBrokerDenied: Record<string, number> = { auth: 0, publish: 0, subscribe: 0 };
  sseClients = 0;
  ssePushes = 0;
  sseDropped = 0;
  /** Optional fields of the wrong shape dropped at ingest, by entity and field (bounded: field names come from the schemas). */
  readonly fieldsDropped = new Map<string, { entity: string; field: string; n: number }>();
  /** Gauges filled by their owners at scrape time. */
  readonly gauges = new Map<string, { help: string; read: () => number }>();

  fieldDropped(entity: string, field: string): void {
    const key = `${entity}\u0000${field}`;
    const row = this.fieldsDropped.get(key);
    if (row) row.n++;
    else this.fieldsDropped.set(key, { entity, field, n: 1 });
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, value: number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
    };
    const labelled = (name: string, help: string, type: 'counter' | 'gauge', label: string, values: Record<string, number>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [k, v] of Object.entries(values)) lines.push(`${name}{${label}="${k}"} ${v}`);
    };
    counter('scpm_ingested_messages_total', 'City messages validated and applied to the store.', this.ingested);
    counter('scpm_unchanged_messages_total', 'Valid messages that changed nothing (redelivered or older than stored).', this.unchanged);
    counter('scpm_ignored_empty_messages_total', 'Zero-length payloads (retained clears), ignored.', this.ignoredEmpty);
    labelled('scpm_rejected_messages_total', 'Messages rejected at the edge, by reason.', 'counter', 'reason', this.rejected);
    lines.push('# HELP scpm_fields_dropped_total Optional fields of the wrong shape dropped at ingest (the entity was kept).', '# TYPE scpm_fields_dropped_total counter');
    for (const { entity, field, n } of this.fieldsDropped.values()) lines.push(`scpm_fields_dropped_total{entity="${entity}",field="${field}"} ${n}`);
    counter('scpm_pii_fields_stripped_total', 'Reporter-identifying complaint fields dropped at ingest.', this.piiStripped);
    counter('scpm_orders_published_total', 'Orders acknowledged by the city broker.', this.ordersPublished);
    labelled('scpm_bridge_restarts_total', 'Bridge restarts after a failure.', 'counter', 'bridge', this.bridgeRestarts);
    labelled('scpm_local_broker_denied_total', 'Local broker requests denied.', 'counter', 'kind', this.localBrokerDenied);
    counter('scpm_sse_pushes_total', 'Fragment pushes sent to display clients.', this.ssePushes);
    counter('scpm_sse_dropped_total', 'Pushes dropped for slow display clients (they resync).', this.sseDropped);
    lines.push('# HELP scpm_sse_clients Display clients connected.', '# TYPE scpm_sse_clients gauge', `scpm_sse_clients ${this.sseClients}`);
    for (const [name, g] of this.gauges) lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`);
    return lines.join('\n') + '\n';
  }
}
