// Property-based fuzzing of the ingest path (classifier → store) over the
// contract's topics and payloads: it never throws, and every message is
// either stored, ignored (an empty retained clear) or rejected with a reason.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { Ingestor } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { REJECT_REASONS } from '../contract/messages.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const NOW = Date.parse('2026-11-29T10:00:00+09:00');
const ts = '2026-11-29T09:41:00+09:00';
const VALID: Record<string, Record<string, unknown>> = {
  'scpm/v1/urban/pm25/11230': { metric: 'pm25', district: '11230', value: 18, unit: 'ug/m3', ts },
  'scpm/v1/incidents/inc-1': { id: 'inc-1', kind: 'fire', title: 'Fire', severity: 3, district: '11230', location: { lat: 37.5, lon: 127 }, status: 'dispatched', receivedAt: ts, dispatchedAt: ts, onSceneAt: null, closedAt: null, units: ['u'], cameras: ['c'], ts },
  'scpm/v1/complaints/cmp-1': { id: 'cmp-1', kind: 'complaint', category: 'noise', district: '11040', summary: 'Loud', status: 'received', reportedAt: ts, receivedAt: ts, handledAt: null, ts },
  'scpm/v1/polls/poll-1': { id: 'poll-1', title: 'P', kind: 'policy', visibility: 'public', status: 'open', opensAt: ts, closesAt: ts, totalVoters: 3, options: [{ id: 'a', label: 'A', votes: 1 }], ts },
  'scpm/v1/pledges/pl-1': { id: 'pl-1', title: 'Homes', progress: 63, status: 'on-track', budget: { allocated: 10, executed: 5, currency: 'KRW' }, ts },
  'scpm/v1/trends/tr-1': { id: 'tr-1', keyword: { en: 'dust', ko: '먼지' }, mentions: 3, sentiment: 0.1, window: '1h', ts },
  'scpm/v1/catalog/indicators/emp': { id: 'emp', name: { en: 'E', ko: '고' }, unit: '%', category: 'jobs', direction: 'up', target: 66, period: 'month' },
  'scpm/v1/indicators/emp/11230/female/20-29': { indicator: 'emp', district: '11230', period: '2026-10', value: 61.2, breakdown: { gender: 'female', ageBand: '20-29' }, history: [{ period: '2026-09', value: 60 }], ts },
  'scpm/v1/offices/demo/order-status/ord-1': { orderId: 'ord-1', status: 'received', ts },
};

const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('2026-13-01T00:00:00+09:00', '2026-11-29T25:00:00+09:00', '2099-01-01T00:00:00+09:00', '', '__proto__', 'NaN'),
  fc.double(),
  fc.bigInt().map(String),
);

/** A valid payload with some fields replaced, removed or added. */
const mutated = fc.tuple(fc.constantFrom(...Object.keys(VALID)), fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.option(jsonValue)), { maxLength: 4 }), fc.boolean())
  .map(([topic, edits, useKnownKeys]) => {
    const payload: Record<string, unknown> = structuredClone(VALID[topic]!);
    const keys = Object.keys(payload);
    for (const [i, [key, value]] of edits.entries()) {
      const k = useKnownKeys ? keys[(key.length + i) % keys.length]! : key;
      if (value === null) delete payload[k];
      else payload[k] = value;
    }
    return { topic, payload: Buffer.from(JSON.stringify(payload)) };
  });

const topicSegment = fc.oneof(fc.constantFrom('urban', 'incidents', 'complaints', 'polls', 'pledges', 'trends', 'catalog', 'indicators', 'offices', 'demo', 'order-status', '', '+', '#'), fc.string({ maxLength: 8 }));
const randomTopic = fc.array(topicSegment, { minLength: 1, maxLength: 6 }).map((parts) => `scpm/v1/${parts.join('/')}`);
const rawBytes = fc.tuple(fc.oneof(randomTopic, fc.constantFrom(...Object.keys(VALID))), fc.uint8Array({ maxLength: 300 })).map(([topic, bytes]) => ({ topic, payload: Buffer.from(bytes) }));
const anyJson = fc.tuple(fc.oneof(randomTopic, fc.constantFrom(...Object.keys(VALID))), fc.jsonValue({ maxDepth: 25 })).map(([topic, v]) => ({ topic, payload: Buffer.from(JSON.stringify(v) ?? 'null') }));
const message = fc.oneof({ weight: 5, arbitrary: mutated }, { weight: 2, arbitrary: anyJson }, { weight: 1, arbitrary: rawBytes });

describe('ingest fuzz', () => {
  it('never throws; every message is stored, ignored or rejected with a reason', () => {
    fc.assert(fc.property(fc.array(fc.tuple(message, fc.constantFrom(0, 1)), { minLength: 1, maxLength: 40 }), (msgs) => {
      const store = new Store(':memory:', TEST_LIMITS);
      const metrics = new Metrics();
      const ingestor = new Ingestor(store, new Bus(), metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 10, maxFutureSkewMs: 600_000, now: () => NOW });
      try {
        for (const [m, qos] of msgs) ingestor.accept(m.topic, m.payload, qos);
        ingestor.flush();
        const rejected = REJECT_REASONS.reduce((n, r) => n + metrics.rejected[r], 0);
        expect(metrics.ingested + rejected + metrics.ignoredEmpty).toBe(msgs.length);
        expect(store.listRejected({ limit: 500 })).toHaveLength(rejected);
        for (const row of store.listRejected({ limit: 500 })) expect(REJECT_REASONS).toContain(row.reason);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      } finally {
        ingestor.close();
        store.close();
      }
    }), { numRuns: 300, seed: 20261129 });
  });
});
