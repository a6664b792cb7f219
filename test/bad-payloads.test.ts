// A corpus of bad city messages: each is counted under its exact reason in
// /metrics and listed in /api/v1/rejected with a redacted excerpt; an empty
// payload (a retained clear) is ignored; the gateway stays healthy and keeps
// ingesting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, handledTotal, httpJson, items, publish1, scrapeMetrics, waitFor, waitHandled, type Gateway, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const REASONS = ['not-json', 'schema', 'too-large', 'unknown-topic', 'topic-mismatch'] as const;
type Reason = (typeof REASONS)[number];
/** Citizen text planted in bad payloads: it must never come back out of the rejected table. */
const SECRET = 'Hong-Gildong-SECRET-7731';

function deep(depth: number): unknown {
  let v: unknown = { leaf: SECRET };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const incidentWith = (id: string, extra: Record<string, unknown>) => JSON.stringify({ ...fx.incident(), id, ...extra });

interface Case { name: string; topic: string; payload: Buffer | string; reason: Reason | 'ignored' }

const corpus: Case[] = [
  { name: 'not JSON at all', topic: fx.topics.urban('bad-notjson', '11230'), payload: `{"metric":"bad-notjson","note":"${SECRET}", this is not json}`, reason: 'not-json' },
  { name: 'truncated JSON', topic: fx.topics.entity('incidents', 'inc-bad-truncated'), payload: `{"id":"inc-bad-truncated","kind":"fire","title":"Building fire","note":"${SECRET} called from the 3rd`, reason: 'not-json' },
  { name: 'invalid UTF-8 bytes', topic: fx.topics.urban('bad-bytes', '11230'), payload: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3, 0x28]), reason: 'not-json' },
  { name: 'a JSON array', topic: fx.topics.entity('incidents', 'inc-bad-array'), payload: JSON.stringify([{ ...fx.incident(), id: 'inc-bad-array', title: SECRET }]), reason: 'schema' },
  { name: 'a bare JSON number', topic: fx.topics.entity('pledges', 'pledge-bad-number'), payload: '42', reason: 'schema' },
  { name: 'wrong types in required fields', topic: fx.topics.entity('incidents', 'inc-bad-types'), payload: incidentWith('inc-bad-types', { status: 3, district: 11230, severity: 'high', title: SECRET }), reason: 'schema' },
  { name: 'missing keys', topic: fx.topics.urban('bad-missing', '11230'), payload: JSON.stringify({ metric: 'bad-missing', district: '11230', note: SECRET }), reason: 'schema' },
  { name: 'an enum value outside the contract', topic: fx.topics.entity('complaints', 'cmp-bad-status'), payload: JSON.stringify(fx.complaint('cmp-bad-status', { status: 'lost', summary: SECRET })), reason: 'schema' },
  { name: 'oversize (> 64 KiB)', topic: fx.topics.entity('complaints', 'cmp-bad-big'), payload: JSON.stringify(fx.complaint('cmp-bad-big', { summary: `${SECRET} `.repeat(3000) })), reason: 'too-large' },
  { name: 'nesting depth 100', topic: fx.topics.entity('incidents', 'inc-bad-deep'), payload: incidentWith('inc-bad-deep', { extra: deep(100) }), reason: 'schema' },
  { name: 'unknown topic', topic: 'scpm/v1/weather/11230', payload: JSON.stringify({ note: SECRET }), reason: 'unknown-topic' },
  { name: 'topic with a missing level', topic: 'scpm/v1/urban/pm25', payload: JSON.stringify(fx.urban()), reason: 'unknown-topic' },
  { name: 'catalog topic of the wrong shape', topic: 'scpm/v1/catalog/things/x', payload: JSON.stringify(fx.indicatorDef()), reason: 'unknown-topic' },
  { name: 'urban metric differs from the topic', topic: fx.topics.urban('pm25', '11220'), payload: JSON.stringify({ ...fx.urban(), district: '11220', metric: 'pm10' }), reason: 'topic-mismatch' },
  { name: 'entity id differs from the topic', topic: fx.topics.entity('incidents', 'inc-bad-other'), payload: incidentWith('inc-bad-mismatch', {}), reason: 'topic-mismatch' },
  { name: 'indicator breakdown differs from the topic', topic: fx.topics.indicator('employment-rate', '11230', 'male', '30-39'), payload: JSON.stringify(fx.indicatorValue()), reason: 'topic-mismatch' },
  { name: 'empty payload (a retained clear)', topic: fx.topics.urban('bad-empty', '11230'), payload: '', reason: 'ignored' },
];

