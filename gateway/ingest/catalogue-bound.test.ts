// The indicator catalogue is read whole on every indicator render: its ids and
// its rows' sizes come from the city's topics and payloads, so both are bounded.
import { describe, it, expect } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { Ingestor } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { MAX_INDICATOR_DEFS } from '../store/indicators.js';
import { INDICATOR_DEF_MAX_BYTES } from '../contract/payloads.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const def = (id: string, name = id, extra: object = {}) =>
  Buffer.from(JSON.stringify({ id, name: { en: name, ko: name }, unit: '%', category: 'jobs', direction: 'up', ...extra }));

function setup() {
  const store = new Store(':memory:', TEST_LIMITS);
  const metrics = new Metrics();
  const ingestor = new Ingestor(store, new Bus(), metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 0 });
  return { store, metrics, ingestor };
}

describe('indicator catalogue bound', () => {
  it('keeps at most MAX_INDICATOR_DEFS ids: a flood of new ids is rejected with a reason and a counter, known ids still update', () => {
    const { store, metrics, ingestor } = setup();
    const flood = MAX_INDICATOR_DEFS + 500;
    for (let i = 0; i < flood; i++) ingestor.accept(`scpm/v1/catalog/indicators/x${i}`, def(`x${i}`), i % 2);
    ingestor.flush();
    expect(store.indicatorDefs()).toHaveLength(MAX_INDICATOR_DEFS);
    expect(metrics.rejected['table-full']).toBe(500);
    expect(metrics.ingested).toBe(MAX_INDICATOR_DEFS);
    expect(store.listRejected({ limit: 1 })[0]).toMatchObject({ reason: 'table-full', topic: `scpm/v1/catalog/indicators/x${flood - 1}` });
    expect(metrics.render()).toContain('scpm_rejected_messages_total{reason="table-full"} 500');
    // A definition already held is not a new row: it still updates at the bound.
    ingestor.accept('scpm/v1/catalog/indicators/x7', def('x7', 'Renamed'), 1);
    expect(store.indicatorDefs().find((d) => d.id === 'x7')?.data.name).toEqual({ en: 'Renamed', ko: 'Renamed' });
    expect(metrics.rejected['table-full']).toBe(500);
  });

  it('refuses a definition over INDICATOR_DEF_MAX_BYTES as too-large, and takes one at its known fields\' worst size', () => {
    const { store, metrics, ingestor } = setup();
    ingestor.accept('scpm/v1/catalog/indicators/big', def('big', 'Big', { notes: 'y'.repeat(INDICATOR_DEF_MAX_BYTES) }), 1);
    expect(metrics.rejected['too-large']).toBe(1);
    // Every known field at its schema bound, every character escaped: still under the bound.
    const worst = JSON.stringify({ id: 'i'.repeat(128), name: { en: '\u0001'.repeat(500), ko: '\u0001'.repeat(500) }, unit: '\u0001'.repeat(32), category: 'c'.repeat(128), direction: 'down', target: -1.234567890123456e-300, period: 'quarter', ts: '2026-11-23T09:00:00.000000000+09:00' });
    expect(worst.length).toBeLessThan(INDICATOR_DEF_MAX_BYTES);
    ingestor.accept(`scpm/v1/catalog/indicators/${'i'.repeat(128)}`, Buffer.from(worst), 1);
    expect(store.indicatorDefs().map((d) => d.id)).toEqual(['i'.repeat(128)]);
  });
});
