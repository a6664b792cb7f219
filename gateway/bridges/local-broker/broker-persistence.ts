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

export class BrokerPersistence extends SqliteRetainedPersistence {
  constructor(retained: RetainedStore, private readonly queues: SessionQueues, private readonly keep: KeepSubscription = () => true, opts?: { broadcastSubscriptions?: boolean }) {
    super(retained, opts);
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

  /** A clean session starts: its subscriptions go (aedes-persistence), and its queue with them. */
  override async cleanSubscriptions(client: ClientRef): Promise<void> {
    await super.cleanSubscriptions(client);
    this.queues.drop(client.id);
  }
}