const rig = new Rig('bad-payloads');
let gw: Gateway;
let city: MqttClient;
let before: Map<string, number>;
let after: Map<string, number>;
const valid = { metric: 'pm25', district: '11250', value: 33, unit: 'ug/m3', ts: fx.at(-1000) };

beforeAll(async () => {
  const broker = await rig.mosquitto();
  city = await rig.client(broker.url);
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'bad-office' } });
  await gw.waitConnected();
  before = await scrapeMetrics(gw.baseUrl);
  const handled0 = await handledTotal(gw);
  for (const c of corpus) await publish1(city, c.topic, c.payload, { retain: c.reason === 'ignored' });
  // A valid message after the corpus: once it is in, everything before it was handled (one connection, in order).
  await publish1(city, fx.topics.urban('pm25', '11250'), JSON.stringify(valid));
  await waitHandled(gw, handled0 + corpus.filter((c) => c.reason !== 'ignored').length + 1);
  await waitFor(async () => (await items(gw, '/api/v1/urban?metric=pm25&district=11250')).length === 1, { what: 'the valid message after the corpus' });
  after = await scrapeMetrics(gw.baseUrl);
}, 60_000);
afterAll(() => rig.cleanup());

const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

describe('bad payloads', () => {
  it('counts each rejection under its exact reason', () => {
    const expected = Object.fromEntries(REASONS.map((r) => [r, corpus.filter((c) => c.reason === r).length]));
    const got = Object.fromEntries(REASONS.map((r) => [r, delta(`scpm_rejected_messages_total{reason="${r}"}`)]));
    expect(got).toEqual(expected);
  });

  it('ingests nothing from the corpus (only the valid message after it)', () => {
    expect(delta('scpm_ingested_messages_total')).toBe(1);
  });

  it('ignores the empty payload without counting it as rejected', () => {
    expect(delta('scpm_ignored_empty_messages_total')).toBe(1);
  });

  it.each(corpus.filter((c) => c.reason !== 'ignored').map((c) => [c.name, c] as const))('%s: listed in /api/v1/rejected with a redacted excerpt', async (_name, c) => {
    const rows = await items<{ reason: string; topic: string; detail: string; excerpt: string; bytes: number }>(gw, '/api/v1/rejected?limit=500');
    const row = rows.find((r) => r.topic === c.topic);
    expect(row, `a rejected row for ${c.topic}`).toBeDefined();
    expect(row!.reason).toBe(c.reason);
    expect(typeof row!.detail).toBe('string');
    expect(typeof row!.excerpt).toBe('string');
    expect(row!.excerpt.length).toBeGreaterThan(0);
    expect(row!.excerpt.length).toBeLessThanOrEqual(300);
    expect(row!.excerpt, 'excerpt keeps no citizen text').not.toContain(SECRET.slice(0, 12));
    expect(row!.detail, 'detail keeps no citizen text').not.toContain(SECRET.slice(0, 12));
    if (row!.bytes !== undefined) expect(row!.bytes).toBe(Buffer.byteLength(c.payload));
  });

  it('does not list the empty payload as rejected', async () => {
    const rows = await items<{ topic: string }>(gw, '/api/v1/rejected?limit=500');
    expect(rows.find((r) => r.topic === fx.topics.urban('bad-empty', '11230'))).toBeUndefined();
  });

  it('stays healthy (200) and keeps running', async () => {
    const h = await httpJson<{ status: string; upstream: { connected: boolean } }>(`${gw.baseUrl}/healthz`);
    expect(h.status).toBe(200);
    expect(h.body.upstream.connected).toBe(true);
    expect(gw.running()).toBe(true);
  });

  it('keeps ingesting after the corpus', async () => {
    expect(await items(gw, '/api/v1/urban?metric=pm25&district=11250')).toMatchObject([{ value: 33, ts: valid.ts }]);
    const next = { ...valid, value: 34, ts: fx.at(0) };
    await publish1(city, fx.topics.urban('pm25', '11250'), JSON.stringify(next));
    await waitFor(async () => (await items(gw, '/api/v1/urban?metric=pm25&district=11250'))[0]?.value === 34, { what: 'a second valid message' });
  });

  it('logs each rejection without the payload', () => {
    const logs = gw.logs().join('\n');
    expect(logs).not.toContain(SECRET.slice(0, 12));
  });
});
