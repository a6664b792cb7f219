// The city's answers come one topic per order id: an answer about an order
// this office does not hold was kept for 30 days, one row per made-up id.
import { describe, it, expect } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { Ingestor } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const TS = '2026-11-23T09:50:00+09:00';
const answer = (orderId: string) => Buffer.from(JSON.stringify({ orderId, status: 'in-progress', note: 'n'.repeat(2000), ts: TS }));

describe('order-status answers', () => {
  it('refuses an answer about an order this office does not hold (unknown-order, counted, nothing kept) and takes one about its own', () => {
    const store = new Store(':memory:', TEST_LIMITS);
    const metrics = new Metrics();
    const ingestor = new Ingestor(store, new Bus(), metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 0 });
    for (let i = 0; i < 5000; i++) ingestor.accept(`scpm/v1/offices/demo/order-status/made-up-${i}`, answer(`made-up-${i}`), 0);
    ingestor.flush();
    expect(metrics.rejected['unknown-order']).toBe(5000);
    expect(store.tableCounts().find((t) => t.table === 'order_status')?.rows).toBe(0);
    expect(store.listRejected({ limit: 1 })[0]).toMatchObject({ reason: 'unknown-order', topic: 'scpm/v1/offices/demo/order-status/made-up-4999' });

    const o = store.enqueueOrder({ text: 'Report by 15:00', ref: null, screen: 'wall', via: 'touch', principal: 'device:tablet-1', idempotencyKey: null, test: false, nowMs: 1000, createdAt: TS });
    ingestor.accept(`scpm/v1/offices/demo/order-status/${o.id}`, answer(o.id), 1);
    expect(store.getOrder(o.id)).toMatchObject({ state: 'received', city: { status: 'in-progress' } });
    expect(metrics.rejected['unknown-order']).toBe(5000);
  });
});
