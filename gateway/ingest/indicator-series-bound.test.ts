// Every indicator value topic names a series (indicator, district, breakdown):
// made-up names must not grow indicator_values for good (it is pruned by
// period only), nor push out the series the city really has.
import { describe, it, expect } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { Ingestor } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { MAX_INDICATOR_SERIES } from '../store/indicators.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const value = (indicator: string, period: string, v: number) =>
  Buffer.from(JSON.stringify({ indicator, district: '11230', period, value: v, ts: '2026-11-01T00:00:00+09:00' }));

function setup() {
  const store = new Store(':memory:', TEST_LIMITS);
  const metrics = new Metrics();
  const ingestor = new Ingestor(store, new Bus(), metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 0 });
  const series = () => store.latestIndicatorValues({ district: '11230' }).length;
  const fill = (n: number) => {
    for (let i = 0; i < n; i++) ingestor.accept(`scpm/v1/indicators/x${i}/11230/all/all`, value(`x${i}`, '2026-10', i), 0);
    ingestor.flush();
  };
  return { store, metrics, ingestor, series, fill };
}

describe('indicator value series bound', () => {
  it('keeps at most MAX_INDICATOR_SERIES series: new ones past it are rejected with a reason and a counter, known ones still take new periods', () => {
    const { store, metrics, ingestor, series, fill } = setup();
    fill(MAX_INDICATOR_SERIES + 200);
    expect(series()).toBe(MAX_INDICATOR_SERIES);
    expect(metrics.rejected['table-full']).toBe(200);
    expect(store.listRejected({ limit: 1 })[0]).toMatchObject({ reason: 'table-full', topic: `scpm/v1/indicators/x${MAX_INDICATOR_SERIES + 199}/11230/all/all` });
    ingestor.accept('scpm/v1/indicators/x3/11230/all/all', value('x3', '2026-11', 42), 1);
    expect(store.indicatorValues({ indicator: 'x3', district: '11230', limit: 1 })[0]).toMatchObject({ period: '2026-11', value: 42 });
    expect(metrics.rejected['table-full']).toBe(200);
  });

  it('gives a place back when its batch rolls back, and counts again once a prune has freed series', () => {
    const { store, metrics, ingestor, series, fill } = setup();
    fill(MAX_INDICATOR_SERIES - 1);
    const ghost = { kind: 'indicator-value', data: { indicator: 'ghost', district: '11230', period: '2026-10', value: 1, breakdown: { gender: 'all', ageBand: 'all' }, ts: '2026-11-01T00:00:00+09:00' } } as const;
    expect(() => store.transaction(() => { store.applyAll([{ message: ghost, receivedMs: 1 }]); throw new Error('boom'); })).toThrow('boom');
    ingestor.accept('scpm/v1/indicators/last/11230/all/all', value('last', '2026-10', 1), 1);
    expect(series()).toBe(MAX_INDICATOR_SERIES);
    expect(metrics.rejected['table-full']).toBe(0);
    // Past the retention every period goes: the places are free again.
    store.maintain(Date.parse('2026-11-01T00:00:00Z') + (TEST_LIMITS.indicatorRetentionMonths + 2) * 31 * 86_400_000);
    expect(series()).toBe(0);
    ingestor.accept('scpm/v1/indicators/new/11230/all/all', value('new', '2026-10', 1), 1);
    expect(series()).toBe(1);
    expect(metrics.rejected['table-full']).toBe(0);
  });
});
