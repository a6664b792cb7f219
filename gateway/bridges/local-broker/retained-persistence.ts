// An aedes persistence whose retained messages live in the gateway's SQLite
// store (store/retained.ts); everything else (subscriptions, QoS queues,
// wills) stays in aedes-persistence's in-memory implementation.
//
// aedes 1.2 calls its persistence with promises (`storeRetained(p).then`,
// `await setup(broker)`, which must be an AsyncFunction) and reads retained
// messages as streams: the class it wraps by default (asyncPersistence.js) is
// that interface, so this extends it and replaces the retained part. The
// package's abstract test suite runs against it (retained-persistence.test.ts).
import { Readable } from 'node:stream';
import MemoryPersistence from 'aedes-persistence/asyncPersistence.js';
import type { RetainedMessage, RetainedStore } from '../../store/retained.js';

/**
 * Fields not kept: the ones a retained packet is rebuilt from (topic, payload,
 * qos; cmd and retain, always publish and true here), and the ones aedes
 * stamps on each delivery anew (packet id, broker id and counter, dup).
 */
const NOT_KEPT = new Set(['topic', 'payload', 'qos', 'cmd', 'retain', 'messageId', 'brokerId', 'brokerCounter', 'dup']);

interface PacketLike {
  topic: string;
  payload: Buffer | string;
  qos?: number;
  cmd?: string;
  retain?: boolean;
  [key: string]: unknown;
}

/** The stored form of a packet: its payload as bytes, and its other scalar fields in `props` (null when none). */
export function toRetained(packet: PacketLike): RetainedMessage {
  let props: RetainedMessage['props'] = null;
  for (const [k, v] of Object.entries(packet)) {
    if (NOT_KEPT.has(k)) continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') (props ??= {})[k] = v;
  }
  // Kept only when unusual, so that they read back as given.
  if (packet.cmd !== undefined && packet.cmd !== 'publish') (props ??= {}).cmd = packet.cmd;
  if (packet.retain !== true) (props ??= {}).retain = packet.retain === undefined ? null : Boolean(packet.retain);
  const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  const qos = packet.qos === 1 || packet.qos === 2 ? packet.qos : 0;
  return { topic: packet.topic, payload, qos, props };
}

export function toPacket(m: RetainedMessage): Record<string, unknown> {
  const packet: Record<string, unknown> = { cmd: 'publish', topic: m.topic, payload: m.payload, qos: m.qos, retain: true };
  if (m.props) {
    for (const [k, v] of Object.entries(m.props)) {
      if (k === 'retain' && v === null) delete packet.retain;
      else packet[k] = v;
    }
  }
  return packet;
}

function* packets(store: RetainedStore, patterns: string[]): Generator<Record<string, unknown>> {
  // One pass per filter, as aedes' in-memory store does: MQTT treats the filters
  // of one SUBSCRIBE as successive subscriptions (3.1.1 §3.8.4), each with its retained messages.
  for (const pattern of patterns) for (const m of store.match(pattern)) yield toPacket(m);
}

export class SqliteRetainedPersistence extends MemoryPersistence {
  constructor(private readonly retained: RetainedStore, opts?: { broadcastSubscriptions?: boolean }) {
    super(opts);
  }

  override async storeRetained(packet: unknown): Promise<void> {
    this.retained.put(toRetained(packet as PacketLike));
  }

  override createRetainedStream(pattern: string): Readable {
    return Readable.from(packets(this.retained, [pattern]));
  }

  override createRetainedStreamCombi(patterns: string[]): Readable {
    return Readable.from(packets(this.retained, patterns));
  }

  /** Commits what is pending; the store (and its database) belongs to the host and stays open. */
  override async destroy(): Promise<void> {
    this.retained.flush();
    await super.destroy();
  }
}
