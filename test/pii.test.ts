// Reporter fields of a complaint (reporter, phone, email, name) are dropped at
// ingest: the complaint is kept, the fields are gone from the API, counted in
// scpm_pii_fields_stripped_total, and the strings are nowhere in the SQLite
// files nor in the gateway's logs, whatever shape the message came in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, getJson, handledTotal, items, metric, publish1, sqlite, waitHandled, type Gateway, type Mosquitto, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';

type Pii = { reporter: string; phone: string; email: string; name: string };
const pii = (n: number, name: string): Pii => ({
  reporter: `Reporter-Minsu-Kim-q7x${n}`,
  phone: `010-9876-54${String(n).padStart(2, '0')}`,
  email: `minsu.kim.q7x${n}@example.kr`,
  name,
});
const VALID = pii(0, '김민수');
const SUMMARY = 'Truck blocking the school gate every morning (pii test)';

const rig = new Rig('pii');
let broker: Mosquitto;
let city: MqttClient;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every file of the data dir (scpm.db, -wal, -shm, anything else), concatenated. */
const dataBytes = (g: Gateway) => Buffer.concat(filesUnder(g.dataDir).map((f) => readFileSync(f)));
const logText = (g: Gateway) => [...g.logs(), ...g.stderr()].join('\n');
const leaked = (haystack: Buffer | string, p: Pii) => Object.values(p).filter((s) => haystack.includes(s));

beforeAll(async () => {
  broker = await rig.mosquitto();
  city = await rig.client(broker.url);
}, 30_000);
afterAll(() => rig.cleanup());

describe('valid complaints with reporter data', () => {
  let gw: Gateway;
  let strippedDelta = 0;
  const kept = ['cmp-pii-1', 'cmp-pii-2', 'cmp-pii-3', 'cmp-pii-4'];

  beforeAll(async () => {
    gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'pii-office', SCPM_LOG_LEVEL: 'debug' } });
    await gw.waitConnected();
    const stripped0 = await metric(gw, 'scpm_pii_fields_stripped_total');
    const n = await handledTotal(gw);
    // Three with every reporter field, one with two of them.
    for (const id of kept.slice(0, 3)) {
      await publish1(city, fx.topics.entity('complaints', id), JSON.stringify(fx.complaint(id, { summary: SUMMARY, ...VALID })), { retain: true });
    }
    await publish1(city, fx.topics.entity('complaints', kept[3]!), JSON.stringify(fx.complaint(kept[3]!, { summary: SUMMARY, phone: VALID.phone, email: VALID.email })), { retain: true });
    await waitHandled(gw, n + 4);
    strippedDelta = (await metric(gw, 'scpm_pii_fields_stripped_total')) - stripped0;
  }, 30_000);

  it('keeps the complaints', async () => {
    const rows = await items(gw, '/api/v1/complaints?limit=500');
    expect(rows.map((r) => r.id).sort()).toEqual([...kept].sort());
    for (const r of rows) expect(r).toMatchObject({ kind: 'complaint', summary: SUMMARY, district: '11040' });
  });

  it('drops reporter, phone, email and name from the API', async () => {
    const rows = await items(gw, '/api/v1/complaints?limit=500');
    for (const r of rows) {
      for (const field of Object.keys(VALID)) expect(r, `${String(r.id)}.${field}`).not.toHaveProperty(field);
    }
    const one = await getJson<Record<string, unknown>>(gw, '/api/v1/complaints/cmp-pii-1');
    for (const field of Object.keys(VALID)) expect(one).not.toHaveProperty(field);
    expect(leaked(JSON.stringify(rows), VALID)).toEqual([]);
  });

  it('counts the stripped fields', () => {
    expect(strippedDelta).toBe(3 * 4 + 2);
  });

  it('leaves no PII in the SQLite files (scpm.db, -wal, -shm) after a stop', async () => {
    const exit = await gw.stop();
    expect(exit.code).toBe(0);
    expect(filesUnder(gw.dataDir).some((f) => f.endsWith('scpm.db'))).toBe(true);
    const bytes = dataBytes(gw);
    // Control: the complaint itself is in the file, so the search does look at real content.
    expect(bytes.includes(SUMMARY)).toBe(true);
    expect(leaked(bytes, VALID)).toEqual([]);
  });

  it('leaves no PII in the gateway logs (stdout and stderr, debug level)', () => {
    const logs = logText(gw);
    expect(logs.length).toBeGreaterThan(0);
    expect(leaked(logs, VALID)).toEqual([]);
  });
});

describe('rejected complaints carrying reporter data', () => {
  let gw: Gateway;
  // Each shape carries its own PII values, so a leak names its shape.
  const shapes: { shape: string; id: string; p: Pii; payload: (id: string, p: Pii) => string }[] = [
    { shape: 'schema error', id: 'cmp-pii-bad-schema', p: pii(1, '이영희'), payload: (id, p) => JSON.stringify(fx.complaint(id, { status: 'lost', ...p })) },
    { shape: 'oversize', id: 'cmp-pii-bad-big', p: pii(2, '박철수'), payload: (id, p) => JSON.stringify(fx.complaint(id, { ...p, summary: 'x'.repeat(70_000) })) },
    { shape: 'topic mismatch', id: 'cmp-pii-bad-mismatch', p: pii(3, '최지우'), payload: (_id, p) => JSON.stringify(fx.complaint('cmp-pii-other', p)) },
    {
      shape: 'truncated JSON', id: 'cmp-pii-bad-truncated', p: pii(4, '정하늘'),
      payload: (id, p) => `{"id":"${id}","kind":"complaint","reporter":"${p.reporter}","email":"${p.email}","name":"${p.name}","phone":"${p.phone}`,
    },
    { shape: 'plain text, not JSON', id: 'cmp-pii-bad-text', p: pii(5, '강민호'), payload: (_id, p) => `${p.name} ${p.phone} ${p.email} says a truck blocks the school gate` },
  ];

  beforeAll(async () => {
    gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'pii-office-2', SCPM_LOG_LEVEL: 'debug' } });
    await gw.waitConnected();
    const n = await handledTotal(gw);
    for (const s of shapes) await publish1(city, fx.topics.entity('complaints', s.id), s.payload(s.id, s.p));
    await waitHandled(gw, n + shapes.length);
    await gw.stop();
  }, 30_000);

  it('rejects every shape', async () => {
    // Read the rejected table with sqlite3: the gateway is stopped by now.
    const rows = await sqlite(gw.dbPath, "SELECT topic || '|' || reason FROM rejected_messages WHERE topic LIKE '%/cmp-pii-bad-%' ORDER BY id");
    expect(rows.split('\n')).toHaveLength(shapes.length);
  });

  it.each(shapes.map((s) => [s.shape, s] as const))('%s: no PII in the SQLite files', (_shape, s) => {
    expect(leaked(dataBytes(gw), s.p)).toEqual([]);
  });

  it.each(shapes.map((s) => [s.shape, s] as const))('%s: no PII in the logs', (_shape, s) => {
    expect(leaked(logText(gw), s.p)).toEqual([]);
  });
});
