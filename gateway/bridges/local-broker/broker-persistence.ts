// The local broker's aedes persistence: retained messages in the store
// (retained-persistence.ts), persistent sessions' outgoing queues bounded per
// owner (session-queues.ts), the rest (subscriptions, inbound QoS 2, wills)
// in aedes-persistence's memory.
import { Readable } from 'node:stream';
import MemoryPersistence from 'aedes-persistence/asyncPersistence.js';
import type { RetainedStore } from '../../store/retained.js';
import { SqliteRetainedPersistence } from './retained-persistence.js';
import type { QueuedPacket, SessionQueues } from './session-queues.js';

interface ClientRef { id: string }
interface SubRef { clientId: string }

/** Whether a client's filter may be kept in its session (it was granted). */
export type KeepSubscription = (client: ClientRef, filter: string) => boolean;

export interface IncomingBound {
  /** Inbound QoS 2 messages awaiting PUBREL kept per client id (aedes bounds them per connection only). */
  max: number;
  /** The oldest was let go (a PUBREL for it still gets its PUBCOMP; a retransmission of it is published again). */
  dropped(clientId: string): void;
}

export class BrokerPersistence extends SqliteRetainedPersistence {
  /** Per client id, the message ids stored by incomingStorePacket, oldest first. */
  private readonly incoming = new Map<string, Set<number>>();

  constructor(
    retained: RetainedStore,
    private readonly queues: SessionQueues,
    private readonly keep: KeepSubscription = () => true,
    private readonly incomingBound: IncomingBound = { max: Number.POSITIVE_INFINITY, dropped: () => undefined },
    opts?: { broadcastSubscriptions?: boolean },
  ) {
    super(retained, opts);
  }

  /**
   * A persistent session keeps its inbound QoS 2 messages until their PUBREL,
   * across reconnects: a device that never sends PUBREL, reconnecting with new
   * message ids, grew it by a connection's worth each time (2,000 of 60 KB in
   * 20 reconnects). Past the bound the oldest goes.
   */
  override async incomingStorePacket(client: ClientRef, packet: { messageId?: number }): Promise<void> {
    await super.incomingStorePacket(client, packet);
    if (packet.messageId === undefined) return;
    let ids = this.incoming.get(client.id);
    if (!ids) this.incoming.set(client.id, (ids = new Set()));
    ids.delete(packet.messageId);
    ids.add(packet.messageId);
    while (ids.size > this.incomingBound.max) {
      const oldest = ids.values().next().value as number;
      ids.delete(oldest);
      await super.incomingDelPacket(client, { messageId: oldest }).catch(() => undefined);
      this.incomingBound.dropped(client.id);
    }
  }

  override async incomingDelPacket(client: ClientRef, packet: { messageId?: number }): Promise<void> {
    await super.incomingDelPacket(client, packet);
    const ids = this.incoming.get(client.id);
    if (ids && packet.messageId !== undefined) ids.delete(packet.messageId);
    if (ids?.size === 0) this.incoming.delete(client.id);
  }

  override async cleanIncoming(client: ClientRef): Promise<void> {
    await super.cleanIncoming(client);
    this.incoming.delete(client.id);
  }

  /**
   * aedes stores a SUBSCRIBE packet's every filter once one of them is granted,
   * the refused ones too: only granted filters are kept (else a device could
   * grow its session past its subscription bound, packet by packet).
   */
  override async addSubscriptions(client: ClientRef, subs: { topic: string }[]): Promise<void> {
    await super.addSubscriptions(client, subs.filter((s) => this.keep(client, s.topic)));
  }

  async outgoingEnqueue(sub: SubRef, packet: QueuedPacket): Promise<void> {
    this.queues.enqueue(sub.clientId, new MemoryPersistence.Packet(packet) as QueuedPacket);
  }

  async outgoingEnqueueCombi(subs: SubRef[], packet: QueuedPacket): Promise<void> {
    for (const sub of subs) this.queues.enqueue(sub.clientId, new MemoryPersistence.Packet(packet) as QueuedPacket);
  }

  async outgoingUpdate(client: ClientRef, packet: QueuedPacket): Promise<void> {
    if (this.queues.update(client.id, packet)) return;
    // A message dropped from a full queue may still be on its way (aedes
    // streams the queue, then updates each packet as it sends it): it is
    // sent unqueued rather than failing, and so closing, the client.
    if (this.queues.mayHaveDropped(client.id)) return;
    throw new Error('no such packet');
  }

  async outgoingClearMessageId(client: ClientRef, packet: QueuedPacket): Promise<QueuedPacket | undefined> {
    return this.queues.clear(client.id, packet.messageId);
  }

  outgoingStream(client: ClientRef): Readable {
    return Readable.from(this.queues.list(client.id));
  }

  /** A clean session starts, or an old one is ended: its subscriptions go (aedes-persistence), its queue and its inbound QoS 2 with them. */
  override async cleanSubscriptions(client: ClientRef): Promise<void> {
    await super.cleanSubscriptions(client);
    this.queues.drop(client.id);
    await this.cleanIncoming(client);
  }
}
