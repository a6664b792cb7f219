import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PER_MESSAGE_OVERHEAD_BYTES, SessionQueues, type DropNotice, type QueueLimits, type QueuedPacket } from './session-queues.js';

const pkt = (n: number, bytes = 10, topic = 't'): QueuedPacket => ({ cmd: 'publish', topic, payload: Buffer.alloc(bytes, n % 256), brokerId: 'b', brokerCounter: n });
const size = (bytes: number, topic = 't') => bytes + topic.length + PER_MESSAGE_OVERHEAD_BYTES;

function queues(limits: QueueLimits, owners: Record<string, string> = {}) {
  const drops: DropNotice[] = [];
  const q = new SessionQueues((id) => ({ key: owners[id] ?? id, limits }), (d) => drops.push(d));
  return { q, drops };
}

describe('SessionQueues', () => {
  it('keeps a session\'s messages in order until acknowledged', () => {
    const { q } = queues({ maxMessages: 10, maxBytes: 1 << 20 });
    for (let i = 1; i <= 3; i++) q.enqueue('c', pkt(i));
    expect(q.list('c').map((p) => p.brokerCounter)).toEqual([1, 2, 3]);
    expect(q.update('c', { brokerId: 'b', brokerCounter: 2, messageId: 7 })).toBe(true);
    expect(q.clear('c', 7)?.brokerCounter).toBe(2);
    expect(q.list('c').map((p) => p.brokerCounter)).toEqual([1, 3]);
    expect(q.messages).toBe(2);
    expect(q.bytes).toBe(2 * size(10));
  });

  it('over the message count, drops the oldest and says so', () => {
    const { q, drops } = queues({ maxMessages: 3, maxBytes: 1 << 20 });
    for (let i = 1; i <= 5; i++) q.enqueue('c', pkt(i));
    expect(q.list('c').map((p) => p.brokerCounter)).toEqual([3, 4, 5]);
    expect(q.dropped).toBe(2);
    expect(drops.map((d) => d.owner)).toEqual(['c', 'c']);
  });

  it('over the byte bound, drops the oldest until it fits', () => {
    const limit = 3 * size(1000);
    const { q } = queues({ maxMessages: 1000, maxBytes: limit });
    for (let i = 1; i <= 10; i++) q.enqueue('c', pkt(i, 1000));
    expect(q.list('c')).toHaveLength(3);
    expect(q.bytes).toBeLessThanOrEqual(limit);
    expect(q.droppedBytes).toBe(7 * size(1000));
  });

  it('one owner\'s sessions share one bound: its oldest message goes first, whichever session holds it', () => {
    const { q } = queues({ maxMessages: 4, maxBytes: 1 << 20 }, { a: 'dev', b: 'dev', other: 'other' });
    q.enqueue('a', pkt(1));
    q.enqueue('b', pkt(2));
    q.enqueue('a', pkt(3));
    q.enqueue('other', pkt(100));
    q.enqueue('b', pkt(4));
    q.enqueue('b', pkt(5));
    expect(q.list('a').map((p) => p.brokerCounter)).toEqual([3]);
    expect(q.list('b').map((p) => p.brokerCounter)).toEqual([2, 4, 5]);
    expect(q.list('other')).toHaveLength(1);
    expect(q.ownerUsage('dev').messages).toBe(4);
  });

  it('a pubrel replacing a publish is counted at its own size', () => {
    const { q } = queues({ maxMessages: 10, maxBytes: 1 << 20 });
    q.enqueue('c', { ...pkt(1, 5000), messageId: 9 });
    expect(q.update('c', { cmd: 'pubrel', messageId: 9 })).toBe(true);
    expect(q.list('c')).toEqual([{ cmd: 'pubrel', messageId: 9 }]);
    expect(q.bytes).toBe(PER_MESSAGE_OVERHEAD_BYTES);
  });

  it('an update that finds nothing is flagged only for a session that lost messages', () => {
    const { q } = queues({ maxMessages: 1, maxBytes: 1 << 20 });
    q.enqueue('c', pkt(1));
    expect(q.mayHaveDropped('c')).toBe(false);
    q.enqueue('c', pkt(2));
    expect(q.update('c', { brokerId: 'b', brokerCounter: 1, messageId: 3 })).toBe(false);
    expect(q.mayHaveDropped('c')).toBe(true);
    q.drop('c');
    expect(q.mayHaveDropped('c')).toBe(false);
    expect(q.messages).toBe(0);
  });

  it('any sequence of enqueues, acknowledgements and session ends stays within every owner\'s bounds, and the totals add up', () => {
    const limits = { maxMessages: 7, maxBytes: 6 * size(300) };
    const clients = ['a1', 'a2', 'b1', 'c1'];
    const owners: Record<string, string> = { a1: 'A', a2: 'A', b1: 'B', c1: 'C' };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('enqueue' as const), client: fc.constantFrom(...clients), bytes: fc.integer({ min: 0, max: 4000 }) }),
      fc.record({ kind: fc.constant('ack' as const), client: fc.constantFrom(...clients), pick: fc.nat() }),
      fc.record({ kind: fc.constant('end' as const), client: fc.constantFrom(...clients) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const { q } = queues(limits, owners);
      let counter = 0;
      for (const o of ops) {
        if (o.kind === 'enqueue') {
          const p = pkt(++counter, o.bytes);
          p.messageId = counter;
          q.enqueue(o.client, p);
        } else if (o.kind === 'ack') {
          const held = q.list(o.client);
          if (held.length > 0) expect(q.clear(o.client, held[o.pick % held.length]!.messageId)).toBeDefined();
        } else {
          q.drop(o.client);
        }
        for (const owner of ['A', 'B', 'C']) {
          const u = q.ownerUsage(owner);
          expect(u.messages).toBeLessThanOrEqual(limits.maxMessages);
          expect(u.bytes).toBeLessThanOrEqual(limits.maxBytes);
        }
        const listed = clients.flatMap((c) => q.list(c));
        expect(q.messages).toBe(listed.length);
        expect(q.bytes).toBe(listed.reduce((n, p) => n + size((p.payload as Buffer).length), 0));
        for (const c of clients) {
          const ids = q.list(c).map((p) => p.brokerCounter!);
          expect(ids).toEqual([...ids].sort((x, y) => x - y));
        }
      }
    }), { numRuns: 200 });
  });
});
