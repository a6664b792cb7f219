// aedes-persistence 11 ships types for its package root only. Its in-memory
// persistence with the promise interface that aedes 1.x calls (the class the
// default `memory()` wraps) is imported by path; these are the members we use.
declare module 'aedes-persistence/asyncPersistence.js' {
  import type { Readable } from 'node:stream';

  /** aedes-packet's Packet: a shallow copy of a packet, stamped with a broker id and counter. */
  class Packet {
    constructor(original: object, broker?: unknown);
  }

  export default class MemoryPersistence {
    static Packet: typeof Packet;
    constructor(opts?: { broadcastSubscriptions?: boolean });
    get broker(): unknown;
    setup(broker: unknown): Promise<void>;
    storeRetained(packet: unknown): Promise<void>;
    createRetainedStream(pattern: string): Readable;
    createRetainedStreamCombi(patterns: string[]): Readable;
    addSubscriptions(client: { id: string }, subs: { topic: string }[]): Promise<void>;
    incomingStorePacket(client: { id: string }, packet: { messageId?: number }): Promise<void>;
    incomingGetPacket(client: { id: string }, packet: { messageId?: number }): Promise<unknown>;
    incomingDelPacket(client: { id: string }, packet: { messageId?: number }): Promise<void>;
    subscriptionsByClient(client: { id: string }): Promise<{ topic: string; qos: number }[]>;
    cleanIncoming(client: { id: string }): Promise<void>;
    cleanSubscriptions(client: { id: string }): Promise<void>;
    destroy(): Promise<void>;
  }
}
