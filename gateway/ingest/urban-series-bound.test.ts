// Every urban topic names a series (metric, district): made-up names must not
// grow urban_latest for good, nor push out the series the city really has.
import { describe, it, expect } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { Ingestor } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { MAX_URBAN_SERIES } from '../store/urban.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const TS = '2026-11-23T09:00:00+09:00';
const reading = (metric: string, value: number, ts = TS) => Buffer.from(JSON.stringify({ metric, district: '11230', value, ts }));

function setup() {
  const store = new Store(':memory:', TEST_LIMITS);
  const metrics = new Metrics();
  const ingestor = new Ingestor(store, new Bus(), metrics, createLogger('silent'), { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 0 });
  const series = () => store.tableCounts().find((c) => c.table === 'urban_latest')!.rows;
  /** `count` new series named `${prefix}0…`, committed at QoS 0. */
  const fill = (prefix: string, count: number, ts = TS) => {
    for (let i = 0; i < count; i++) ingestor.accept(`scpm/v1/urban/${prefix}${i}/11230`, reading(`${prefix}${i}`, i, ts), 0);
    ingestor.flush();
  };
  return { store, metrics, ingestor, series, fill };
}

describe('urban series bound', () => {
  it('keeps at most MAX_URBAN_SERIES series: new ones past it are rejected with a reason and a counter, known ones still update', () => {
    const { store, metrics, ingestor, series, fill } = setup();
    const flood = MAX_URBAN_SERIES + 300;
    fill('m', flood);
    expect(series()).toBe(MAX_URBAN_SERIES);
    expect(metrics.rejected['table-full']).toBe(300);
    expect(metrics.ingested).toBe(MAX_URBAN_SERIES);
    expect(store.listRejected({ limit: 1 })[0]).toMatchObject({ reason: 'table-full', topic: `scpm/v1/urban/m${flood - 1}/11230` });
    expect(store.urbanSeries(`m${flood - 1}`, '11230', 0)).toEqual([]); // nothing of a refused series is stored
    // A series already held still takes new readings at the bound (QoS 1: one transaction of its own).
    ingestor.accept('scpm/v1/urban/m5/11230', reading('m5', 99, '2026-11-23T10:00:00+09:00'), 1);
    expect(store.urbanLatest({ metric: 'm5' })[0]?.value).toBe(99);
    expect(metrics.rejected['table-full']).toBe(300);
  });

  it('gives a place back when its batch rolls back, and frees a series once its latest reading is past the long retention', () => {
    const { store, metrics, ingestor, series, fill } = setup();
    fill('m', MAX_URBAN_SERIES - 1);
    const ghost = { kind: 'urban', data: { metric: 'ghost', district: '11230', value: 1, ts: TS } } as const;
    expect(() => store.transaction(() => { store.applyAll([{ message: ghost, receivedMs: 1 }]); throw new Error('boom'); })).toThrow('boom');
    ingestor.accept('scpm/v1/urban/last/11230', reading('last', 1), 1);
    expect(series()).toBe(MAX_URBAN_SERIES);
    expect(metrics.rejected['table-full']).toBe(0);
    store.maintain(Date.parse(TS) + (TEST_LIMITS.urbanDownsampledRetentionDays + 1) * 86_400_000);
    expect(series()).toBe(0);
    ingestor.accept('scpm/v1/urban/pm25/11230', reading('pm25', 1, '2026-11-24T09:00:00+09:00'), 1);
    expect(store.urbanLatest({ metric: 'pm25' })).toHaveLength(1);
    expect(metrics.rejected['table-full']).toBe(0);
  });

  it('a series it has seen is looked up once, but not trusted past a prune or a rollback that took its row', () => {
    const { store, metrics, ingestor, series, fill } = setup();
    fill('m', MAX_URBAN_SERIES);
    ingestor.accept('scpm/v1/urban/m5/11230', reading('m5', 1, '2026-11-23T10:00:00+09:00'), 1); // m5 is known now
    // Its row goes with the long retention; new series take every place.
    store.maintain(Date.parse(TS) + (TEST_LIMITS.urbanDownsampledRetentionDays + 1) * 86_400_000);
    const later = '2026-12-01T09:00:00+09:00';
    fill('n', MAX_URBAN_SERIES, later);
    ingestor.accept('scpm/v1/urban/m5/11230', reading('m5', 2, later), 1);
    expect(series()).toBe(MAX_URBAN_SERIES);
    expect(metrics.rejected['table-full']).toBe(1);
    // A series seen only inside a transaction that rolled back is not known either.
    store.maintain(Date.parse(later) + (TEST_LIMITS.urbanDownsampledRetentionDays + 1) * 86_400_000);
    const ghost = (value: number) => ({ message: { kind: 'urban', data: { metric: 'ghost', district: '11230', value, ts: later } } as const, receivedMs: 1 });
    expect(() => store.transaction(() => {
      store.transaction(() => store.applyAll([ghost(1)]));
      store.applyAll([ghost(2)]); // found in urban_latest: inside this transaction only
      throw new Error('boom');
    })).toThrow('boom');
    const latest = '2026-12-02T09:00:00+09:00';
    fill('p', MAX_URBAN_SERIES, latest);
    ingestor.accept('scpm/v1/urban/ghost/11230', reading('ghost', 3, latest), 1);
    expect(series()).toBe(MAX_URBAN_SERIES);
    expect(metrics.rejected['table-full']).toBe(2);
  });
});
