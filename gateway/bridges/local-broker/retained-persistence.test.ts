// The persistence against aedes-persistence's own abstract test suite (the
// contract every aedes persistence meets), run under vitest, then the parts of
// the retained store that suite does not reach.
import { describe, it, expect, afterAll } from 'vitest';
import assert from 'node:assert';
import { createRequire } from 'node:module';
import { Store } from '../../store/store.js';
import { RetainedStore } from '../../store/retained.js';
import { TEST_LIMITS } from '../../store/test-limits.js';
import { SqliteRetainedPersistence, toPacket, toRetained } from './retained-persistence.js';
import { BrokerPersistence } from './broker-persistence.js';
import { SessionQueues } from './session-queues.js';

const require = createRequire(import.meta.url);
type NodeTestFn = (t: NodeTestContext) => Promise<void> | void;
interface NodeTestContext { plan(n: number): void; assert: typeof assert; diagnostic(msg: string): void }
const abstractSuite = require('aedes-persistence/abstract.js') as (opts: {
  test: (name: string, fn: NodeTestFn) => void;
  persistence: () => unknown;
  testAsync: boolean;
}) => void;

const stores: Store[] = [];
afterAll(() => {
  for (const s of stores.splice(0)) s.close();
});

function persistence(): SqliteRetainedPersistence {
  const store = new Store(':memory:', TEST_LIMITS);
  stores.push(store);
  return new SqliteRetainedPersistence(new RetainedStore(store, { maxTopics: 10_000, flushMs: 10 }));
}

/** node:test's `test(name, t => …)` on top of vitest: t.plan counts t.assert calls, as node:test does. */
function nodeTest(name: string, fn: NodeTestFn): void {
  it(name, async () => {
    let planned: number | undefined;
    let made = 0;
    const counted = new Proxy(assert, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (...args: unknown[]) => { made++; return (value as (...a: unknown[]) => unknown)(...args); } : value;
      },
    });
    await fn({ plan: (n) => (planned = n), assert: counted, diagnostic: () => undefined });
    if (planned !== undefined) expect(made, 'assertions made vs t.plan').toBe(planned);
  });
}

describe('aedes-persistence abstract suite against SqliteRetainedPersistence (promise interface, as aedes 1.2 calls it)', () => {
  abstractSuite({ test: nodeTest, persistence, testAsync: true });
});

/** The broker's persistence: the same, with its outgoing queues bounded (wide enough here for the suite's 32-message test). */
function brokerPersistence(): BrokerPersistence {
  const store = new Store(':memory:', TEST_LIMITS);
  stores.push(store);
  const queues = new SessionQueues(() => ({ key: 'any', limits: { maxMessages: 1000, maxBytes: 1 << 20 } }));
  return new BrokerPersistence(new RetainedStore(store, { maxTopics: 10_000, flushMs: 10 }), queues);
}

describe('aedes-persistence abstract suite against BrokerPersistence (bounded outgoing queues)', () => {
  abstractSuite({ test: nodeTest, persistence: brokerPersistence, testAsync: true });
});

describe('SqliteRetainedPersistence', () => {
  it('keeps scalar packet fields, drops the per-delivery ones, and reads back an aedes packet', () => {
    const stored = toRetained({ cmd: 'publish', topic: 'a/b', payload: 'x', qos: 1, retain: true, dup: false, brokerId: 'b', brokerCounter: 7, messageId: 3, id: 'k', properties: { a: 1 } });
    expect(stored).toEqual({ topic: 'a/b', payload: Buffer.from('x'), qos: 1, props: { id: 'k' } });
    expect(toPacket(stored)).toEqual({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('x'), qos: 1, retain: true, id: 'k' });
    // The usual aedes packet carries nothing else: no JSON per row.
    expect(toRetained({ cmd: 'publish', topic: 't', payload: Buffer.from('y'), qos: 0, retain: true, dup: false, brokerId: 'b', brokerCounter: 1 }).props).toBeNull();
  });

  it('streams each filter of a subscription in turn, as the in-memory store does', async () => {
    const p = persistence();
    await p.setup({ id: 'broker-1' });
    await p.storeRetained({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('1'), qos: 0, retain: true });
    await p.storeRetained({ cmd: 'publish', topic: 'a/c', payload: Buffer.from('2'), qos: 1, retain: true });
    const got: string[] = [];
    for await (const packet of p.createRetainedStreamCombi(['a/+', 'a/b'])) got.push((packet as { topic: string }).topic);
    expect(got).toEqual(['a/b', 'a/c', 'a/b']);
    await p.destroy();
  });
});
