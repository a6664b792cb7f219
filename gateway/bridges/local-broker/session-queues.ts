// The broker's outgoing QoS 1/2 queues (one per persistent session), bounded
// per owner: a device's sessions together hold at most `maxMessages` messages
// and `maxBytes` bytes; past either, the owner's oldest message is dropped and
// counted. aedes-persistence's in-memory queue has no bound at all: a device
// that subscribes with clean=false, leaves, and has its other client publish
// under its prefix would grow the gateway without end.
//
// The semantics are those of aedes-persistence 11's in-memory outgoing queue
// (asyncPersistence.js), which the package's abstract suite checks against
// this implementation too (retained-persistence.test.ts).

export interface QueueLimits {
  maxMessages: number;
  maxBytes: number;
}

/** Who a session's queue counts against: a key (a device, or the internal account) and its limits. */
export interface QueueOwner {
  key: string;
  limits: QueueLimits;
}

/** The fields of a queued packet these queues read; the rest travel along. */
export interface QueuedPacket {
  cmd?: string;
  topic?: string;
  payload?: Uint8Array | string;
  messageId?: number;
  brokerId?: string;
  brokerCounter?: number;
}

/** Bookkeeping per message beyond its topic and payload (the packet object, the entry, the arrays). */
export const PER_MESSAGE_OVERHEAD_BYTES = 256;

interface Entry {
  clientId: string;
  owner: OwnerState;
  packet: QueuedPacket;
  bytes: number;
  live: boolean;
}

interface OwnerState {
  key: string;
  limits: QueueLimits;
  messages: number;
  bytes: number;
  /** Live entries of every session of this owner, oldest first, plus entries cleared since (skipped lazily). */
  order: Entry[];
  dead: number;
}

export interface DropNotice {
  owner: string;
  clientId: string;
  bytes: number;
  /** The owner's queued messages and bytes after the drop. */
  messages: number;
  queuedBytes: number;
}

export function packetBytes(p: QueuedPacket): number {
  const payload = p.payload === undefined ? 0 : typeof p.payload === 'string' ? Buffer.byteLength(p.payload) : p.payload.length;
  const topic = p.topic === undefined ? 0 : Buffer.byteLength(p.topic);
  return payload + topic + PER_MESSAGE_OVERHEAD_BYTES;
}

export class SessionQueues {
  private readonly byClient = new Map<string, Entry[]>();
  private readonly owners = new Map<string, OwnerState>();
  /** Clients that lost a message to a drop: an update of it may find nothing, which is then not an error. */
  private readonly hadDrops = new Set<string>();
  private droppedMessages = 0;
  private droppedBytesTotal = 0;
  private queuedMessages = 0;
  private queuedBytesTotal = 0;

  /**
   * @param ownerOf the owner of a client id's session (asked once per enqueue).
   * @param onDrop told of each message dropped to stay within the owner's limits.
   */
  constructor(
    private readonly ownerOf: (clientId: string) => QueueOwner,
    private readonly onDrop: (notice: DropNotice) => void = () => undefined,
  ) {}

  get dropped(): number {
    return this.droppedMessages;
  }

  get droppedBytes(): number {
    return this.droppedBytesTotal;
  }

  get messages(): number {
    return this.queuedMessages;
  }

  get bytes(): number {
    return this.queuedBytesTotal;
  }

  /** Queued messages and bytes of one owner. */
  ownerUsage(key: string): { messages: number; bytes: number } {
    const o = this.owners.get(key);
    return { messages: o?.messages ?? 0, bytes: o?.bytes ?? 0 };
  }

  /** Appends `packet` (as given: the caller copies it) to the queue of `clientId`, then trims its owner to the limits. */
  enqueue(clientId: string, packet: QueuedPacket): void {
    const owner = this.ownerState(clientId);
    const entry: Entry = { clientId, owner, packet, bytes: packetBytes(packet), live: true };
    let queue = this.byClient.get(clientId);
    if (!queue) this.byClient.set(clientId, (queue = []));
    queue.push(entry);
    owner.order.push(entry);
    this.count(entry, +1);
    while (owner.messages > owner.limits.maxMessages || (owner.bytes > owner.limits.maxBytes && owner.messages > 0)) {
      this.dropOldest(owner);
    }
  }

