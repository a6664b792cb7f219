// The bounds the broker's persistence adds to aedes-persistence's memory: a
// session's inbound QoS 2 messages awaiting PUBREL, and its subscriptions (only
// granted filters). The abstract suite runs against it in retained-persistence.test.ts.
import { describe, it, expect, afterAll } from 'vitest';
import { Store } from '../../store/store.js';
import { RetainedStore } from '../../store/retained.js';
import { TEST_LIMITS } from '../../store/test-limits.js';
import { BrokerPersistence, type KeepSubscription } from './broker-persistence.js';
import { SessionQueues } from './session-queues.js';

const stores: Store[] = [];
afterAll(() => {
  for (const s of stores.splice(0)) s.close();
});

function persistence(o: { max?: number; keep?: KeepSubscription } = {}) {
  const store = new Store(':memory:', TEST_LIMITS);
  stores.push(store);
  const queues = new SessionQueues(() => ({ key: 'any', limits: { maxMessages: 1000, maxBytes: 1 << 20 } }));
  const dropped: string[] = [];
  const p = new BrokerPersistence(new RetainedStore(store, { maxTopics: 100, flushMs: 10 }), queues, o.keep, { max: o.max ?? 100, dropped: (id) => dropped.push(id) });
  const held = async (clientId: string, ids: number[]) => {
    let n = 0;
    for (const messageId of ids) await p.incomingGetPacket({ id: clientId }, { messageId }).then(() => n++, () => undefined);
    return n;
  };
  return { p, dropped, held };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const qos2 = (messageId: number) => ({ cmd: 'publish', topic: 'office/demo/devices/t/q', payload: Buffer.alloc(10), qos: 2, retain: false, dup: false, messageId });

describe('BrokerPersistence', () => {
  it('keeps at most `max` inbound QoS 2 messages per client id: the oldest goes, counted', async () => {
    const { p, dropped, held } = persistence({ max: 100 });
    for (const id of range(1, 150)) await p.incomingStorePacket({ id: 'tab1-q' }, qos2(id));
    expect(dropped).toHaveLength(50);
    expect(await held('tab1-q', range(1, 50))).toBe(0);
    expect(await held('tab1-q', range(51, 150))).toBe(100);
    // A retransmission of one held is not a new one; a PUBREL frees a place.
    await p.incomingStorePacket({ id: 'tab1-q' }, qos2(51));
    expect(dropped).toHaveLength(50);
    await p.incomingDelPacket({ id: 'tab1-q' }, { messageId: 52 });
    await p.incomingStorePacket({ id: 'tab1-q' }, qos2(151));
    expect(dropped).toHaveLength(50);
    // Another client id has its own places.
    await p.incomingStorePacket({ id: 'tab1-r' }, qos2(1));
    expect(await held('tab1-r', [1])).toBe(1);
  });

  it('ends a session\'s inbound QoS 2 messages with its subscriptions (a session ended to make room for a newer one)', async () => {
    const { p, held } = persistence();
    for (const id of range(1, 10)) await p.incomingStorePacket({ id: 'old' }, qos2(id));
    await p.cleanSubscriptions({ id: 'old' });
    expect(await held('old', range(1, 10))).toBe(0);
  });

  it('keeps only the subscriptions its predicate grants', async () => {
    const { p } = persistence({ keep: (_client, filter) => filter.endsWith('/ok') });
    await p.addSubscriptions({ id: 'tab1-s' }, [{ topic: 'a/ok', qos: 1 }, { topic: 'a/refused', qos: 1 }] as never);
    expect((await p.subscriptionsByClient({ id: 'tab1-s' })).map((s: { topic: string }) => s.topic)).toEqual(['a/ok']);
  });
});
