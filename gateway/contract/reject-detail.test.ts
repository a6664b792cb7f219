// A rejection's detail goes into a log line, the rejected table and the setup
// page. The topic is the sender's text: a level of 20,000 characters with a
// newline and markup must come out short and on one line.
import { describe, expect, it } from 'vitest';
import { classify } from './messages.js';
import { MAP_DISTRICTS } from './map-districts.js';

const opts = { root: 'scpm/v1', officeId: 'demo', maxBytes: 65_536, districts: MAP_DISTRICTS };
const b = (v: unknown) => Buffer.from(JSON.stringify(v));
const HOSTILE = `${'x'.repeat(20_000)}\n{"level":30,"msg":"forged"}<script>alert(1)<\u202e`;
const TS = '2026-11-23T09:41:00+09:00';

const CASES: [string, string, unknown][] = [
  ['urban metric', `scpm/v1/urban/${HOSTILE}/11230`, { metric: 'pm25', district: '11230', value: 1, unit: 'ug/m3', ts: TS }],
  ['order id', `scpm/v1/offices/demo/order-status/${HOSTILE}`, { orderId: 'o1', status: 'received', ts: TS }],
  ['hostile tail only', `scpm/v1/urban/pm\n<b>/11230`, { metric: 'pm25', district: '11230', value: 1, unit: 'ug/m3', ts: TS }],
];

describe('a topic-mismatch detail', () => {
  it.each(CASES)('for a hostile %s level is short, on one line, with no control character', (_name, topic, payload) => {
    const r = classify(topic, b(payload), opts);
    expect(r).toMatchObject({ ok: false, reason: 'topic-mismatch' });
    const detail = (r as { detail: string }).detail;
    expect(detail.length).toBeLessThanOrEqual(200);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    expect(detail).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    expect(detail).toMatch(/ but the topic says "/);
  });
});