  /**
   * Stores the message id aedes gave a queued packet (or replaces a publish by
   * its pubrel), as aedes-persistence does. Returns false when nothing matches.
   */
  update(clientId: string, packet: QueuedPacket): boolean {
    const queue = this.byClient.get(clientId);
    if (!queue) return false;
    for (const entry of queue) {
      const held = entry.packet;
      if (held.brokerId === packet.brokerId) {
        if (held.brokerCounter === packet.brokerCounter) {
          held.messageId = packet.messageId;
          return true;
        }
      } else if (held.messageId === packet.messageId) {
        this.replace(entry, packet);
        return true;
      }
    }
    return false;
  }

  /** True when a failed update may be a message dropped from this client's queue (not an error then). */
  mayHaveDropped(clientId: string): boolean {
    return this.hadDrops.has(clientId);
  }

  /** Removes and returns the first queued packet with this message id. */
  clear(clientId: string, messageId: number | undefined): QueuedPacket | undefined {
    const queue = this.byClient.get(clientId);
    if (!queue) return undefined;
    const i = queue.findIndex((e) => e.packet.messageId === messageId);
    if (i < 0) return undefined;
    const [entry] = queue.splice(i, 1);
    this.retire(entry!);
    if (queue.length === 0) this.byClient.delete(clientId);
    return entry!.packet;
  }

  /** A copy of the client's queue, oldest first. */
  list(clientId: string): QueuedPacket[] {
    return (this.byClient.get(clientId) ?? []).map((e) => e.packet);
  }

  /** Forgets the client's whole queue (its session ended). */
  drop(clientId: string): void {
    const queue = this.byClient.get(clientId);
    this.byClient.delete(clientId);
    this.hadDrops.delete(clientId);
    for (const entry of queue ?? []) this.retire(entry);
  }

  private ownerState(clientId: string): OwnerState {
    const { key, limits } = this.ownerOf(clientId);
    let o = this.owners.get(key);
    if (!o) this.owners.set(key, (o = { key, limits, messages: 0, bytes: 0, order: [], dead: 0 }));
    o.limits = limits;
    return o;
  }

  private replace(entry: Entry, packet: QueuedPacket): void {
    this.count(entry, -1);
    entry.packet = packet;
    entry.bytes = packetBytes(packet);
    this.count(entry, +1);
  }

  private count(entry: Entry, sign: 1 | -1): void {
    entry.owner.messages += sign;
    entry.owner.bytes += sign * entry.bytes;
    this.queuedMessages += sign;
    this.queuedBytesTotal += sign * entry.bytes;
  }

  /** Takes a live entry out of its owner's accounting (the caller has removed it from its client's queue). */
  private retire(entry: Entry): void {
    if (!entry.live) return;
    entry.live = false;
    this.count(entry, -1);
    const o = entry.owner;
    o.dead++;
    if (o.messages === 0) {
      this.owners.delete(o.key);
    } else if (o.dead > 64 && o.dead > o.order.length / 2) {
      // Cleared entries are skipped lazily; compact before they outnumber the live ones.
      o.order = o.order.filter((e) => e.live);
      o.dead = 0;
    }
  }

  private dropOldest(owner: OwnerState): void {
    let entry = owner.order.shift();
    while (entry && !entry.live) {
      owner.dead--;
      entry = owner.order.shift();
    }
    if (!entry) return;
    // The owner's oldest message is the oldest of its session's queue too (both keep enqueue order).
    const queue = this.byClient.get(entry.clientId);
    const i = queue ? queue.indexOf(entry) : -1;
    if (queue && i >= 0) {
      queue.splice(i, 1);
      if (queue.length === 0) this.byClient.delete(entry.clientId);
    }
    entry.live = false;
    this.count(entry, -1);
    if (owner.messages === 0) this.owners.delete(owner.key);
    this.droppedMessages++;
    this.droppedBytesTotal += entry.bytes;
    this.hadDrops.add(entry.clientId);
    this.onDrop({ owner: owner.key, clientId: entry.clientId, bytes: entry.bytes, messages: owner.messages, queuedBytes: owner.bytes });
  }
}
