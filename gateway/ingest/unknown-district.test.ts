// The ingest path with the office's map: a message naming a district off the
// map costs one counted rejection with its reason, changes nothing in the
// store, and the next valid message is taken.
import { describe, expect, it } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { Ingestor } from './ingestor.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { MAP_DISTRICTS } from '../contract/map-districts.js';

const TS = '2026-11-23T09:41:00+09:00';
const b = (v: unknown) => Buffer.from(JSON.stringify(v));

/** One message of each kind that names a district, all naming `code`. */
function messages(code: string): [string, Buffer][] {
  return [
    [`scpm/v1/urban/pm25/${code}`, b({ metric: 'pm25', district: code, value: 18, ts: TS })],
    [`scpm/v1/indicators/employment-rate/${code}/all/all`, b({ indicator: 'employment-rate', district: code, period: '2026-10', value: 61.2, history: [{ period: '2026-09', value: 60 }], ts: TS })],
    [`scpm/v1/incidents/inc-${code}`, b({ id: `inc-${code}`, kind: 'fire', title: 'Fire', district: code, status: 'received', receivedAt: TS, ts: TS })],
    [`scpm/v1/complaints/cmp-${code}`, b({ id: `cmp-${code}`, kind: 'complaint', category: 'noise', district: code, summary: 'Loud', status: 'reported', reportedAt: TS, ts: TS })],
  ];
}

function setup() {
  const store = new Store(':memory:', TEST_LIMITS);
  const metrics = new Metrics();
  const lines: string[] = [];
  const log = createLogger('info', { write: (l: string) => lines.push(l) });
  const ingestor = new Ingestor(store, new Bus(), metrics, log, { topicRoot: 'scpm/v1', officeId: 'demo', maxPayloadBytes: 65_536, districts: MAP_DISTRICTS, groupCommitMs: 0 });
  /** Everything the store holds of the city's data. */
  const contents = () => ({
    urban: store.urbanLatest({ limit: 500 }),
    indicators: store.indicatorValues({ limit: 500 }),
    incidents: store.listEntities('incident', { limit: 500 }),
    complaints: store.listEntities('complaint', { limit: 500 }),
  });
  return { store, metrics, ingestor, lines, contents };
}

describe('ingest of a district off the office map', () => {
  it('costs one rejection each (reason unknown-district, counted), leaves the store unchanged, and takes the next valid message', () => {
    const { store, metrics, ingestor, lines, contents } = setup();
    for (const [topic, payload] of messages('11230')) ingestor.accept(topic, payload, 1);
    const before = contents();
    expect(before.urban).toHaveLength(1);

    const unknown = ['99999', '11650', '00000'];
    let n = 0;
    for (const code of unknown) {
      for (const [topic, payload] of messages(code)) {
        ingestor.accept(topic, payload, n++ % 2); // QoS 0 and 1 alike
      }
    }
    ingestor.flush();

    expect(metrics.rejected['unknown-district']).toBe(unknown.length * 4);
    expect(Object.entries(metrics.rejected).filter(([r, v]) => r !== 'unknown-district' && v > 0)).toEqual([]);
    expect(metrics.ingested).toBe(4);
    expect(contents()).toEqual(before);
    const rows = store.listRejected({ limit: 100 });
    expect(rows).toHaveLength(unknown.length * 4);
    for (const code of unknown) {
      const mine = rows.filter((r) => r.detail.includes(`"${code}"`));
      expect(mine, code).toHaveLength(4);
      for (const r of mine) {
        expect(r.reason).toBe('unknown-district');
        expect(r.detail).toContain('display/data/seoul-districts.geojson');
      }
    }
    expect(metrics.render()).toContain('scpm_rejected_messages_total{reason="unknown-district"} 12');
    // Logged rate-limited like every rejection: five in full, not twelve.
    expect(lines.filter((l) => l.includes('"message rejected"') && l.includes('unknown-district'))).toHaveLength(5);

    ingestor.accept('scpm/v1/urban/pm25/city', b({ metric: 'pm25', district: 'city', value: 20, ts: TS }), 1);
    ingestor.accept('scpm/v1/urban/pm25/11240', b({ metric: 'pm25', district: '11240', value: 21, ts: TS }), 1);
    expect(metrics.ingested).toBe(6);
    expect(store.urbanLatest({ limit: 500 }).map((r) => r.district).sort()).toEqual(['11230', '11240', 'city']);
  });
});
