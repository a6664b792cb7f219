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

export class BrokerPersistence extends SqliteRetainedPersistence {
  constructor(retained: RetainedStore, private readonly queues: SessionQueues, opts?: { broadcastSubscriptions?: boolean }) {
    super(retained, opts);
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
